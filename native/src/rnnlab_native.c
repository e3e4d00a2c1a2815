// rnnlab-native: N-API bindings that run rnnlab's hot training kernels on a CPU BLAS (cblas_sgemm).
//
// Everything is row-major float32 on caller-owned Float32Arrays (no copies, no allocation visible to JS):
//   sgemm                C[m,n] = alpha * op(A) * op(B) + beta * C
//   softmaxCrossEntropy  fused output layer: logits = h W + b, mean cross-entropy, and dH, dW, dB for backward
//   rnnForward/Backward  the recurrence h_t = act(pre_t + h_{t-1} Whh) over T steps and its gradient
//   blasInfo             which BLAS is linked and with how many threads
// OpenBLAS on Linux (libopenblas-dev), Accelerate on macOS: chosen in binding.gyp.
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <node_api.h>
#include "rnnlab_fast_math.h"
#include "engine_exports.h"
#include "napi_args.h"

#define RNNLAB_NATIVE_API_VERSION 3

#ifdef RNNLAB_ACCELERATE
#include <Accelerate/Accelerate.h>
#else
#include <cblas.h>
#endif

// ---- N-API argument helpers: each returns 0 after throwing a JS error, so callers just `return NULL`. ----

#define CHECK_NAPI(env, call)                                      \
  do {                                                             \
    if ((call) != napi_ok) {                                       \
      napi_throw_error((env), NULL, "rnnlab-native: N-API call failed: " #call); \
      return NULL;                                                 \
    }                                                              \
  } while (0)

static int get_i64(napi_env env, napi_value v, const char* name, int64_t* out) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok || t != napi_number) {
    char msg[160];
    snprintf(msg, sizeof msg, "rnnlab-native: %s must be a number", name);
    napi_throw_type_error(env, NULL, msg);
    return 0;
  }
  double d;
  napi_get_value_double(env, v, &d);
  if (!(d >= 0) || d != floor(d) || d > 2147483647.0) {
    char msg[160];
    snprintf(msg, sizeof msg, "rnnlab-native: %s must be a non-negative integer, got %g", name, d);
    napi_throw_range_error(env, NULL, msg);
    return 0;
  }
  *out = (int64_t)d;
  return 1;
}

static int get_f64(napi_env env, napi_value v, const char* name, double* out) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok || t != napi_number) {
    char msg[160];
    snprintf(msg, sizeof msg, "rnnlab-native: %s must be a number", name);
    napi_throw_type_error(env, NULL, msg);
    return 0;
  }
  napi_get_value_double(env, v, out);
  return 1;
}

static int get_bool(napi_env env, napi_value v, const char* name, int* out) {
  bool b;
  if (napi_get_value_bool(env, v, &b) != napi_ok) {
    char msg[160];
    snprintf(msg, sizeof msg, "rnnlab-native: %s must be a boolean", name);
    napi_throw_type_error(env, NULL, msg);
    return 0;
  }
  *out = b ? 1 : 0;
  return 1;
}

// A typed array of the given element type with at least `need` elements; `optional` accepts null/undefined as NULL.
static int get_array(napi_env env, napi_value v, const char* name, napi_typedarray_type want, int64_t need,
                     int optional, void** out) {
  napi_valuetype vt;
  napi_typeof(env, v, &vt);
  if (optional && (vt == napi_null || vt == napi_undefined)) {
    *out = NULL;
    return 1;
  }
  bool is_ta = false;
  napi_is_typedarray(env, v, &is_ta);
  napi_typedarray_type type;
  size_t length = 0;
  void* data = NULL;
  if (is_ta) napi_get_typedarray_info(env, v, &type, &length, &data, NULL, NULL);
  if (!is_ta || type != want) {
    char msg[160];
    snprintf(msg, sizeof msg, "rnnlab-native: %s must be a %s", name,
             want == napi_float32_array ? "Float32Array" : "Int32Array");
    napi_throw_type_error(env, NULL, msg);
    return 0;
  }
  if ((int64_t)length < need) {
    char msg[200];
    snprintf(msg, sizeof msg, "rnnlab-native: %s has %zu elements, needs at least %lld", name, length,
             (long long)need);
    napi_throw_range_error(env, NULL, msg);
    return 0;
  }
  *out = data;  // already adjusted by the view's byteOffset
  return 1;
}

