// The engine's tanh stack (rnn = one layer, stacked = several): h^l_t = tanh(h^{l-1}_t W^l_xh + h^l_{t-1} W^l_hh
// [+ b^l]), layer 1 reading token rows of W_xh; forward and backward over the whole unroll, as stacked.ts.
#include <stdio.h>
#include <string.h>
#include "engine.h"
#include "engine_math.h"

// Parameter indices are kept in the engine's layout order: per layer W_xh, W_hh, (b_h); then W_out, (b_out).
// Scratch per layer l: buf[l] = hs [n, H_l]; buf[8 + l] = gradients [n, H_l] (the top layer's is e->dfeat);
// buf[16] = [batch, max H] for the running dh.
static int per_layer(const Engine* e) { return e->bias ? 3 : 2; }

static int layout(Engine* e) {
  if (e->layers < 1 || e->layers > 8) return 0;
  for (int l = 0; l < e->layers; l++) {
    char suffix[8] = "";
    if (e->layers > 1) snprintf(suffix, sizeof suffix, "_%d", l + 1);
    char name[24];
    snprintf(name, sizeof name, "W_xh%s", suffix);
    engine_add_param(e, name, l == 0 ? e->vocab : e->sizes[l - 1], e->sizes[l]);
    snprintf(name, sizeof name, "W_hh%s", suffix);
    engine_add_param(e, name, e->sizes[l], e->sizes[l]);
    if (e->bias) {
      snprintf(name, sizeof name, "b_h%s", suffix);
      engine_add_param(e, name, 0, e->sizes[l]);
    }
    engine_add_state(e, e->sizes[l]);
  }
  e->features = e->sizes[e->layers - 1];
  engine_add_param(e, "W_out", e->features, e->vocab);
  if (e->bias) engine_add_param(e, "b_out", 0, e->vocab);
  return 1;
}

static int64_t scratch_floats(const Engine* e) {
  int64_t total = 0, widest = 0;
  for (int l = 0; l < e->layers; l++) {
    total += 2 * e->n * e->sizes[l];
    if (e->sizes[l] > widest) widest = e->sizes[l];
  }
  return total + e->batch * widest;
}

static void bind(Engine* e, float* s) {
  for (int l = 0; l < e->layers; l++) {
    e->buf[l] = s;
    s += e->n * e->sizes[l];
    e->buf[8 + l] = s;
    s += e->n * e->sizes[l];
  }
  e->buf[16] = s;
  e->feat = e->buf[e->layers - 1];
  e->dfeat = e->buf[8 + e->layers - 1];
}

static void forward(Engine* e, const int32_t* inputs) {
  const int64_t n = e->n;
  for (int l = 0; l < e->layers; l++) {
    const int base = l * per_layer(e);
    const int64_t H = e->sizes[l];
    float* hs = e->buf[l];  // pre-activations first: x W_xh (+ b)
    const float* wxh = param_at(e, e->w, base);
    if (l == 0) engine_gather_rows(hs, H, wxh, H, inputs, n);
    else engine_gemm(0, 0, n, H, e->sizes[l - 1], 1.0f, e->buf[l - 1], e->sizes[l - 1], wxh, H, 0.0f, hs, H);
    if (e->bias) {
      const float* b = param_at(e, e->w, base + 2);
      for (int64_t r = 0; r < n; r++)
        for (int64_t j = 0; j < H; j++) hs[r * H + j] += b[j];
    }
    engine_recurrence_forward(ACT_TANH, e->unroll, e->batch, H, hs, param_at(e, e->w, base + 1), e->state[l]);
  }
}

static void backward(Engine* e, const int32_t* inputs) {
  const int64_t n = e->n;
  for (int l = e->layers - 1; l >= 0; l--) {
    const int base = l * per_layer(e);
    const int64_t H = e->sizes[l];
    float* d = e->buf[8 + l];  // d(loss)/d(h^l_t) from above, becomes d(loss)/d(pre^l_t)
    engine_recurrence_backward(ACT_TANH, e->unroll, e->batch, H, param_at(e, e->w, base + 1), e->state[l], e->buf[l], d,
                               param_at(e, e->g, base + 1), e->buf[16]);
    if (e->bias) engine_column_sums(param_at(e, e->g, base + 2), d, n, H);
    float* gxh = param_at(e, e->g, base);
    if (l == 0) {
      memset(gxh, 0, (size_t)e->params[base].size * sizeof(float));
      engine_scatter_add_rows(gxh, H, inputs, d, H, n);
    } else {
      const int64_t Hb = e->sizes[l - 1];
      engine_gemm(1, 0, Hb, H, n, 1.0f, e->buf[l - 1], Hb, d, H, 0.0f, gxh, H);  // [Hb, n] x [n, H]
      engine_gemm(0, 1, n, Hb, H, 1.0f, d, H, param_at(e, e->w, base), H, 0.0f, e->buf[8 + l - 1], Hb);
    }
  }
}

static void carry_state(Engine* e) {
  for (int l = 0; l < e->layers; l++) {
    const int64_t size = e->batch * e->sizes[l];
    memcpy(e->state[l], e->buf[l] + (e->unroll - 1) * size, (size_t)size * sizeof(float));
  }
}

const EngineModel engine_tanh_stack = {layout, scratch_floats, bind, forward, backward, carry_state};
