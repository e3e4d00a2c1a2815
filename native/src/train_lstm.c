// The engine's LSTM (gates i, f, g, o; learned gate bias), forward and backward over the whole unroll, as lstm.ts:
//   z = x_t W_x + h_{t-1} W_h + b;  c_t = σ(z_f)·c_{t-1} + σ(z_i)·tanh(z_g);  h_t = σ(z_o)·tanh(c_t)
#include <string.h>
#include "engine.h"
#include "engine_math.h"

// Parameter indices in layout order. Scratch: buf[0] gates [n, 4H] (pre-activations, then activated);
// buf[1] c [n, H]; buf[2] tanh(c) [n, H]; buf[3] dz [n, 4H]; buf[4] dh [B, H]; buf[5] dc [B, H];
// e->feat = h [n, H]; e->dfeat [n, H].
enum { W_X = 0, W_H = 1, BIAS = 2 };

static int layout(Engine* e) {
  const int64_t V = e->vocab, H = e->hidden;
  if (H < 1) return 0;
  engine_add_param(e, "W_x", V, 4 * H);
  engine_add_param(e, "W_h", H, 4 * H);
  engine_add_param(e, "b", 0, 4 * H);
  engine_add_param(e, "W_out", H, V);
  if (e->bias) engine_add_param(e, "b_out", 0, V);
  engine_add_state(e, H);
  engine_add_state(e, H);
  e->features = H;
  return 1;
}

static int64_t scratch_floats(const Engine* e) {
  const int64_t n = e->n, H = e->hidden;
  return 8 * n * H + 4 * n * H + 2 * e->batch * H;
}

static void bind(Engine* e, float* s) {
  const int64_t n = e->n, H = e->hidden;
  const int64_t sizes[6] = {4 * n * H, n * H, n * H, 4 * n * H, e->batch * H, e->batch * H};
  for (int i = 0; i < 6; i++) {
    e->buf[i] = s;
    s += sizes[i];
  }
  e->feat = s;
  e->dfeat = s + n * H;
}

static void forward(Engine* e, const int32_t* inputs) {
  const int64_t n = e->n, B = e->batch, H = e->hidden, G = 4 * H, step = B * H;
  float *z = e->buf[0], *cs = e->buf[1], *tc = e->buf[2], *hs = e->feat;
  engine_gather_rows(z, G, param_at(e, e->w, W_X), G, inputs, n);
  const float* b = param_at(e, e->w, BIAS);
  for (int64_t r = 0; r < n; r++)
    for (int64_t j = 0; j < G; j++) z[r * G + j] += b[j];
  const float* wh = param_at(e, e->w, W_H);
  for (int64_t t = 0; t < e->unroll; t++) {
    const float* h_prev = t == 0 ? e->state[0] : hs + (t - 1) * step;
    const float* c_prev = t == 0 ? e->state[1] : cs + (t - 1) * step;
    float* zt = z + t * B * G;
    engine_gemm(0, 0, B, G, H, 1.0f, h_prev, H, wh, G, 1.0f, zt, G);  // [B, H] x [H, 4H]
    engine_lstm_cell(zt, c_prev, cs + t * step, tc + t * step, hs + t * step, B, H);
  }
}

static void backward(Engine* e, const int32_t* inputs) {
  const int64_t n = e->n, B = e->batch, H = e->hidden, G = 4 * H, step = B * H, T = e->unroll;
  const float *gates = e->buf[0], *cs = e->buf[1], *tc = e->buf[2], *hs = e->feat;
  float *dz = e->buf[3], *dh = e->buf[4], *dc = e->buf[5];
  const float* wh = param_at(e, e->w, W_H);
  memset(dc, 0, (size_t)step * sizeof(float));
  for (int64_t t = T - 1; t >= 0; t--) {
    const float* outside = e->dfeat + t * step;
    if (t == T - 1) memcpy(dh, outside, (size_t)step * sizeof(float));
    else
      for (int64_t i = 0; i < step; i++) dh[i] += outside[i];
    const float* c_prev = t == 0 ? e->state[1] : cs + (t - 1) * step;
    float* dzt = dz + t * B * G;
    engine_lstm_cell_backward(gates + t * B * G, c_prev, tc + t * step, dh, dc, dzt, B, H);
    if (t > 0) engine_gemm(0, 1, B, H, G, 1.0f, dzt, G, wh, G, 0.0f, dh, H);  // dh_{t-1} = dz_t W_hᵀ
  }
  float* gwh = param_at(e, e->g, W_H);
  engine_gemm(1, 0, H, G, B, 1.0f, e->state[0], H, dz, G, 0.0f, gwh, G);  // h0ᵀ dz_0
  if (T > 1) engine_gemm(1, 0, H, G, (T - 1) * B, 1.0f, hs, H, dz + B * G, G, 1.0f, gwh, G);
  engine_column_sums(param_at(e, e->g, BIAS), dz, n, G);
  float* gwx = param_at(e, e->g, W_X);
  memset(gwx, 0, (size_t)e->params[W_X].size * sizeof(float));
  engine_scatter_add_rows(gwx, G, inputs, dz, G, n);
}

static void carry_state(Engine* e) {
  const int64_t step = e->batch * e->hidden, last = (e->unroll - 1) * step;
  memcpy(e->state[0], e->feat + last, (size_t)step * sizeof(float));
  memcpy(e->state[1], e->buf[1] + last, (size_t)step * sizeof(float));
}

const EngineModel engine_lstm = {layout, scratch_floats, bind, forward, backward, carry_state};