// A scratch buffer per Node environment (main thread or worker), grown on demand and reused across calls: the
// [3200, 544] logits are 7 MB, and a fresh allocation per call costs page faults on every update.
typedef struct {
  float* data;
  size_t capacity;  // in floats
} Scratch;

static void free_scratch(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  Scratch* scratch = (Scratch*)data;
  free(scratch->data);
  free(scratch);
}

static float* scratch_floats(napi_env env, size_t count) {
  Scratch* scratch = NULL;
  napi_get_instance_data(env, (void**)&scratch);
  if (scratch == NULL) {
    napi_throw_error(env, NULL, "rnnlab-native: instance data missing");
    return NULL;
  }
  if (scratch->capacity < count) {
    free(scratch->data);
    scratch->data = (float*)malloc(count * sizeof(float));
    scratch->capacity = scratch->data == NULL ? 0 : count;
    if (scratch->data == NULL) {
      napi_throw_error(env, NULL, "rnnlab-native: out of memory for a scratch buffer");
      return NULL;
    }
  }
  return scratch->data;
}

// Row-major sgemm with packed leading dimensions: op(A) is [m,k], op(B) is [k,n], C is [m,n].
static void gemm(int ta, int tb, int m, int n, int k, float alpha, const float* a, const float* b, float beta,
                 float* c) {
  if (m == 0 || n == 0) return;
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, alpha, a,
              ta ? m : k, b, tb ? k : n, beta, c, n);
}

// sgemm(transA, transB, m, n, k, alpha, a, b, beta, c): C = alpha*op(A)*op(B) + beta*C, in place on c.
static napi_value Sgemm(napi_env env, napi_callback_info info) {
  napi_value argv[10];
  if (!get_args(env, info, 10, argv)) return NULL;
  int ta, tb;
  int64_t m, n, k;
  double alpha, beta;
  float *a, *b, *c;
  if (!get_bool(env, argv[0], "transA", &ta) || !get_bool(env, argv[1], "transB", &tb) ||
      !get_i64(env, argv[2], "m", &m) || !get_i64(env, argv[3], "n", &n) || !get_i64(env, argv[4], "k", &k) ||
      !get_f64(env, argv[5], "alpha", &alpha) || !get_array(env, argv[6], "a", napi_float32_array, m * k, 0, (void**)&a) ||
      !get_array(env, argv[7], "b", napi_float32_array, k * n, 0, (void**)&b) ||
      !get_f64(env, argv[8], "beta", &beta) || !get_array(env, argv[9], "c", napi_float32_array, m * n, 0, (void**)&c))
    return NULL;
  gemm(ta, tb, (int)m, (int)n, (int)k, (float)alpha, a, b, (float)beta, c);
  return NULL;
}

