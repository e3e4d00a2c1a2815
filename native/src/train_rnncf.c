// The engine's RNN-CF (paper and book variants, tanh or sigmoid, fixed or learned α, optional biases), forward and
// backward over the whole unroll, as rnncf.ts:
//   s_t = (1-α)·x_t B + α·s_{t-1}
//   paper: h_t = act(x_t A + s_t P + h_{t-1} R [+ b_h])     book (training graph): h_t = act(x_t A + h* R + s* P [+ b_h])
// where h*, s* are the states carried in from the previous update; features [h_t, s_t] feed the output layer.
#include <math.h>
#include <string.h>
#include "engine.h"
#include "engine_math.h"

// Scratch: buf[0] hs [n, H]; buf[1] S [n, C]; buf[2] xB [n, C] (x_t B rows); buf[3] dA [n, H]; buf[4] dS [n, C];
// buf[5] [B, H] (book: stored products / summed gradient; paper: running dh); buf[6] α [C]; buf[7] dα [C];
// e->feat, e->dfeat [n, H + C].
static int layout(Engine* e) {
  const int64_t V = e->vocab, H = e->hidden, C = e->context;
  if (H < 1) return 0;
  engine_add_param(e, "A", V, H);
  if (C > 0) engine_add_param(e, "B", V, C);
  engine_add_param(e, "R", H, H);
  if (C > 0) engine_add_param(e, "P", C, H);
  engine_add_param(e, "W_out", H + C, V);
  if (C > 0 && e->learn_alpha) engine_add_param(e, "alpha_logit", 0, C);
  if (e->bias) {
    engine_add_param(e, "b_h", 0, H);
    engine_add_param(e, "b_out", 0, V);
  }
  engine_add_state(e, H);
  if (C > 0) engine_add_state(e, C);
  e->features = H + C;
  return 1;
}

static int64_t scratch_floats(const Engine* e) {
  const int64_t n = e->n, H = e->hidden, C = e->context;
  return 2 * n * H + 3 * n * C + e->batch * H + 2 * C + 2 * n * (H + C);
}

static void bind(Engine* e, float* s) {
  const int64_t n = e->n, H = e->hidden, C = e->context;
  const int64_t sizes[8] = {n * H, n * C, n * C, n * H, n * C, e->batch * H, C, C};
  for (int i = 0; i < 8; i++) {
    e->buf[i] = s;
    s += sizes[i];
  }
  e->feat = s;
  e->dfeat = s + n * (H + C);
}

static void forward(Engine* e, const int32_t* inputs) {
  const int64_t n = e->n, B = e->batch, H = e->hidden, C = e->context, F = H + C;
  const int book = e->book;
  float *hs = e->buf[0], *S = e->buf[1], *xB = e->buf[2], *stored = e->buf[5], *alpha = e->buf[6];
  const float* bh = e->bias ? param_at(e, e->w, engine_param_index(e, "b_h")) : NULL;
  const float* R = param_at(e, e->w, engine_param_index(e, "R"));
  const float* P = C > 0 ? param_at(e, e->w, engine_param_index(e, "P")) : NULL;
  const float* h0 = e->state[0];
  const float* s0 = C > 0 ? e->state[1] : NULL;
  if (C > 0) {
    const int il = engine_param_index(e, "alpha_logit");
    for (int64_t j = 0; j < C; j++) alpha[j] = il < 0 ? e->alpha : 1.0f / (1.0f + expf(-param_at(e, e->w, il)[j]));
    // Context states: s_t = (1-α)·x_t B + α·s_{t-1}; S: [n, C], row t·B + b.
    engine_gather_rows(xB, C, param_at(e, e->w, engine_param_index(e, "B")), C, inputs, n);
    for (int64_t r = 0; r < n; r++) {
      const float* prev = r < B ? s0 + r * C : S + (r - B) * C;
      for (int64_t j = 0; j < C; j++) S[r * C + j] = (1.0f - alpha[j]) * xB[r * C + j] + alpha[j] * prev[j];
    }
  }
  engine_gather_rows(hs, H, param_at(e, e->w, engine_param_index(e, "A")), H, inputs, n);  // x_t A
  if (book) {
    // Every step reads the stored states: h* R + s* P, one [B, H] block added to every step's rows.
    engine_gemm(0, 0, B, H, H, 1.0f, h0, H, R, H, 0.0f, stored, H);
    if (C > 0) engine_gemm(0, 0, B, H, C, 1.0f, s0, C, P, H, 1.0f, stored, H);
    engine_add_activate(hs, n, H, stored, B, bh, e->activation);
  } else {
    if (C > 0) engine_gemm(0, 0, n, H, C, 1.0f, S, C, P, H, 1.0f, hs, H);  // + s_t P, all steps at once
    if (bh != NULL)
      for (int64_t r = 0; r < n; r++)
        for (int64_t j = 0; j < H; j++) hs[r * H + j] += bh[j];
    engine_recurrence_forward(e->activation, e->unroll, B, H, hs, R, h0);
  }
  for (int64_t r = 0; r < n; r++) {
    memcpy(e->feat + r * F, hs + r * H, (size_t)H * sizeof(float));
    if (C > 0) memcpy(e->feat + r * F + H, S + r * C, (size_t)C * sizeof(float));
  }
}

