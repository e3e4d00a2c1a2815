// The native update engine's N-API surface: create an engine for one run (weights, Adam moments, carried state and
// every scratch buffer allocated once), run whole updates (forward, loss, backward, clipping, Adam) in one call,
// and read or write its weights, moments and state by index (for syncing to tfjs, checkpoints and resume).
//   engineCreate(spec) -> handle          engineParams(handle) -> [{ name, shape }]   engineStateSizes(handle)
//   engineUpdate(handle, inputs, targets, stats) -> mean loss (nats); stats[0] = gradient norm before clipping,
//                                                   stats[1 + i] = squared norm of parameter i's gradient
//   engineRead/engineWrite(handle, block, index, array)  block 0 weights, 1 gradients, 2 Adam m, 3 Adam v
//   engineReadState/engineWriteState(handle, index, array)   engineIterations/engineSetIterations(handle[, n])
//   engineDispose(handle)   engineLiveCount() -> engines created and not yet disposed or collected
//   engineLiveBytes() -> the bytes those engines hold (all allocated at creation)
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <node_api.h>
#include "engine.h"
#include "engine_exports.h"
#include "napi_args.h"

// Engines alive in this process (all threads) and the bytes they hold: the memory tests hold both flat.
static int live_engines = 0;
static int64_t live_bytes = 0;

int engine_add_param(Engine* e, const char* name, int64_t rows, int64_t cols) {
  EngineParam* p = &e->params[e->nparams];
  snprintf(p->name, sizeof p->name, "%s", name);
  p->rows = rows;
  p->cols = cols;
  p->size = (rows == 0 ? 1 : rows) * cols;
  p->offset = e->total;
  e->total += p->size;
  return e->nparams++;
}

void engine_add_state(Engine* e, int64_t size) { e->state_sizes[e->nstates++] = size; }

int engine_param_index(const Engine* e, const char* name) {
  for (int i = 0; i < e->nparams; i++)
    if (strcmp(e->params[i].name, name) == 0) return i;
  return -1;
}

static const EngineModel* model_of(const Engine* e) {
  switch (e->kind) {
    case ENGINE_TANH_STACK: return &engine_tanh_stack;
    case ENGINE_RNNCF: return &engine_rnncf;
    default: return &engine_lstm;
  }
}

static void engine_free(Engine* e) {
  if (e == NULL) return;
  __atomic_sub_fetch(&live_bytes, e->bytes, __ATOMIC_RELAXED);
  free(e->w);
  free(e->g);
  free(e->m);
  free(e->v);
  for (int i = 0; i < e->nstates; i++) free(e->state[i]);
  free(e->arena);
  free(e->probs);
  free(e);
  __atomic_sub_fetch(&live_engines, 1, __ATOMIC_RELAXED);
}

// The JS handle: an external holding a slot, so disposing early leaves a NULL the other calls can detect.
typedef struct {
  Engine* engine;
} Handle;

static void finalize_handle(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  Handle* h = (Handle*)data;
  engine_free(h->engine);
  free(h);
}

static int throw_error(napi_env env, const char* msg) {
  napi_throw_error(env, NULL, msg);
  return 0;
}

static int get_handle(napi_env env, napi_value v, Engine** out) {
  napi_valuetype t;
  napi_typeof(env, v, &t);
  Handle* h = NULL;
  if (t != napi_external || napi_get_value_external(env, v, (void**)&h) != napi_ok || h == NULL)
    return throw_error(env, "rnnlab-native: not an engine handle");
  if (h->engine == NULL) return throw_error(env, "rnnlab-native: the engine was disposed");
  *out = h->engine;
  return 1;
}

// A number property of the spec object; `integer` requires a non-negative integer.
static int spec_number(napi_env env, napi_value spec, const char* key, int integer, double* out) {
  napi_value v;
  napi_valuetype t;
  if (napi_get_named_property(env, spec, key, &v) != napi_ok || napi_typeof(env, v, &t) != napi_ok ||
      t != napi_number) {
    char msg[120];
    snprintf(msg, sizeof msg, "rnnlab-native: engine spec.%s must be a number", key);
    napi_throw_type_error(env, NULL, msg);
    return 0;
  }
  napi_get_value_double(env, v, out);
  if (integer && !(*out >= 0 && *out == floor(*out) && *out <= 1e9)) {
    char msg[120];
    snprintf(msg, sizeof msg, "rnnlab-native: engine spec.%s must be a non-negative integer, got %g", key, *out);
    napi_throw_range_error(env, NULL, msg);
    return 0;
  }
  return 1;
}