// softmaxCrossEntropy(h, w, b|null, targets, n, hidden, vocab, dH|null, dW|null, dB|null) -> mean loss in nats.
// h: [n, hidden], w: [hidden, vocab], b: [vocab] or null, targets: Int32 [n]. With dH/dW given (both or neither):
//   G = (softmax(hW + b) - onehot(targets)) / n   [n, vocab]
//   dW = hᵀ G   [hidden, vocab]      dH = G wᵀ   [n, hidden]      dB = column sums of G   [vocab]
// (all overwritten, not accumulated). exp is evaluated once per logit; probabilities overwrite the logits in place.
static napi_value SoftmaxCrossEntropy(napi_env env, napi_callback_info info) {
  napi_value argv[10];
  if (!get_args(env, info, 10, argv)) return NULL;
  int64_t n, hid, voc;
  float *h, *w, *b, *dh, *dw, *db;
  int32_t* targets;
  if (!get_i64(env, argv[4], "n", &n) || !get_i64(env, argv[5], "hidden", &hid) ||
      !get_i64(env, argv[6], "vocab", &voc) ||
      !get_array(env, argv[0], "h", napi_float32_array, n * hid, 0, (void**)&h) ||
      !get_array(env, argv[1], "w", napi_float32_array, hid * voc, 0, (void**)&w) ||
      !get_array(env, argv[2], "b", napi_float32_array, voc, 1, (void**)&b) ||
      !get_array(env, argv[3], "targets", napi_int32_array, n, 0, (void**)&targets) ||
      !get_array(env, argv[7], "dH", napi_float32_array, n * hid, 1, (void**)&dh) ||
      !get_array(env, argv[8], "dW", napi_float32_array, hid * voc, 1, (void**)&dw) ||
      !get_array(env, argv[9], "dB", napi_float32_array, voc, 1, (void**)&db))
    return NULL;
  if ((dh == NULL) != (dw == NULL) || (db != NULL && dh == NULL)) {
    napi_throw_type_error(env, NULL, "rnnlab-native: dH and dW must be given together (dB only with them)");
    return NULL;
  }
  if (n == 0 || voc == 0) {
    napi_throw_range_error(env, NULL, "rnnlab-native: softmaxCrossEntropy needs n > 0 and vocab > 0");
    return NULL;
  }
  for (int64_t i = 0; i < n; i++) {
    if (targets[i] < 0 || targets[i] >= voc) {
      char msg[160];
      snprintf(msg, sizeof msg, "rnnlab-native: targets[%lld] = %d is outside [0, %lld)", (long long)i,
               targets[i], (long long)voc);
      napi_throw_range_error(env, NULL, msg);
      return NULL;
    }
  }
  float* p = scratch_floats(env, (size_t)(n * voc));  // logits, then probabilities: [n, vocab]
  if (p == NULL) return NULL;
  if (b != NULL) {
    for (int64_t i = 0; i < n; i++) memcpy(p + i * voc, b, (size_t)voc * sizeof(float));
  }
  gemm(0, 0, (int)n, (int)voc, (int)hid, 1.0f, h, w, b != NULL ? 1.0f : 0.0f, p);
  const double loss = rnnlab_softmax_rows(p, n, voc, targets, dh != NULL);
  if (dh != NULL) {
    gemm(1, 0, (int)hid, (int)voc, (int)n, 1.0f, h, p, 0.0f, dw);  // [hidden, n] x [n, vocab]
    gemm(0, 1, (int)n, (int)hid, (int)voc, 1.0f, p, w, 0.0f, dh);  // [n, vocab] x [vocab, hidden]
    if (db != NULL) rnnlab_column_sums(db, p, n, voc);
  }
  napi_value result;
  CHECK_NAPI(env, napi_create_double(env, loss / (double)n, &result));
  return result;
}

// Activation codes shared with the TypeScript side: 0 = tanh, 1 = sigmoid.
static int get_activation(napi_env env, napi_value v, int* out) {
  int64_t a;
  if (!get_i64(env, v, "activation", &a)) return 0;
  if (a > 1) {
    napi_throw_range_error(env, NULL, "rnnlab-native: activation must be 0 (tanh) or 1 (sigmoid)");
    return 0;
  }
  *out = (int)a;
  return 1;
}

// rnnForward(activation, T, B, H, pre, whh, h0, hs): hs_t = act(pre_t + h_{t-1} whh), h_{-1} = h0.
// pre, hs: [T, B, H]; whh: [H, H]; h0: [B, H]. hs may alias pre (computed in place).
static napi_value RnnForward(napi_env env, napi_callback_info info) {
  napi_value argv[8];
  if (!get_args(env, info, 8, argv)) return NULL;
  int act;
  int64_t T, B, H;
  float *pre, *whh, *h0, *hs;
  if (!get_activation(env, argv[0], &act) || !get_i64(env, argv[1], "T", &T) || !get_i64(env, argv[2], "B", &B) ||
      !get_i64(env, argv[3], "H", &H) ||
      !get_array(env, argv[4], "pre", napi_float32_array, T * B * H, 0, (void**)&pre) ||
      !get_array(env, argv[5], "whh", napi_float32_array, H * H, 0, (void**)&whh) ||
      !get_array(env, argv[6], "h0", napi_float32_array, B * H, 0, (void**)&h0) ||
      !get_array(env, argv[7], "hs", napi_float32_array, T * B * H, 0, (void**)&hs))
    return NULL;
  const int64_t step = B * H;
  for (int64_t t = 0; t < T; t++) {
    float* out = hs + t * step;
    const float* prev = t == 0 ? h0 : hs + (t - 1) * step;
    if (out != pre + t * step) memcpy(out, pre + t * step, (size_t)step * sizeof(float));
    gemm(0, 0, (int)B, (int)H, (int)H, 1.0f, prev, whh, 1.0f, out);
    rnnlab_activate(out, step, act);
  }
  return NULL;
}

