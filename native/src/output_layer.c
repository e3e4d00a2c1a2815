// The engine's output layer: logits = feat W_out (+ b_out), mean softmax cross-entropy, and its three gradients,
// computed a block of rows at a time in one reused buffer, so the logits stay in cache from their product to their
// last use.
#include <string.h>
#include "engine.h"
#include "rnnlab_fast_math.h"

// Rows per block: 256 × 544 logits are 557 KB, about one core's L2, and one buffer of that size serves every block.
#define BLOCK_ROWS 256

int64_t engine_output_block_rows(const Engine* e) { return e->n < BLOCK_ROWS ? e->n : BLOCK_ROWS; }

double engine_output_layer(Engine* e, const int32_t* targets, int w_out, int b_out) {
  const int64_t n = e->n, F = e->features, V = e->vocab;
  const float* w = param_at(e, e->w, w_out);
  const float* b = b_out >= 0 ? param_at(e, e->w, b_out) : NULL;
  float* dw = param_at(e, e->g, w_out);
  float* db = b_out >= 0 ? param_at(e, e->g, b_out) : NULL;
  const float inv_n = 1.0f / (float)n;
  const int64_t block = engine_output_block_rows(e);
  double loss = 0.0;
  for (int64_t r0 = 0; r0 < n; r0 += block) {
    const int64_t rows = n - r0 < block ? n - r0 : block;
    float* p = e->probs;  // [rows, V]: this block's logits, then (softmax - onehot) / n; reused by every block
    const float* feat = e->feat + r0 * F;
    if (b != NULL)
      for (int64_t r = 0; r < rows; r++) memcpy(p + r * V, b, (size_t)V * sizeof(float));
    engine_gemm(0, 0, rows, V, F, 1.0f, feat, F, w, V, b != NULL ? 1.0f : 0.0f, p, V);  // [rows, F] x [F, V]
    loss += rnnlab_softmax_rows_scaled(p, rows, V, targets + r0, 1, inv_n);              // exp once per logit
    engine_gemm(0, 1, rows, F, V, 1.0f, p, V, w, V, 0.0f, e->dfeat + r0 * F, F);         // dfeat = G W_outᵀ
    engine_gemm(1, 0, F, V, rows, 1.0f, feat, F, p, V, r0 == 0 ? 0.0f : 1.0f, dw, V);    // dW_out += featᵀ G
    if (db != NULL) engine_column_sums_add(db, p, rows, V, r0 > 0);                    // dB += Σ_rows G
  }
  return loss;
}