static int get_typed(napi_env env, napi_value v, const char* name, napi_typedarray_type want, int64_t length,
                     void** out) {
  bool is_ta = false;
  napi_is_typedarray(env, v, &is_ta);
  napi_typedarray_type type;
  size_t got = 0;
  if (is_ta) napi_get_typedarray_info(env, v, &type, &got, out, NULL, NULL);
  const char* tname = want == napi_float32_array ? "Float32Array" : want == napi_int32_array ? "Int32Array" : "Float64Array";
  if (!is_ta || type != want || (int64_t)got != length) {
    char msg[200];
    snprintf(msg, sizeof msg, "rnnlab-native: %s must be a %s of %lld elements", name, tname, (long long)length);
    napi_throw_type_error(env, NULL, msg);
    return 0;
  }
  return 1;
}

// engineCreate({ kind, vocab, batch, unroll, sizes: number[], hidden, context, activation, book, learnAlpha, bias,
//               alpha, learningRate, beta1, beta2, epsilon, clipNorm }) -> handle. Weights, moments and states
// start at zero: the caller writes the model's weights in before the first update.
napi_value EngineCreate(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (!get_args(env, info, 1, argv)) return NULL;
  double kind, vocab, batch, unroll, hidden, context, act, book, learn, bias, alpha, lr, b1, b2, eps, clip;
  napi_value spec = argv[0];
  if (!spec_number(env, spec, "kind", 1, &kind) || !spec_number(env, spec, "vocab", 1, &vocab) ||
      !spec_number(env, spec, "batch", 1, &batch) || !spec_number(env, spec, "unroll", 1, &unroll) ||
      !spec_number(env, spec, "hidden", 1, &hidden) || !spec_number(env, spec, "context", 1, &context) ||
      !spec_number(env, spec, "activation", 1, &act) || !spec_number(env, spec, "book", 1, &book) ||
      !spec_number(env, spec, "learnAlpha", 1, &learn) || !spec_number(env, spec, "bias", 1, &bias) ||
      !spec_number(env, spec, "alpha", 0, &alpha) || !spec_number(env, spec, "learningRate", 0, &lr) ||
      !spec_number(env, spec, "beta1", 0, &b1) || !spec_number(env, spec, "beta2", 0, &b2) ||
      !spec_number(env, spec, "epsilon", 0, &eps) || !spec_number(env, spec, "clipNorm", 0, &clip))
    return NULL;
  if (kind > 2 || act > 1 || vocab < 1 || batch < 1 || unroll < 1) {
    napi_throw_range_error(env, NULL, "rnnlab-native: engine spec out of range (kind, activation, vocab, batch or unroll)");
    return NULL;
  }
  napi_value sizes_v;
  uint32_t layers = 0;
  bool is_array = false;
  if (napi_get_named_property(env, spec, "sizes", &sizes_v) != napi_ok ||
      napi_is_array(env, sizes_v, &is_array) != napi_ok || !is_array ||
      napi_get_array_length(env, sizes_v, &layers) != napi_ok || layers > ENGINE_MAX_STATES) {
    napi_throw_type_error(env, NULL, "rnnlab-native: engine spec.sizes must be an array of at most 8 layer sizes");
    return NULL;
  }
  Engine* e = (Engine*)calloc(1, sizeof(Engine));
  if (e == NULL) {
    napi_throw_error(env, NULL, "rnnlab-native: out of memory");
    return NULL;
  }
  __atomic_add_fetch(&live_engines, 1, __ATOMIC_RELAXED);
  e->kind = (int)kind;
  e->vocab = (int64_t)vocab;
  e->batch = (int64_t)batch;
  e->unroll = (int64_t)unroll;
  e->n = e->batch * e->unroll;
  e->layers = (int)layers;
  for (uint32_t l = 0; l < layers; l++) {
    napi_value item;
    double size = 0;
    napi_get_element(env, sizes_v, l, &item);
    if (napi_get_value_double(env, item, &size) != napi_ok || !(size >= 1 && size == floor(size) && size <= 1e6)) {
      engine_free(e);
      napi_throw_range_error(env, NULL, "rnnlab-native: engine spec.sizes must hold positive integers");
      return NULL;
    }
    e->sizes[l] = (int64_t)size;
  }
  e->hidden = (int64_t)hidden;
  e->context = (int64_t)context;
  e->activation = (int)act;
  e->book = book != 0;
  e->learn_alpha = learn != 0;
  e->bias = bias != 0;
  e->alpha = (float)alpha;
  e->learning_rate = lr;
  e->beta1 = b1;
  e->beta2 = b2;
  e->epsilon = eps;
  e->clip_norm = clip;
  const EngineModel* model = model_of(e);
  if (!model->layout(e)) {
    engine_free(e);
    napi_throw_range_error(env, NULL, "rnnlab-native: engine spec has no layers or hidden units");
    return NULL;
  }
  // Every buffer the engine will ever use, allocated here and nowhere else.
  const size_t bytes = (size_t)e->total * sizeof(float);
  e->w = (float*)calloc(1, bytes);
  e->g = (float*)calloc(1, bytes);
  e->m = (float*)calloc(1, bytes);
  e->v = (float*)calloc(1, bytes);
  e->arena = (float*)calloc((size_t)model->scratch_floats(e), sizeof(float));
  e->probs = (float*)calloc((size_t)(engine_output_block_rows(e) * e->vocab), sizeof(float));
  int ok = e->w && e->g && e->m && e->v && e->arena && e->probs;
  e->bytes = (int64_t)(4 * bytes) + (model->scratch_floats(e) + engine_output_block_rows(e) * e->vocab) * (int64_t)sizeof(float);
  for (int i = 0; i < e->nstates; i++) {
    e->state[i] = (float*)calloc((size_t)(e->batch * e->state_sizes[i]), sizeof(float));
    ok = ok && e->state[i] != NULL;
    e->bytes += e->batch * e->state_sizes[i] * (int64_t)sizeof(float);
  }
  __atomic_add_fetch(&live_bytes, e->bytes, __ATOMIC_RELAXED);
  if (!ok) {
    engine_free(e);
    napi_throw_error(env, NULL, "rnnlab-native: out of memory for the engine's buffers");
    return NULL;
  }
  model->bind(e, e->arena);
  Handle* h = (Handle*)malloc(sizeof(Handle));
  napi_value result;
  if (h == NULL) {
    engine_free(e);
    napi_throw_error(env, NULL, "rnnlab-native: out of memory");
    return NULL;
  }
  h->engine = e;
  if (napi_create_external(env, h, finalize_handle, NULL, &result) != napi_ok) {
    engine_free(e);
    free(h);
    napi_throw_error(env, NULL, "rnnlab-native: could not create the engine handle");
    return NULL;
  }
  return result;
}

