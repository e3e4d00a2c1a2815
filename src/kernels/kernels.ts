// The kernel interface: the few dense float32 operations that make up ~90% of a training update, implemented
// natively (BLAS addon), on TensorFlow.js (wasm), and in plain JS (the reference), and tested against each other.
//
// Conventions for every kernel: row-major float32, caller-owned arrays, outputs written in place (overwritten
// unless a beta says otherwise), no allocation visible to the caller, nothing retained between calls.

export type Activation = 'tanh' | 'sigmoid';

/** C = alpha·op(A)·op(B) + beta·C, with op(A): [m, k], op(B): [k, n], C: [m, n]. */
export interface SgemmArgs {
  /** When true, `a` holds A stored as [k, m] and op(A) = Aᵀ. */
  transA: boolean;
  /** When true, `b` holds B stored as [n, k] and op(B) = Bᵀ. */
  transB: boolean;
  m: number;
  n: number;
  k: number;
  alpha: number;
  a: Float32Array;
  b: Float32Array;
  /** 0 overwrites C (its old contents, even NaN, are ignored); 1 accumulates into it. */
  beta: number;
  c: Float32Array;
}

/**
 * The fused output layer with its loss: logits = h·w (+ b), mean softmax cross-entropy against `targets`, and,
 * when `dH` and `dW` are given, the gradients of that mean loss:
 *   G = (softmax(h·w + b) − onehot(targets)) / n,   dW = hᵀ·G,   dH = G·wᵀ,   dB = Σ_rows G.
 */
export interface OutputLayerArgs {
  /** h: [n, hidden] */
  h: Float32Array;
  /** w: [hidden, vocab] */
  w: Float32Array;
  /** b: [vocab], an optional output bias */
  b?: Float32Array;
  /** targets: [n] token ids in [0, vocab) */
  targets: Int32Array;
  n: number;
  hidden: number;
  vocab: number;
  /** dH: [n, hidden], overwritten (given together with dW, or neither) */
  dH?: Float32Array;
  /** dW: [hidden, vocab], overwritten */
  dW?: Float32Array;
  /** dB: [vocab], overwritten; only together with dH and dW */
  dB?: Float32Array;
}

/** The shared part of the recurrence h_t = act(pre_t + h_{t−1}·whh), t = 0 … steps−1, h_{−1} = h0. */
export interface RecurrenceArgs {
  activation: Activation;
  steps: number;
  batch: number;
  hidden: number;
  /** whh: [hidden, hidden] */
  whh: Float32Array;
  /** h0: [batch, hidden], the state carried in from the previous unrolled batch */
  h0: Float32Array;
}

export interface RecurrenceForwardArgs extends RecurrenceArgs {
  /** pre: [steps, batch, hidden], everything inside act() except the recurrent product (x_t·W_xh, biases, …) */
  pre: Float32Array;
  /** hs: [steps, batch, hidden], written; may be the same array as `pre` */
  hs: Float32Array;
}

export interface RecurrenceBackwardArgs extends RecurrenceArgs {
  /** hs: [steps, batch, hidden], the forward outputs */
  hs: Float32Array;
  /** dHs: [steps, batch, hidden], the loss gradient reaching each h_t from outside the recurrence */
  dHs: Float32Array;
  /** dPre: [steps, batch, hidden], written: the gradient of each pre_t */
  dPre: Float32Array;
  /** dWhh: [hidden, hidden], written */
  dWhh: Float32Array;
  /** dH0: [batch, hidden], written (rnnlab stops it at the batch boundary; kept for tests and full BPTT) */
  dH0: Float32Array;
}

export interface Kernels {
  /** Which implementation: the BLAS addon, TensorFlow.js ops, or the plain-JS reference loops. */
  readonly name: 'native' | 'wasm' | 'js';
  /** What runs underneath, for run records, e.g. "OpenBLAS 0.3.21 … Haswell, 1 thread". */
  readonly description: string;
  sgemm(args: SgemmArgs): void;
  /** Returns the mean cross-entropy in nats (float64 accumulation where the implementation allows). */
  softmaxCrossEntropy(args: OutputLayerArgs): number;
  rnnForward(args: RecurrenceForwardArgs): void;
  rnnBackward(args: RecurrenceBackwardArgs): void;
}
