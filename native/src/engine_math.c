// Elementwise loops of the update engine, compiled with -ffast-math so GCC calls glibc's vector expf/tanhf (as
// rnnlab_fast_math.c, dispatched at run time by cpu_dispatch.h). Inputs are finite by contract: a diverged run is detected by its loss, not here.
#include "engine_math.h"
#include <math.h>
#include <stddef.h>

#include "cpu_dispatch.h"

RNNLAB_BODY void engine_add_activate_body(float* x, int64_t rows, int64_t cols, const float* add, int64_t add_rows, const float* bias,
                         int act) {
  for (int64_t r = 0; r < rows; r++) {
    float* row = x + r * cols;
    if (add != NULL) {
      const float* a = add + (r % add_rows) * cols;
      for (int64_t j = 0; j < cols; j++) row[j] += a[j];
    }
    if (bias != NULL)
      for (int64_t j = 0; j < cols; j++) row[j] += bias[j];
    if (act == 0) {
      for (int64_t j = 0; j < cols; j++) row[j] = tanhf(row[j]);
    } else {
      for (int64_t j = 0; j < cols; j++) row[j] = 1.0f / (1.0f + expf(-row[j]));
    }
  }
}
RNNLAB_DISPATCH_VOID(engine_add_activate, (float* x, int64_t rows, int64_t cols, const float* add, int64_t add_rows, const float* bias, int act), (x, rows, cols, add, add_rows, bias, act))

RNNLAB_BODY void engine_activation_backward_body(float* dz, const float* dh, const float* dh2, const float* y, int64_t len, int act) {
  if (dh2 == NULL) {
    if (act == 0) {
      for (int64_t i = 0; i < len; i++) dz[i] = dh[i] * (1.0f - y[i] * y[i]);
    } else {
      for (int64_t i = 0; i < len; i++) dz[i] = dh[i] * y[i] * (1.0f - y[i]);
    }
  } else {
    if (act == 0) {
      for (int64_t i = 0; i < len; i++) dz[i] = (dh[i] + dh2[i]) * (1.0f - y[i] * y[i]);
    } else {
      for (int64_t i = 0; i < len; i++) dz[i] = (dh[i] + dh2[i]) * y[i] * (1.0f - y[i]);
    }
  }
}
RNNLAB_DISPATCH_VOID(engine_activation_backward, (float* dz, const float* dh, const float* dh2, const float* y, int64_t len, int act), (dz, dh, dh2, y, len, act))

RNNLAB_BODY void engine_lstm_cell_body(float* z, const float* c_prev, float* c, float* tanh_c, float* h, int64_t b, int64_t hidden) {
  const int64_t H = hidden;
  for (int64_t r = 0; r < b; r++) {
    // One loop per gate block and `restrict` views, so each loop is a plain vector loop over libmvec's expf/tanhf.
    float* restrict zi = z + r * 4 * H;
    for (int64_t j = 0; j < H; j++) zi[j] = 1.0f / (1.0f + expf(-zi[j]));  // i and f: sigmoid
    float* restrict zf = zi + H;
    for (int64_t j = 0; j < H; j++) zf[j] = 1.0f / (1.0f + expf(-zf[j]));
    float* restrict zg = zi + 2 * H;
    for (int64_t j = 0; j < H; j++) zg[j] = tanhf(zg[j]);
    float* restrict zo = zi + 3 * H;
    for (int64_t j = 0; j < H; j++) zo[j] = 1.0f / (1.0f + expf(-zo[j]));
    const float* restrict cp = c_prev + r * H;
    float* restrict cr = c + r * H;
    float* restrict tc = tanh_c + r * H;
    float* restrict hr = h + r * H;
    const float* restrict gi = zi;
    const float* restrict gf = zf;
    const float* restrict gg = zg;
    const float* restrict go = zo;
    for (int64_t j = 0; j < H; j++) cr[j] = gf[j] * cp[j] + gi[j] * gg[j];
    for (int64_t j = 0; j < H; j++) tc[j] = tanhf(cr[j]);
    for (int64_t j = 0; j < H; j++) hr[j] = go[j] * tc[j];
  }
}
RNNLAB_DISPATCH_VOID(engine_lstm_cell, (float* z, const float* c_prev, float* c, float* tanh_c, float* h, int64_t b, int64_t hidden), (z, c_prev, c, tanh_c, h, b, hidden))

RNNLAB_BODY void engine_lstm_cell_backward_body(const float* gates, const float* c_prev, const float* tanh_c, const float* dh,
                               float* dc, float* dz, int64_t b, int64_t hidden) {
  const int64_t H = hidden;
  for (int64_t r = 0; r < b; r++) {
    const float* gi = gates + r * 4 * H;
    const float* gf = gi + H;
    const float* gg = gi + 2 * H;
    const float* go = gi + 3 * H;
    float* di = dz + r * 4 * H;
    float* df = di + H;
    float* dg = di + 2 * H;
    float* dO = di + 3 * H;
    const float* cp = c_prev + r * H;
    const float* tc = tanh_c + r * H;
    const float* dhr = dh + r * H;
    float* dcr = dc + r * H;
    for (int64_t j = 0; j < H; j++) {
      const float d_c = dcr[j] + dhr[j] * go[j] * (1.0f - tc[j] * tc[j]);
      di[j] = d_c * gg[j] * gi[j] * (1.0f - gi[j]);
      df[j] = d_c * cp[j] * gf[j] * (1.0f - gf[j]);
      dg[j] = d_c * gi[j] * (1.0f - gg[j] * gg[j]);
      dO[j] = dhr[j] * tc[j] * go[j] * (1.0f - go[j]);
      dcr[j] = d_c * gf[j];
    }
  }
}
RNNLAB_DISPATCH_VOID(engine_lstm_cell_backward, (const float* gates, const float* c_prev, const float* tanh_c, const float* dh, float* dc, float* dz, int64_t b, int64_t hidden), (gates, c_prev, tanh_c, dh, dc, dz, b, hidden))
