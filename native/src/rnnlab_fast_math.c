// Elementwise loops of rnnlab-native, compiled with -ffast-math so GCC calls glibc's vector expf/tanhf (libmvec):
// the softmax over [3200, 544] logits is ~5x faster than with scalar expf. On x86-64 an AVX2+FMA build is made
// beside the baseline one and chosen at run time by CPU features (cpu_dispatch.h). Inputs are finite by contract
// (NaN checks live in the callers).
#include "rnnlab_fast_math.h"
#include <math.h>

#include "cpu_dispatch.h"

RNNLAB_BODY double rnnlab_softmax_rows_scaled_body(float* p, int64_t n, int64_t vocab, const int32_t* targets, int grad,
                                                   float inv_n) {
  double loss = 0.0;
  for (int64_t i = 0; i < n; i++) {
    float* row = p + i * vocab;
    float mx = row[0];
    for (int64_t j = 1; j < vocab; j++) mx = row[j] > mx ? row[j] : mx;
    const float target_shifted = row[targets[i]] - mx;  // kept before exp, so log(p_target) cannot underflow
    float sum = 0.0f;
    for (int64_t j = 0; j < vocab; j++) {
      row[j] = expf(row[j] - mx);  // exp once per logit
      sum += row[j];
    }
    loss += (double)(logf(sum) - target_shifted);
    if (grad) {
      const float scale = inv_n / sum;
      for (int64_t j = 0; j < vocab; j++) row[j] *= scale;
      row[targets[i]] -= inv_n;
    }
  }
  return loss;
}
RNNLAB_DISPATCH(double, rnnlab_softmax_rows_scaled,
                (float* p, int64_t n, int64_t vocab, const int32_t* targets, int grad, float inv_n),
                (p, n, vocab, targets, grad, inv_n))

double rnnlab_softmax_rows(float* p, int64_t n, int64_t vocab, const int32_t* targets, int grad) {
  return rnnlab_softmax_rows_scaled(p, n, vocab, targets, grad, 1.0f / (float)n);
}

RNNLAB_BODY void rnnlab_activate_body(float* x, int64_t len, int act) {
  if (act == 0) {
    for (int64_t i = 0; i < len; i++) x[i] = tanhf(x[i]);
  } else {
    for (int64_t i = 0; i < len; i++) x[i] = 1.0f / (1.0f + expf(-x[i]));
  }
}
RNNLAB_DISPATCH_VOID(rnnlab_activate, (float* x, int64_t len, int act), (x, len, act))

RNNLAB_BODY void rnnlab_activation_backward_body(float* dz, const float* dh, const float* y, int64_t len, int act) {
  if (act == 0) {
    for (int64_t i = 0; i < len; i++) dz[i] = dh[i] * (1.0f - y[i] * y[i]);
  } else {
    for (int64_t i = 0; i < len; i++) dz[i] = dh[i] * y[i] * (1.0f - y[i]);
  }
}
RNNLAB_DISPATCH_VOID(rnnlab_activation_backward, (float* dz, const float* dh, const float* y, int64_t len, int act), (dz, dh, y, len, act))

void rnnlab_column_sums(float* out, const float* g, int64_t n, int64_t vocab) {
  for (int64_t j = 0; j < vocab; j++) out[j] = 0.0f;
  for (int64_t i = 0; i < n; i++) {
    const float* row = g + i * vocab;
    for (int64_t j = 0; j < vocab; j++) out[j] += row[j];
  }
}
