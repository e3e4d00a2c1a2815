// The engine's optimiser step: gradient norms, clipping by global norm (TensorFlow's clip_by_global_norm) and Adam
// in TensorFlow 1's form, as src/train/clip-by-global-norm.ts and src/train/adam-optimizer.ts compute them.
// Built without -ffast-math (the arithmetic follows the tfjs ops' float32 order) but with -fno-math-errno, so the
// Adam loop vectorises; vector square roots and divisions are IEEE-exact like the scalar ones.
#include <math.h>
#include "engine.h"

// Σ x² in float64 over eight interleaved partial sums (a fixed order, so the result is deterministic).
static double sum_of_squares(const float* x, int64_t n) {
  double part[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int64_t k = 0;
  for (; k + 8 <= n; k += 8)
    for (int j = 0; j < 8; j++) part[j] += (double)x[k + j] * (double)x[k + j];
  for (; k < n; k++) part[0] += (double)x[k] * (double)x[k];
  return ((part[0] + part[1]) + (part[2] + part[3])) + ((part[4] + part[5]) + (part[6] + part[7]));
}

double engine_clip_and_adam(Engine* e) {
  double total = 0.0;
  for (int i = 0; i < e->nparams; i++) {
    const double sum = sum_of_squares(param_at(e, e->g, i), e->params[i].size);
    e->sq_norms[i] = sum;
    total += sum;
  }
  const double norm = sqrt(total);
  // g · clip / max(‖g‖, clip); a NaN norm makes every gradient NaN, as in TensorFlow (the loss reports divergence).
  const float scale = e->clip_norm > 0 ? (float)(e->clip_norm / (norm > e->clip_norm || isnan(norm) ? norm : e->clip_norm)) : 1.0f;
  e->iterations += 1;
  const double t = (double)e->iterations;
  // lr_t = lr·√(1-β2^t)/(1-β1^t); θ -= lr_t·m/(√v + ε), ε outside the bias correction (TF1's form).
  const float lr_t = (float)(e->learning_rate * sqrt(1.0 - pow(e->beta2, t)) / (1.0 - pow(e->beta1, t)));
  const float b1 = (float)e->beta1, c1 = (float)(1.0 - e->beta1);
  const float b2 = (float)e->beta2, c2 = (float)(1.0 - e->beta2);
  const float eps = (float)e->epsilon;
  float *restrict w = e->w, *restrict g = e->g, *restrict m = e->m, *restrict v = e->v;
  for (int64_t k = 0; k < e->total; k++) {
    const float gk = g[k] * scale;
    g[k] = gk;
    m[k] = m[k] * b1 + gk * c1;
    v[k] = v[k] * b2 + (gk * gk) * c2;
    w[k] = w[k] - (m[k] / (sqrtf(v[k]) + eps)) * lr_t;
  }
  return norm;
}
