// The plain-JS reference kernels: straightforward loops with float64 accumulation, generic over Float32Array and
// Float64Array so tests can run them in float64 (finite differences) and hold the fast kernels to them.
import {
  checkOutputLayerArgs,
  checkRecurrenceArgs,
  checkSgemmArgs,
} from './check-kernel-args.js';
import type {
  Activation,
  Kernels,
  OutputLayerArgs,
  RecurrenceBackwardArgs,
  RecurrenceForwardArgs,
  SgemmArgs,
} from './kernels.js';

export type FloatArray = Float32Array | Float64Array;

/** The kernel argument types with every float array widened to FloatArray (for float64 runs of the reference). */
type Widen<T> = { [K in keyof T]: T[K] extends Float32Array ? FloatArray : T[K] extends Float32Array | undefined ? FloatArray | undefined : T[K] };

/** C = alpha·op(A)·op(B) + beta·C (see SgemmArgs); beta = 0 ignores C's old contents. */
export function jsSgemm(args: Widen<SgemmArgs>): void {
  checkSgemmArgs(args as SgemmArgs);
  const { transA, transB, m, n, k, alpha, a, b, beta, c } = args;
  // Element (i, p) of op(A) and (p, j) of op(B) in the packed row-major storage.
  const aRow = transA ? 1 : k;
  const aCol = transA ? m : 1;
  const bRow = transB ? 1 : n;
  const bCol = transB ? k : 1;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[i * aRow + p * aCol] * b[p * bRow + j * bCol];
      c[i * n + j] = alpha * sum + (beta === 0 ? 0 : beta * c[i * n + j]);
    }
  }
}

/** Mean softmax cross-entropy of h·w against targets, and dH, dW when given (see OutputLayerArgs). */
export function jsSoftmaxCrossEntropy(args: Widen<OutputLayerArgs>): number {
  checkOutputLayerArgs(args as OutputLayerArgs);
  const { h, w, b, targets, n, hidden, vocab, dH, dW, dB } = args;
  const g = new Float64Array(n * vocab); // logits, then G = (softmax − onehot) / n: [n, vocab]
  let loss = 0;
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let j = 0; j < vocab; j++) {
      let z = b === undefined ? 0 : b[j];
      for (let p = 0; p < hidden; p++) z += h[i * hidden + p] * w[p * vocab + j];
      g[i * vocab + j] = z;
      if (z > max) max = z;
    }
    let sum = 0;
    for (let j = 0; j < vocab; j++) sum += Math.exp(g[i * vocab + j] - max);
    const logSum = Math.log(sum) + max;
    loss += logSum - g[i * vocab + targets[i]];
    for (let j = 0; j < vocab; j++) g[i * vocab + j] = Math.exp(g[i * vocab + j] - logSum) / n;
    g[i * vocab + targets[i]] -= 1 / n;
  }
  if (dB !== undefined) {
    for (let j = 0; j < vocab; j++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += g[i * vocab + j];
      dB[j] = sum;
    }
  }
  if (dH !== undefined && dW !== undefined) {
    for (let p = 0; p < hidden; p++) {
      for (let j = 0; j < vocab; j++) {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += h[i * hidden + p] * g[i * vocab + j];
        dW[p * vocab + j] = sum;
      }
    }
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < hidden; p++) {
        let sum = 0;
        for (let j = 0; j < vocab; j++) sum += g[i * vocab + j] * w[p * vocab + j];
        dH[i * hidden + p] = sum;
      }
    }
  }
  return loss / n;
}

function activate(activation: Activation, z: number): number {
  return activation === 'tanh' ? Math.tanh(z) : 1 / (1 + Math.exp(-z));
}

/** The derivative of the activation written in terms of its output y = act(z). */
function activationSlope(activation: Activation, y: number): number {
  return activation === 'tanh' ? 1 - y * y : y * (1 - y);
}

/** hs_t = act(pre_t + h_{t−1}·whh) (see RecurrenceForwardArgs). */
export function jsRnnForward(args: Widen<RecurrenceForwardArgs>): void {
  checkRecurrenceArgs(args as RecurrenceForwardArgs, { pre: args.pre, hs: args.hs });
  const { activation, steps, batch, hidden, whh, h0, pre, hs } = args;
  const size = batch * hidden;
  const row = new Float64Array(hidden);
  for (let t = 0; t < steps; t++) {
    const prev = t === 0 ? h0 : hs;
    const prevBase = t === 0 ? 0 : (t - 1) * size;
    for (let b = 0; b < batch; b++) {
      for (let j = 0; j < hidden; j++) {
        let z = pre[t * size + b * hidden + j];
        for (let p = 0; p < hidden; p++) z += prev[prevBase + b * hidden + p] * whh[p * hidden + j];
        row[j] = z;
      }
      // Written after the row is done, so hs may alias pre.
      for (let j = 0; j < hidden; j++) hs[t * size + b * hidden + j] = activate(activation, row[j]);
    }
  }
}

/** The gradient of jsRnnForward (see RecurrenceBackwardArgs). */
export function jsRnnBackward(args: Widen<RecurrenceBackwardArgs>): void {
  checkRecurrenceArgs(args as RecurrenceBackwardArgs, { hs: args.hs, dHs: args.dHs, dPre: args.dPre });
  const { activation, steps, batch, hidden, whh, h0, hs, dHs, dPre, dWhh, dH0 } = args;
  const size = batch * hidden;
  dWhh.fill(0, 0, hidden * hidden);
  const dh = new Float64Array(size); // dL/dh_t, flowing backwards
  for (let i = 0; i < size; i++) dh[i] = steps > 0 ? dHs[(steps - 1) * size + i] : 0;
  for (let t = steps - 1; t >= 0; t--) {
    const dz = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      dz[i] = dh[i] * activationSlope(activation, hs[t * size + i]);
      dPre[t * size + i] = dz[i];
    }
    const prev = t === 0 ? h0 : hs;
    const prevBase = t === 0 ? 0 : (t - 1) * size;
    for (let p = 0; p < hidden; p++) {
      for (let j = 0; j < hidden; j++) {
        let sum = 0;
        for (let b = 0; b < batch; b++) sum += prev[prevBase + b * hidden + p] * dz[b * hidden + j];
        dWhh[p * hidden + j] += sum;
      }
    }
    for (let b = 0; b < batch; b++) {
      for (let p = 0; p < hidden; p++) {
        let sum = t > 0 ? dHs[(t - 1) * size + b * hidden + p] : 0;
        for (let j = 0; j < hidden; j++) sum += dz[b * hidden + j] * whh[p * hidden + j];
        dh[b * hidden + p] = sum;
      }
    }
  }
  for (let i = 0; i < size; i++) dH0[i] = dh[i];
}

export const jsKernels: Kernels = {
  name: 'js',
  description: 'plain JavaScript loops (reference)',
  sgemm: jsSgemm,
  softmaxCrossEntropy: jsSoftmaxCrossEntropy,
  rnnForward: jsRnnForward,
  rnnBackward: jsRnnBackward,
};