static void backward(Engine* e, const int32_t* inputs) {
  const int64_t n = e->n, B = e->batch, H = e->hidden, C = e->context, F = H + C;
  float *hs = e->buf[0], *S = e->buf[1], *xB = e->buf[2], *dA = e->buf[3], *dS = e->buf[4], *scratch = e->buf[5];
  const float *alpha = e->buf[6];
  const float* h0 = e->state[0];
  const float* s0 = C > 0 ? e->state[1] : NULL;
  const int iR = engine_param_index(e, "R"), iP = engine_param_index(e, "P");
  for (int64_t r = 0; r < n; r++) {
    memcpy(dA + r * H, e->dfeat + r * F, (size_t)H * sizeof(float));
    if (C > 0) memcpy(dS + r * C, e->dfeat + r * F + H, (size_t)C * sizeof(float));
  }
  if (e->book) {
    engine_activation_backward(dA, dA, NULL, hs, n * H, e->activation);
    // Every step read the same stored states, so their weights' gradients take the sum over steps.
    memset(scratch, 0, (size_t)(B * H) * sizeof(float));
    for (int64_t r = 0; r < n; r++)
      for (int64_t j = 0; j < H; j++) scratch[(r % B) * H + j] += dA[r * H + j];
    engine_gemm(1, 0, H, H, B, 1.0f, h0, H, scratch, H, 0.0f, param_at(e, e->g, iR), H);
    if (C > 0) engine_gemm(1, 0, C, H, B, 1.0f, s0, C, scratch, H, 0.0f, param_at(e, e->g, iP), H);
  } else {
    engine_recurrence_backward(e->activation, e->unroll, B, H, param_at(e, e->w, iR), h0, hs, dA, param_at(e, e->g, iR),
                               scratch);
    if (C > 0) {
      engine_gemm(1, 0, C, H, n, 1.0f, S, C, dA, H, 0.0f, param_at(e, e->g, iP), H);  // Sᵀ dA
      engine_gemm(0, 1, n, C, H, 1.0f, dA, H, param_at(e, e->w, iP), H, 1.0f, dS, C);  // h_t reads s_t: += dA Pᵀ
    }
  }
  const int ibh = engine_param_index(e, "b_h");
  if (ibh >= 0) engine_column_sums(param_at(e, e->g, ibh), dA, n, H);
  const int iA = engine_param_index(e, "A");
  memset(param_at(e, e->g, iA), 0, (size_t)e->params[iA].size * sizeof(float));
  engine_scatter_add_rows(param_at(e, e->g, iA), H, inputs, dA, H, n);
  if (C == 0) return;
  // Back through s_t = (1-α) x_t B + α s_{t-1}: total dS_t = dS_t + α dS_{t+1}.
  for (int64_t r = n - B - 1; r >= 0; r--)
    for (int64_t j = 0; j < C; j++) dS[r * C + j] += alpha[j] * dS[(r + B) * C + j];
  const int ilogit = engine_param_index(e, "alpha_logit");
  if (ilogit >= 0) {
    // ∂s_t/∂α = s_{t-1} - x_t B, chained through α = sigmoid(logit). Summed in float64 over n rows.
    float* g = param_at(e, e->g, ilogit);
    for (int64_t j = 0; j < C; j++) {
      double sum = 0.0;
      for (int64_t r = 0; r < n; r++) {
        const float prev = r < B ? s0[r * C + j] : S[(r - B) * C + j];
        sum += (double)(dS[r * C + j] * (prev - xB[r * C + j]));
      }
      g[j] = (float)sum * alpha[j] * (1.0f - alpha[j]);
    }
  }
  for (int64_t r = 0; r < n; r++)
    for (int64_t j = 0; j < C; j++) dS[r * C + j] *= 1.0f - alpha[j];
  const int iB = engine_param_index(e, "B");
  memset(param_at(e, e->g, iB), 0, (size_t)e->params[iB].size * sizeof(float));
  engine_scatter_add_rows(param_at(e, e->g, iB), C, inputs, dS, C, n);
}

static void carry_state(Engine* e) {
  const int64_t last = (e->unroll - 1) * e->batch;
  memcpy(e->state[0], e->buf[0] + last * e->hidden, (size_t)(e->batch * e->hidden) * sizeof(float));
  if (e->context > 0)
    memcpy(e->state[1], e->buf[1] + last * e->context, (size_t)(e->batch * e->context) * sizeof(float));
}

const EngineModel engine_rnncf = {layout, scratch_floats, bind, forward, backward, carry_state};
