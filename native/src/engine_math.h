// Elementwise loops of the update engine compiled with -ffast-math (vectorised expf/tanhf), kept apart from the rest.
#ifndef RNNLAB_ENGINE_MATH_H
#define RNNLAB_ENGINE_MATH_H
#include <stdint.h>

// x[r, :] <- act(x[r, :] + add[r % add_rows, :] (+ bias)) over rows of `cols`; add and bias may be NULL.
void engine_add_activate(float* x, int64_t rows, int64_t cols, const float* add, int64_t add_rows, const float* bias,
                         int act);

// dz = (dh + dh2) * act'(y) with act' written through the output y; dh2 may be NULL; dz may alias dh.
void engine_activation_backward(float* dz, const float* dh, const float* dh2, const float* y, int64_t len, int act);

// One LSTM step over b rows: z [b, 4H] holds the pre-activations (i, f, g, o blocks) and becomes the activated
// gates; c_prev, c, tanh_c, h: [b, H].
void engine_lstm_cell(float* z, const float* c_prev, float* c, float* tanh_c, float* h, int64_t b, int64_t hidden);

// Its gradient at one step: dh [b, H] (from outside plus from step t+1), dc [b, H] in: from step t+1, out: to
// step t-1; writes dz [b, 4H].
void engine_lstm_cell_backward(const float* gates, const float* c_prev, const float* tanh_c, const float* dh,
                               float* dc, float* dz, int64_t b, int64_t hidden);

#endif