// engineParams(handle) -> [{ name, shape }] in the engine's order (the index the other calls take).
napi_value EngineParams(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  Engine* e;
  if (!get_args(env, info, 1, argv) || !get_handle(env, argv[0], &e)) return NULL;
  napi_value list;
  napi_create_array_with_length(env, (size_t)e->nparams, &list);
  for (int i = 0; i < e->nparams; i++) {
    const EngineParam* p = &e->params[i];
    napi_value obj, name, shape, dim;
    napi_create_object(env, &obj);
    napi_create_string_utf8(env, p->name, NAPI_AUTO_LENGTH, &name);
    napi_create_array(env, &shape);
    uint32_t k = 0;
    if (p->rows > 0) {
      napi_create_double(env, (double)p->rows, &dim);
      napi_set_element(env, shape, k++, dim);
    }
    napi_create_double(env, (double)p->cols, &dim);
    napi_set_element(env, shape, k, dim);
    napi_set_named_property(env, obj, "name", name);
    napi_set_named_property(env, obj, "shape", shape);
    napi_set_element(env, list, (uint32_t)i, obj);
  }
  return list;
}

// engineStateSizes(handle) -> the width of each carried state vector ([batch, width] each).
napi_value EngineStateSizes(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  Engine* e;
  if (!get_args(env, info, 1, argv) || !get_handle(env, argv[0], &e)) return NULL;
  napi_value list, size;
  napi_create_array_with_length(env, (size_t)e->nstates, &list);
  for (int i = 0; i < e->nstates; i++) {
    napi_create_double(env, (double)e->state_sizes[i], &size);
    napi_set_element(env, list, (uint32_t)i, size);
  }
  return list;
}

// engineUpdate(handle, inputs, targets, stats): one whole training update; returns the mean loss of its predictions
// (computed before the weights change).
napi_value EngineUpdate(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  Engine* e;
  int32_t *inputs, *targets;
  double* stats;
  if (!get_args(env, info, 4, argv) || !get_handle(env, argv[0], &e) ||
      !get_typed(env, argv[1], "inputs", napi_int32_array, e->n, (void**)&inputs) ||
      !get_typed(env, argv[2], "targets", napi_int32_array, e->n, (void**)&targets) ||
      !get_typed(env, argv[3], "stats", napi_float64_array, 1 + e->nparams, (void**)&stats))
    return NULL;
  for (int64_t i = 0; i < e->n; i++) {
    if (inputs[i] < 0 || inputs[i] >= e->vocab || targets[i] < 0 || targets[i] >= e->vocab) {
      char msg[200];
      snprintf(msg, sizeof msg, "rnnlab-native: token %d at position %lld is outside the vocabulary [0, %lld)",
               inputs[i] < 0 || inputs[i] >= e->vocab ? inputs[i] : targets[i], (long long)i, (long long)e->vocab);
      napi_throw_range_error(env, NULL, msg);
      return NULL;
    }
  }
  const EngineModel* model = model_of(e);
  model->forward(e, inputs);
  const double loss = engine_output_layer(e, targets, engine_param_index(e, "W_out"), engine_param_index(e, "b_out"));
  model->backward(e, inputs);
  model->carry_state(e);
  stats[0] = engine_clip_and_adam(e);
  for (int i = 0; i < e->nparams; i++) stats[1 + i] = e->sq_norms[i];
  napi_value result;
  napi_create_double(env, loss / (double)e->n, &result);
  return result;
}

