// RNN-CF's training graph (book and paper variants) on host arrays with the native kernels: the `native`
// backend's path, numerically the same model as rnncf.ts's tfjs path.
import type { ModelConfig } from '../config/run-config.js';
import type { Kernels } from '../kernels/kernels.js';
import { tf } from './backend.js';
import { gatherRows, scatterAddRows } from './host-math.js';
import type { Gradients, State, TrainGraph } from './recurrent-model.js';

const host = (t: tf.Tensor): Float32Array => t.dataSync() as Float32Array;

export interface RnncfParams {
  vocabSize: number;
  model: ModelConfig;
  A: tf.Variable;
  B: tf.Variable | null;
  R: tf.Variable;
  P: tf.Variable | null;
  alphaLogit: tf.Variable | null;
  bh: tf.Variable | null;
}

export function nativeRnncfForward(
  kernels: Kernels,
  p: RnncfParams,
  inputs: Int32Array,
  numUnroll: number,
  batch: number,
  state: State,
): TrainGraph {
  const H = p.model.hidden;
  const C = p.B === null ? 0 : p.model.context;
  const F = H + C;
  const N = numUnroll * batch;
  const book = p.model.variant === 'book';
  const sigmoidAct = p.model.activation === 'sigmoid';
  const act = sigmoidAct ? (x: number) => 1 / (1 + Math.exp(-x)) : Math.tanh;
  const h0 = host(state[0]);
  const s0 = C > 0 ? host(state[1]) : new Float32Array(0);
  const R = host(p.R);
  const P = p.P === null ? null : host(p.P);
  const alpha = new Float32Array(C);
  if (p.alphaLogit !== null) host(p.alphaLogit).forEach((z, j) => (alpha[j] = 1 / (1 + Math.exp(-z))));
  else alpha.fill(p.model.alpha);

  // Context states: s_t = (1-α)·x_t B + α·s_{t-1}; S: [N, C].
  const xB = C > 0 ? gatherRows(host(p.B!), C, inputs, 0, N) : new Float32Array(0);
  const S = new Float32Array(N * C);
  for (let t = 0; t < numUnroll; t++) {
    for (let b = 0; b < batch; b++) {
      const r = (t * batch + b) * C;
      const prev = t === 0 ? b * C : r - batch * C;
      const sPrev = t === 0 ? s0 : S;
      for (let j = 0; j < C; j++) S[r + j] = (1 - alpha[j]) * xB[r + j] + alpha[j] * sPrev[prev + j];
    }
  }
  const pre = gatherRows(host(p.A), H, inputs, 0, N); // x_t A, then the other terms
  const bias = p.bh === null ? null : host(p.bh);
  const hs = new Float32Array(N * H);
  if (book) {
    // The notebook's training graph: every step reads the stored states h*, s* (constant over the unroll).
    const stored = new Float32Array(batch * H);
    kernels.sgemm({ transA: false, transB: false, m: batch, n: H, k: H, alpha: 1, a: h0, b: R, beta: 0, c: stored });
    if (C > 0) kernels.sgemm({ transA: false, transB: false, m: batch, n: H, k: C, alpha: 1, a: s0, b: P!, beta: 1, c: stored });
    for (let r = 0; r < N; r++) {
      const sr = (r % batch) * H;
      for (let j = 0; j < H; j++) hs[r * H + j] = act(pre[r * H + j] + stored[sr + j] + (bias === null ? 0 : bias[j]));
    }
  } else {
    if (C > 0) kernels.sgemm({ transA: false, transB: false, m: N, n: H, k: C, alpha: 1, a: S, b: P!, beta: 1, c: pre });
    if (bias !== null) for (let r = 0; r < N; r++) for (let j = 0; j < H; j++) pre[r * H + j] += bias[j];
    kernels.rnnForward({ activation: sigmoidAct ? 'sigmoid' : 'tanh', steps: numUnroll, batch, hidden: H, whh: R, h0, pre, hs });
  }
  const features = new Float32Array(N * F);
  for (let r = 0; r < N; r++) {
    features.set(hs.subarray(r * H, (r + 1) * H), r * F);
    if (C > 0) features.set(S.subarray(r * C, (r + 1) * C), r * F + H);
  }
  const lastH = hs.slice((numUnroll - 1) * batch * H);
  return {
    features: tf.tensor2d(features, [N, F]),
    finalState: C > 0 ? [tf.tensor2d(lastH, [batch, H]), tf.tensor2d(S.slice((numUnroll - 1) * batch * C), [batch, C])] : [tf.tensor2d(lastH, [batch, H])],
    backward(dFeatures) {
      const grads: Gradients = new Map();
      const dHOut = new Float32Array(N * H);
      const dS = new Float32Array(N * C); // starts as d(loss)/d(s_t) from the output, becomes the total
      for (let r = 0; r < N; r++) {
        dHOut.set(dFeatures.subarray(r * F, r * F + H), r * H);
        if (C > 0) dS.set(dFeatures.subarray(r * F + H, (r + 1) * F), r * C);
      }
      const dA = new Float32Array(N * H); // d(loss)/d(pre-activation of h_t)
      const dR = new Float32Array(H * H);
      const dP = new Float32Array(C * H);
      if (book) {
        for (let i = 0; i < N * H; i++) dA[i] = dHOut[i] * (sigmoidAct ? hs[i] * (1 - hs[i]) : 1 - hs[i] * hs[i]);
        const dSum = new Float32Array(batch * H);
        for (let r = 0; r < N; r++) for (let j = 0; j < H; j++) dSum[(r % batch) * H + j] += dA[r * H + j];
        kernels.sgemm({ transA: true, transB: false, m: H, n: H, k: batch, alpha: 1, a: h0, b: dSum, beta: 0, c: dR });
        if (C > 0) kernels.sgemm({ transA: true, transB: false, m: C, n: H, k: batch, alpha: 1, a: s0, b: dSum, beta: 0, c: dP });
      } else {
        const dH0 = new Float32Array(batch * H);
        kernels.rnnBackward({
          activation: sigmoidAct ? 'sigmoid' : 'tanh',
          steps: numUnroll,
          batch,
          hidden: H,
          whh: R,
          h0,
          hs,
          dHs: dHOut,
          dPre: dA,
          dWhh: dR,
          dH0,
        });
        if (C > 0) {
          kernels.sgemm({ transA: true, transB: false, m: C, n: H, k: N, alpha: 1, a: S, b: dA, beta: 0, c: dP });
          // h_t reads s_t through P: dS += dA Pᵀ (P stored [C, H] is op(B)ᵀ's storage).
          kernels.sgemm({ transA: false, transB: true, m: N, n: C, k: H, alpha: 1, a: dA, b: P!, beta: 1, c: dS });
        }
      }
      grads.set('R', tf.tensor2d(dR, [H, H]));
      if (bias !== null) {
        const dB = new Float32Array(H);
        for (let r = 0; r < N; r++) for (let j = 0; j < H; j++) dB[j] += dA[r * H + j];
        grads.set('b_h', tf.tensor1d(dB));
      }
      const dTableA = new Float32Array(p.vocabSize * H);
      scatterAddRows(dTableA, H, inputs, dA);
      grads.set('A', tf.tensor2d(dTableA, [p.vocabSize, H]));
      if (C > 0) {
        grads.set('P', tf.tensor2d(dP, [C, H]));
        // Back through s_t = (1-α) x_t B + α s_{t-1}: total dS_t = dS_t + α dS_{t+1}.
        for (let t = numUnroll - 2; t >= 0; t--) {
          for (let i = t * batch * C; i < (t + 1) * batch * C; i++) dS[i] += alpha[i % C] * dS[i + batch * C];
        }
        const dXB = new Float32Array(N * C);
        const dAlpha = new Float32Array(C);
        for (let r = 0; r < N; r++) {
          for (let j = 0; j < C; j++) {
            const i = r * C + j;
            dXB[i] = (1 - alpha[j]) * dS[i];
            const sPrev = r < batch ? s0[i] : S[i - batch * C];
            dAlpha[j] += dS[i] * (sPrev - xB[i]);
          }
        }
        const dTableB = new Float32Array(p.vocabSize * C);
        scatterAddRows(dTableB, C, inputs, dXB);
        grads.set('B', tf.tensor2d(dTableB, [p.vocabSize, C]));
        if (p.alphaLogit !== null) grads.set('alpha_logit', tf.tensor1d(dAlpha.map((d, j) => d * alpha[j] * (1 - alpha[j]))));
      }
      return grads;
    },
  };
}
