// The native update engine's state and the functions its parts share (models, output layer, clipping and Adam).
#ifndef RNNLAB_ENGINE_H
#define RNNLAB_ENGINE_H
#include <stdint.h>
#include <stddef.h>

// Bounds the layouts stay within: a stack of at most 8 layers has at most 3·8 + 2 parameters.
#define ENGINE_MAX_PARAMS 32
#define ENGINE_MAX_STATES 8

// Model kinds, codes shared with src/train/native-update-engine.ts.
enum { ENGINE_TANH_STACK = 0, ENGINE_RNNCF = 1, ENGINE_LSTM = 2 };
// Activations, as the kernels: 0 = tanh, 1 = sigmoid.
enum { ACT_TANH = 0, ACT_SIGMOID = 1 };

typedef struct {
  char name[24];
  int64_t rows, cols;  // shape [rows, cols]; rows = 0 for a vector [cols]
  int64_t size;
  int64_t offset;  // into the engine's w, g, m and v blocks
} EngineParam;

typedef struct {
  // What the engine trains (fixed at creation).
  int kind;
  int64_t vocab, batch, unroll, n;  // n = unroll * batch predictions
  int layers;                       // tanh stack
  int64_t sizes[ENGINE_MAX_STATES];  // tanh stack layer sizes
  int64_t hidden, context;           // rnncf, lstm (hidden)
  int activation, book, learn_alpha, bias;
  float alpha;  // fixed α (rnncf without learn_alpha)
  int64_t features;  // width F of the output layer's input

  // Optimisation settings.
  double learning_rate, beta1, beta2, epsilon, clip_norm;
  int64_t iterations;

  // Parameters: one contiguous block each for weights, gradients and Adam's moments, so clipping and Adam are one
  // loop over all of them.
  int nparams;
  EngineParam params[ENGINE_MAX_PARAMS];
  int64_t total;  // floats in each block
  float *w, *g, *m, *v;
  double sq_norms[ENGINE_MAX_PARAMS];  // per-parameter squared gradient norms of the last update (before clipping)

  // Carried training state: one [batch, size] array per state vector.
  int nstates;
  int64_t state_sizes[ENGINE_MAX_STATES];
  float* state[ENGINE_MAX_STATES];

  // Scratch, allocated once at creation: the arena and named views into it (which ones a model uses is its own).
  float* arena;
  float* feat;    // [n, F] output-layer input
  float* dfeat;   // [n, F] its gradient
  float* probs;   // [block rows, vocab]: one block's logits, then its softmax gradient (output_layer.c)
  float* buf[24]; // model-specific buffers (see each model's file)
  int64_t bytes;  // everything allocated for this engine
} Engine;

// Parameter lookup: a pointer into a block (w, g, m or v) at parameter i.
static inline float* param_at(const Engine* e, float* block, int i) { return block + e->params[i].offset; }

// Row-major sgemm with explicit leading dimensions: C[m,n] = alpha op(A)[m,k] op(B)[k,n] + beta C.
void engine_gemm(int ta, int tb, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda,
                 const float* b, int64_t ldb, float beta, float* c, int64_t ldc);

// Each model: declare parameters and states (layout), size its scratch (scratch_floats, then bind), run the
// forward pass into e->feat, and the backward pass from e->dfeat into e->g; then copy the final states.
typedef struct {
  int (*layout)(Engine* e);            // returns 0 on a bad configuration
  int64_t (*scratch_floats)(const Engine* e);
  void (*bind)(Engine* e, float* scratch);
  void (*forward)(Engine* e, const int32_t* inputs);
  void (*backward)(Engine* e, const int32_t* inputs);
  void (*carry_state)(Engine* e);
} EngineModel;

extern const EngineModel engine_tanh_stack;
extern const EngineModel engine_rnncf;
extern const EngineModel engine_lstm;

// Adds a parameter (shape rows × cols; rows = 0 for a vector of cols) to the layout; returns its index.
int engine_add_param(Engine* e, const char* name, int64_t rows, int64_t cols);
// The index of the parameter called `name`, or -1.
int engine_param_index(const Engine* e, const char* name);
// Adds a carried state vector of `size` per batch row.
void engine_add_state(Engine* e, int64_t size);

// Output layer over e->feat: logits = feat W_out (+ b_out), mean softmax cross-entropy against targets, its
// gradients into W_out's and b_out's slots of e->g, and d(loss)/d(feat) into e->dfeat. Returns the summed loss.
double engine_output_layer(Engine* e, const int32_t* targets, int w_out, int b_out);
// Rows of e->probs the output layer needs (it works a block of rows at a time).
int64_t engine_output_block_rows(const Engine* e);

// Per-parameter squared norms and the global norm of e->g (float64 sums), then clipping by global norm and one
// TF1 Adam step over every parameter. Returns the norm before clipping.
double engine_clip_and_adam(Engine* e);

// The recurrence h_t = act(pre_t + h_{t-1} whh), t < T, h_{-1} = h0, in place: hs [T, B, H] holds pre on entry.
void engine_recurrence_forward(int act, int64_t T, int64_t B, int64_t H, float* hs, const float* whh, const float* h0);
// Its gradient, in place: d [T, B, H] holds the outside gradient of each h_t on entry and d(loss)/d(pre_t) on return;
// dwhh [H, H] is overwritten; scratch: [B, H]. The gradient into h0 is not formed (truncated BPTT stops there).
void engine_recurrence_backward(int act, int64_t T, int64_t B, int64_t H, const float* whh, const float* h0,
                                const float* hs, float* d, float* dwhh, float* scratch);
// out[j] = sum over rows of x[r, j]; x: [rows, cols]. The _add form adds to out when accumulate is non-zero.
void engine_column_sums(float* out, const float* x, int64_t rows, int64_t cols);
void engine_column_sums_add(float* out, const float* x, int64_t rows, int64_t cols, int accumulate);

// Row gather and its gradient: out[r, :] = table[ids[r], :]; into[ids[r], :] += grad[r, :] (ld = row strides).
void engine_gather_rows(float* out, int64_t ld_out, const float* table, int64_t cols, const int32_t* ids, int64_t n);
void engine_scatter_add_rows(float* into, int64_t cols, const int32_t* ids, const float* grad, int64_t ld_grad,
                             int64_t n);

#endif
