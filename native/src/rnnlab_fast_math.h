// Elementwise loops of rnnlab-native compiled with -ffast-math (vectorised expf/tanhf), kept apart from the N-API code.
#ifndef RNNLAB_FAST_MATH_H
#define RNNLAB_FAST_MATH_H
#include <stdint.h>

// Rows of p [n, vocab] hold logits; each becomes softmax(row) (scaled by 1/n, minus 1/n at the target, when grad).
// Returns the summed cross-entropy in nats. Targets must already be checked to lie in [0, vocab).
double rnnlab_softmax_rows(float* p, int64_t n, int64_t vocab, const int32_t* targets, int grad);
// The same with the gradient scaled by inv_n instead of 1/n (a block of rows of a larger mean).
double rnnlab_softmax_rows_scaled(float* p, int64_t n, int64_t vocab, const int32_t* targets, int grad, float inv_n);

// x <- act(x) over len elements; act 0 = tanh, 1 = sigmoid.
void rnnlab_activate(float* x, int64_t len, int act);

// dz = dh * act'(z), with act' written through the activation's output y: tanh 1 - y², sigmoid y (1 - y).
void rnnlab_activation_backward(float* dz, const float* dh, const float* y, int64_t len, int act);

// out[j] = sum over rows i of g[i, j]; g: [n, vocab] (the bias gradient of the output layer).
void rnnlab_column_sums(float* out, const float* g, int64_t n, int64_t vocab);

#endif
