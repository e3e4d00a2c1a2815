// The engine's output layer: logits = feat W_out (+ b_out), mean softmax cross-entropy, and its three gradients.
#include <string.h>
#include "engine.h"
#include "rnnlab_fast_math.h"

double engine_output_layer(Engine* e, const int32_t* targets, int w_out, int b_out) {
  const int64_t n = e->n, F = e->features, V = e->vocab;
  float* p = e->probs;  // [n, V]: logits, then (softmax - onehot) / n
  const float* w = param_at(e, e->w, w_out);
  if (b_out >= 0) {
    const float* b = param_at(e, e->w, b_out);
    for (int64_t r = 0; r < n; r++) memcpy(p + r * V, b, (size_t)V * sizeof(float));
  }
  engine_gemm(0, 0, n, V, F, 1.0f, e->feat, F, w, V, b_out >= 0 ? 1.0f : 0.0f, p, V);  // [n, F] x [F, V]
  const double loss = rnnlab_softmax_rows(p, n, V, targets, 1);                       // exp once per logit
  engine_gemm(1, 0, F, V, n, 1.0f, e->feat, F, p, V, 0.0f, param_at(e, e->g, w_out), V);  // dW_out = featᵀ G
  engine_gemm(0, 1, n, F, V, 1.0f, p, V, w, V, 0.0f, e->dfeat, F);                      // dfeat = G W_outᵀ
  if (b_out >= 0) rnnlab_column_sums(param_at(e, e->g, b_out), p, n, V);
  return loss;
}
