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

/** BLAS thread count for this process (OpenBLAS; ignored by Accelerate). */
export function setNumThreads(threads: number): void;

/** Which BLAS is linked; threads is -1 when it cannot say. */
export function blasInfo(): { name: string; config: string; threads: number };

/** Bumped with every signature change; rnnlab refuses a build whose version it does not expect. */
export const apiVersion: number;