// Copies between a JS Float32Array and parameter `index` of a block (0 w, 1 g, 2 m, 3 v), either way.
static napi_value copy_param(napi_env env, napi_callback_info info, int write) {
  napi_value argv[4];
  Engine* e;
  double block = -1, index = -1;
  if (!get_args(env, info, 4, argv) || !get_handle(env, argv[0], &e)) return NULL;
  napi_get_value_double(env, argv[1], &block);
  napi_get_value_double(env, argv[2], &index);
  if (!(block >= 0 && block <= 3 && block == floor(block)) || !(index >= 0 && index < e->nparams && index == floor(index))) {
    napi_throw_range_error(env, NULL, "rnnlab-native: engine block must be 0-3 and index a parameter index");
    return NULL;
  }
  const EngineParam* p = &e->params[(int)index];
  float* array;
  if (!get_typed(env, argv[3], p->name, napi_float32_array, p->size, (void**)&array)) return NULL;
  float* blocks[4] = {e->w, e->g, e->m, e->v};
  float* at = blocks[(int)block] + p->offset;
  if (write) memcpy(at, array, (size_t)p->size * sizeof(float));
  else memcpy(array, at, (size_t)p->size * sizeof(float));
  return NULL;
}

napi_value EngineRead(napi_env env, napi_callback_info info) { return copy_param(env, info, 0); }
napi_value EngineWrite(napi_env env, napi_callback_info info) { return copy_param(env, info, 1); }

static napi_value copy_state(napi_env env, napi_callback_info info, int write) {
  napi_value argv[3];
  Engine* e;
  double index = -1;
  if (!get_args(env, info, 3, argv) || !get_handle(env, argv[0], &e)) return NULL;
  napi_get_value_double(env, argv[1], &index);
  if (!(index >= 0 && index < e->nstates && index == floor(index))) {
    napi_throw_range_error(env, NULL, "rnnlab-native: engine state index out of range");
    return NULL;
  }
  const int64_t size = e->batch * e->state_sizes[(int)index];
  float* array;
  if (!get_typed(env, argv[2], "state", napi_float32_array, size, (void**)&array)) return NULL;
  if (write) memcpy(e->state[(int)index], array, (size_t)size * sizeof(float));
  else memcpy(array, e->state[(int)index], (size_t)size * sizeof(float));
  return NULL;
}

napi_value EngineReadState(napi_env env, napi_callback_info info) { return copy_state(env, info, 0); }
napi_value EngineWriteState(napi_env env, napi_callback_info info) { return copy_state(env, info, 1); }

// engineIterations(handle) -> Adam's step count; engineSetIterations(handle, n).
napi_value EngineIterations(napi_env env, napi_callback_info info) {
  napi_value argv[1], result;
  Engine* e;
  if (!get_args(env, info, 1, argv) || !get_handle(env, argv[0], &e)) return NULL;
  napi_create_double(env, (double)e->iterations, &result);
  return result;
}

napi_value EngineSetIterations(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  Engine* e;
  double n = -1;
  if (!get_args(env, info, 2, argv) || !get_handle(env, argv[0], &e)) return NULL;
  napi_get_value_double(env, argv[1], &n);
  if (!(n >= 0 && n == floor(n) && n <= 9e15)) {
    napi_throw_range_error(env, NULL, "rnnlab-native: engine iterations must be a non-negative integer");
    return NULL;
  }
  e->iterations = (int64_t)n;
  return NULL;
}

napi_value EngineDispose(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (!get_args(env, info, 1, argv)) return NULL;
  Handle* h = NULL;
  if (napi_get_value_external(env, argv[0], (void**)&h) != napi_ok || h == NULL) {
    napi_throw_type_error(env, NULL, "rnnlab-native: not an engine handle");
    return NULL;
  }
  engine_free(h->engine);  // disposing twice is harmless
  h->engine = NULL;
  return NULL;
}

napi_value EngineLiveCount(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  napi_create_int32(env, __atomic_load_n(&live_engines, __ATOMIC_RELAXED), &result);
  return result;
}

napi_value EngineLiveBytes(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  napi_create_double(env, (double)__atomic_load_n(&live_bytes, __ATOMIC_RELAXED), &result);
  return result;
}
