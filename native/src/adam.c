// The engine's optimiser step: gradient norms, clipping by global norm (TensorFlow's clip_by_global_norm) and Adam
// in TensorFlow 1's form, as src/train/clip-by-global-norm.ts and src/train/adam-optimizer.ts compute them.
// Built without -ffast-math: the arithmetic follows the tfjs ops' float32 order.
#include <math.h>
#include "engine.h"

double engine_clip_and_adam(Engine* e) {
  double total = 0.0;
  for (int i = 0; i < e->nparams; i++) {
    const float* g = param_at(e, e->g, i);
    double sum = 0.0;
    for (int64_t k = 0; k < e->params[i].size; k++) sum += (double)g[k] * (double)g[k];
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
  float *w = e->w, *g = e->g, *m = e->m, *v = e->v;
  for (int64_t k = 0; k < e->total; k++) {
    const float gk = g[k] * scale;
    g[k] = gk;
    m[k] = m[k] * b1 + gk * c1;
    v[k] = v[k] * b2 + (gk * gk) * c2;
    w[k] = w[k] - (m[k] / (sqrtf(v[k]) + eps)) * lr_t;
  }
  return norm;
}
