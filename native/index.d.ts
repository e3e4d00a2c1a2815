// Types of the rnnlab-native addon (row-major float32; all outputs are caller-owned arrays written in place).

/** C[m,n] = alpha·op(A)·op(B) + beta·C; op(A) is [m,k], op(B) is [k,n]; leading dimensions are packed. */
export function sgemm(
  transA: boolean, transB: boolean, m: number, n: number, k: number,
  alpha: number, a: Float32Array, b: Float32Array, beta: number, c: Float32Array,
): void;

/** Mean softmax cross-entropy (nats) of h[n,hidden]·w[hidden,vocab] + b[vocab] against targets; writes dH, dW, dB when given. */
export function softmaxCrossEntropy(
  h: Float32Array, w: Float32Array, b: Float32Array | null, targets: Int32Array, n: number, hidden: number,
  vocab: number, dH: Float32Array | null, dW: Float32Array | null, dB: Float32Array | null,
): number;

/** hs_t = act(pre_t + h_{t-1}·whh) for t < T; activation 0 = tanh, 1 = sigmoid; pre, hs: [T,B,H]. */
export function rnnForward(
  activation: 0 | 1, T: number, B: number, H: number,
  pre: Float32Array, whh: Float32Array, h0: Float32Array, hs: Float32Array,
): void;

/** Gradient of rnnForward given dHs [T,B,H]; writes dPre [T,B,H], dWhh [H,H], dH0 [B,H]. */
export function rnnBackward(
  activation: 0 | 1, T: number, B: number, H: number,
  whh: Float32Array, h0: Float32Array, hs: Float32Array, dHs: Float32Array,
  dPre: Float32Array, dWhh: Float32Array, dH0: Float32Array,
): void;

/** An update engine (one per training run); see engineCreate. */
export type EngineHandle = { readonly __nativeEngine: unique symbol };

/**
 * Creates an engine that runs whole training updates (forward, softmax cross-entropy, backward, clipping by global
 * norm, TF1 Adam) in C, with weights, Adam moments, carried state and scratch allocated once. kind 0 = tanh stack
 * (sizes = layer sizes), 1 = RNN-CF (hidden, context, activation 0 tanh / 1 sigmoid, book, learnAlpha, alpha),
 * 2 = LSTM (hidden); bias adds the models' optional biases. Weights start at zero: write them in first.
 */
export function engineCreate(spec: {
  kind: 0 | 1 | 2; vocab: number; batch: number; unroll: number; sizes: number[]; hidden: number; context: number;
  activation: 0 | 1; book: 0 | 1; learnAlpha: 0 | 1; bias: 0 | 1; alpha: number;
  learningRate: number; beta1: number; beta2: number; epsilon: number; clipNorm: number;
}): EngineHandle;
/** Parameter names and shapes in the engine's order (the index the other calls take). */
export function engineParams(engine: EngineHandle): { name: string; shape: number[] }[];
/** Width of each carried state vector; each state is [batch, width]. */
export function engineStateSizes(engine: EngineHandle): number[];
/** One update on inputs/targets [unroll·batch] (row t·batch + b); returns the mean loss; stats [1 + params]: the
 *  gradient norm before clipping, then each parameter's squared gradient norm. */
export function engineUpdate(engine: EngineHandle, inputs: Int32Array, targets: Int32Array, stats: Float64Array): number;
/** block 0 weights, 1 gradients of the last update (clipped), 2 Adam m, 3 Adam v. */
export function engineRead(engine: EngineHandle, block: number, index: number, out: Float32Array): void;
export function engineWrite(engine: EngineHandle, block: number, index: number, values: Float32Array): void;
export function engineReadState(engine: EngineHandle, index: number, out: Float32Array): void;
export function engineWriteState(engine: EngineHandle, index: number, values: Float32Array): void;
export function engineIterations(engine: EngineHandle): number;
export function engineSetIterations(engine: EngineHandle, iterations: number): void;
export function engineDispose(engine: EngineHandle): void;
/** Engines alive in this process. */
export function engineLiveCount(): number;
/** Bytes those engines hold (all allocated by engineCreate). */
export function engineLiveBytes(): number;

/** BLAS thread count for this process (OpenBLAS; ignored by Accelerate). */
export function setNumThreads(threads: number): void;

/** Which BLAS is linked; threads is -1 when it cannot say. */
export function blasInfo(): { name: string; config: string; threads: number };

/** Bumped with every signature change; rnnlab refuses a build whose version it does not expect. */
export const apiVersion: number;