// rnnBackward(activation, T, B, H, whh, h0, hs, dHs, dPre, dWhh, dH0): the gradient of rnnForward.
// dHs: [T, B, H], the loss gradient reaching each h_t from outside the recurrence (the output layer).
// Writes dPre [T, B, H] (gradient of each pre_t), dWhh [H, H] and dH0 [B, H]; all overwritten.
static napi_value RnnBackward(napi_env env, napi_callback_info info) {
  napi_value argv[11];
  if (!get_args(env, info, 11, argv)) return NULL;
  int act;
  int64_t T, B, H;
  float *whh, *h0, *hs, *dhs, *dpre, *dwhh, *dh0;
  if (!get_activation(env, argv[0], &act) || !get_i64(env, argv[1], "T", &T) || !get_i64(env, argv[2], "B", &B) ||
      !get_i64(env, argv[3], "H", &H) ||
      !get_array(env, argv[4], "whh", napi_float32_array, H * H, 0, (void**)&whh) ||
      !get_array(env, argv[5], "h0", napi_float32_array, B * H, 0, (void**)&h0) ||
      !get_array(env, argv[6], "hs", napi_float32_array, T * B * H, 0, (void**)&hs) ||
      !get_array(env, argv[7], "dHs", napi_float32_array, T * B * H, 0, (void**)&dhs) ||
      !get_array(env, argv[8], "dPre", napi_float32_array, T * B * H, 0, (void**)&dpre) ||
      !get_array(env, argv[9], "dWhh", napi_float32_array, H * H, 0, (void**)&dwhh) ||
      !get_array(env, argv[10], "dH0", napi_float32_array, B * H, 0, (void**)&dh0))
    return NULL;
  const int64_t step = B * H;
  if (T == 0) {
    memset(dwhh, 0, (size_t)(H * H) * sizeof(float));
    memset(dh0, 0, (size_t)step * sizeof(float));
    return NULL;
  }
  float* dh = scratch_floats(env, (size_t)step);  // running dL/dh_t: [B, H]
  if (dh == NULL) return NULL;
  memcpy(dh, dhs + (T - 1) * step, (size_t)step * sizeof(float));
  for (int64_t t = T - 1; t >= 0; t--) {
    const float* h = hs + t * step;
    float* dz = dpre + t * step;
    rnnlab_activation_backward(dz, dh, h, step, act);
    // dh_{t-1} = dz whhᵀ + (outside gradient at t-1); at t = 0 this is dH0.
    float* next = t == 0 ? dh0 : dh;
    if (t > 0) memcpy(next, dhs + (t - 1) * step, (size_t)step * sizeof(float));
    gemm(0, 1, (int)B, (int)H, (int)H, 1.0f, dz, whh, t > 0 ? 1.0f : 0.0f, next);
  }
  // dWhh = sum_t h_{t-1}ᵀ dz_t = h0ᵀ dz_0 + hs[0..T-2]ᵀ dz[1..T-1]: two GEMMs over all steps at once.
  gemm(1, 0, (int)H, (int)H, (int)B, 1.0f, h0, dpre, 0.0f, dwhh);
  if (T > 1) gemm(1, 0, (int)H, (int)H, (int)((T - 1) * B), 1.0f, hs, dpre + step, 1.0f, dwhh);
  return NULL;
}

#ifndef RNNLAB_ACCELERATE
// OpenBLAS extensions (declared in its cblas.h on Debian; declared here too in case another cblas.h is found first).
extern void openblas_set_num_threads(int);
extern int openblas_get_num_threads(void);
extern char* openblas_get_config(void);
extern char* openblas_get_corename(void);
#endif

// setNumThreads(n): the BLAS thread count for this process (OpenBLAS); a no-op on Accelerate (VECLIB_MAXIMUM_THREADS).
static napi_value SetNumThreads(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (!get_args(env, info, 1, argv)) return NULL;
  int64_t n;
  if (!get_i64(env, argv[0], "threads", &n)) return NULL;
  if (n < 1) {
    napi_throw_range_error(env, NULL, "rnnlab-native: threads must be at least 1");
    return NULL;
  }
#ifndef RNNLAB_ACCELERATE
  openblas_set_num_threads((int)n);
#endif
  return NULL;
}

