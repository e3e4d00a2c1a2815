// The tanh/sigmoid recurrence h_t = act(pre_t + h_{t-1} W) over a whole unroll, forward and backward, for the
// engine's rnn, stacked and paper RNN-CF; plus the small helpers (gemm, gather, scatter-add, column sums) they share.
#include <string.h>
#include "engine.h"
#include "engine_math.h"

#ifdef RNNLAB_ACCELERATE
#include <Accelerate/Accelerate.h>
#else
#include <cblas.h>
#endif

void engine_gemm(int ta, int tb, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda,
                 const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
  if (m == 0 || n == 0) return;
  if (k == 0) {  // an empty sum: C = beta C (BLAS implementations differ on k = 0)
    for (int64_t i = 0; i < m; i++)
      for (int64_t j = 0; j < n; j++) c[i * ldc + j] = beta == 0.0f ? 0.0f : beta * c[i * ldc + j];
    return;
  }
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, (int)m, (int)n, (int)k,
              alpha, a, (int)lda, b, (int)ldb, beta, c, (int)ldc);
}

void engine_recurrence_forward(int act, int64_t T, int64_t B, int64_t H, float* hs, const float* whh, const float* h0) {
  const int64_t step = B * H;
  for (int64_t t = 0; t < T; t++) {
    float* out = hs + t * step;  // pre_t on entry
    const float* prev = t == 0 ? h0 : out - step;
    engine_gemm(0, 0, B, H, H, 1.0f, prev, H, whh, H, 1.0f, out, H);  // [B, H] x [H, H]
    engine_add_activate(out, B, H, NULL, 1, NULL, act);
  }
}

void engine_recurrence_backward(int act, int64_t T, int64_t B, int64_t H, const float* whh, const float* h0,
                                const float* hs, float* d, float* dwhh, float* scratch) {
  const int64_t step = B * H;
  for (int64_t t = T - 1; t >= 0; t--) {
    float* dz = d + t * step;
    // dz_t = (outside gradient + dh_t from step t+1) * act'(h_t); then dh_{t-1} = dz_t Wᵀ.
    engine_activation_backward(dz, dz, t == T - 1 ? NULL : scratch, hs + t * step, step, act);
    if (t > 0) engine_gemm(0, 1, B, H, H, 1.0f, dz, H, whh, H, 0.0f, scratch, H);
  }
  // dW = sum_t h_{t-1}ᵀ dz_t = h0ᵀ dz_0 + hs[0..T-2]ᵀ dz[1..T-1]: two GEMMs over all steps at once.
  engine_gemm(1, 0, H, H, B, 1.0f, h0, H, d, H, 0.0f, dwhh, H);
  if (T > 1) engine_gemm(1, 0, H, H, (T - 1) * B, 1.0f, hs, H, d + step, H, 1.0f, dwhh, H);
}

void engine_column_sums(float* out, const float* x, int64_t rows, int64_t cols) {
  engine_column_sums_add(out, x, rows, cols, 0);
}

void engine_column_sums_add(float* out, const float* x, int64_t rows, int64_t cols, int accumulate) {
  if (!accumulate) memset(out, 0, (size_t)cols * sizeof(float));
  for (int64_t r = 0; r < rows; r++) {
    const float* row = x + r * cols;
    for (int64_t j = 0; j < cols; j++) out[j] += row[j];
  }
}

void engine_gather_rows(float* out, int64_t ld_out, const float* table, int64_t cols, const int32_t* ids, int64_t n) {
  for (int64_t r = 0; r < n; r++) memcpy(out + r * ld_out, table + (int64_t)ids[r] * cols, (size_t)cols * sizeof(float));
}

void engine_scatter_add_rows(float* into, int64_t cols, const int32_t* ids, const float* grad, int64_t ld_grad,
                             int64_t n) {
  for (int64_t r = 0; r < n; r++) {
    float* to = into + (int64_t)ids[r] * cols;
    const float* from = grad + r * ld_grad;
    for (int64_t j = 0; j < cols; j++) to[j] += from[j];
  }
}