// blasInfo() -> { name, config, threads }: threads is -1 when the BLAS cannot say (Accelerate).
static napi_value BlasInfo(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value obj, name, config, threads;
  CHECK_NAPI(env, napi_create_object(env, &obj));
#ifdef RNNLAB_ACCELERATE
  CHECK_NAPI(env, napi_create_string_utf8(env, "Accelerate", NAPI_AUTO_LENGTH, &name));
  CHECK_NAPI(env, napi_create_string_utf8(env, "Apple Accelerate (vecLib)", NAPI_AUTO_LENGTH, &config));
  CHECK_NAPI(env, napi_create_int32(env, -1, &threads));
#else
  char buf[512];
  snprintf(buf, sizeof buf, "%s (core %s)", openblas_get_config(), openblas_get_corename());
  CHECK_NAPI(env, napi_create_string_utf8(env, "OpenBLAS", NAPI_AUTO_LENGTH, &name));
  CHECK_NAPI(env, napi_create_string_utf8(env, buf, NAPI_AUTO_LENGTH, &config));
  CHECK_NAPI(env, napi_create_int32(env, openblas_get_num_threads(), &threads));
#endif
  CHECK_NAPI(env, napi_set_named_property(env, obj, "name", name));
  CHECK_NAPI(env, napi_set_named_property(env, obj, "config", config));
  CHECK_NAPI(env, napi_set_named_property(env, obj, "threads", threads));
  return obj;
}

static napi_value Init(napi_env env, napi_value exports) {
  Scratch* scratch = (Scratch*)calloc(1, sizeof(Scratch));
  if (scratch == NULL) {
    napi_throw_error(env, NULL, "rnnlab-native: out of memory");
    return NULL;
  }
  CHECK_NAPI(env, napi_set_instance_data(env, scratch, free_scratch, NULL));
  napi_property_descriptor props[] = {
      {"sgemm", NULL, Sgemm, NULL, NULL, NULL, napi_enumerable, NULL},
      {"softmaxCrossEntropy", NULL, SoftmaxCrossEntropy, NULL, NULL, NULL, napi_enumerable, NULL},
      {"rnnForward", NULL, RnnForward, NULL, NULL, NULL, napi_enumerable, NULL},
      {"rnnBackward", NULL, RnnBackward, NULL, NULL, NULL, napi_enumerable, NULL},
      {"setNumThreads", NULL, SetNumThreads, NULL, NULL, NULL, napi_enumerable, NULL},
      {"blasInfo", NULL, BlasInfo, NULL, NULL, NULL, napi_enumerable, NULL},
      // The whole training update (engine.c).
      {"engineCreate", NULL, EngineCreate, NULL, NULL, NULL, napi_enumerable, NULL},
      {"engineParams", NULL, EngineParams, NULL, NULL, NULL, napi_enumerable, NULL},
      {"engineStateSizes", NULL, EngineStateSizes, NULL, NULL, NULL, napi_enumerable, NULL},
      {"engineUpdate", NULL, EngineUpdate, NULL, NULL, NULL, napi_enumerable, NULL},
      {"engineRead", NULL, EngineRead, NULL, NULL, NULL, napi_enumerable, NULL},
      {"engineWrite", NULL, EngineWrite, NULL, NULL, NULL, napi_enumerable, NULL},
      {"engineReadState", NULL, EngineReadState, NULL, NULL, NULL, napi_enumerable, NULL},
      {"engineWriteState", NULL, EngineWriteState, NULL, NULL, NULL, napi_enumerable, NULL},
      {"engineIterations", NULL, EngineIterations, NULL, NULL, NULL, napi_enumerable, NULL},
      {"engineSetIterations", NULL, EngineSetIterations, NULL, NULL, NULL, napi_enumerable, NULL},
      {"engineDispose", NULL, EngineDispose, NULL, NULL, NULL, napi_enumerable, NULL},
      {"engineLiveCount", NULL, EngineLiveCount, NULL, NULL, NULL, napi_enumerable, NULL},
      {"engineLiveBytes", NULL, EngineLiveBytes, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CHECK_NAPI(env, napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  // Bumped whenever a signature changes, so rnnlab can tell a stale build (native/build survives a git pull).
  napi_value api_version;
  CHECK_NAPI(env, napi_create_int32(env, RNNLAB_NATIVE_API_VERSION, &api_version));
  CHECK_NAPI(env, napi_set_named_property(env, exports, "apiVersion", api_version));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
