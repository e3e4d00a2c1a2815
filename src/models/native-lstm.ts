// The LSTM's training graph on host arrays with the native kernels (BLAS products, gate arithmetic in JS loops):
// the `native` backend's path, numerically the same model as lstm.ts's tfjs path.
import type { Kernels } from '../kernels/kernels.js';
import { tf } from './backend.js';
import { gatherRows, scatterAddRows } from './host-math.js';
import type { Gradients, State, TrainGraph } from './recurrent-model.js';

const host = (t: tf.Tensor): Float32Array => t.dataSync() as Float32Array;
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Gate blocks in z: i, f, g, o, each H wide. Wx: [V, 4H], Wh: [H, 4H], b: [4H]; state [h, c]. */
export function nativeLstmForward(
  kernels: Kernels,
  p: { vocabSize: number; hidden: number; Wx: tf.Variable; Wh: tf.Variable; b: tf.Variable },
  inputs: Int32Array,
  numUnroll: number,
  batch: number,
  state: State,
): TrainGraph {
  const H = p.hidden;
  const G = 4 * H;
  const N = numUnroll * batch;
  const wh = host(p.Wh);
  const bias = host(p.b);
  const z = gatherRows(host(p.Wx), G, inputs, 0, N); // [N, 4H], then + b + h_{t-1} W_h
  for (let r = 0; r < N; r++) for (let j = 0; j < G; j++) z[r * G + j] += bias[j];
  const gates = new Float32Array(N * G); // activated i, f, g, o
  const cs = new Float32Array(N * H);
  const tanhCs = new Float32Array(N * H);
  const hs = new Float32Array(N * H);
  const h0 = host(state[0]);
  const c0 = host(state[1]);
  const rowsH = batch * H;
  for (let t = 0; t < numUnroll; t++) {
    const hPrev = t === 0 ? h0 : hs.subarray((t - 1) * rowsH, t * rowsH);
    const cPrev = t === 0 ? c0 : cs.subarray((t - 1) * rowsH, t * rowsH);
    const zt = z.subarray(t * batch * G, (t + 1) * batch * G);
    kernels.sgemm({ transA: false, transB: false, m: batch, n: G, k: H, alpha: 1, a: hPrev, b: wh, beta: 1, c: zt });
    for (let b = 0; b < batch; b++) {
      const zr = (t * batch + b) * G;
      const hr = (t * batch + b) * H;
      for (let j = 0; j < H; j++) {
        const i = sigmoid(z[zr + j]);
        const f = sigmoid(z[zr + H + j]);
        const g = Math.tanh(z[zr + 2 * H + j]);
        const o = sigmoid(z[zr + 3 * H + j]);
        gates[zr + j] = i;
        gates[zr + H + j] = f;
        gates[zr + 2 * H + j] = g;
        gates[zr + 3 * H + j] = o;
        const c = f * cPrev[b * H + j] + i * g;
        cs[hr + j] = c;
        tanhCs[hr + j] = Math.tanh(c);
        hs[hr + j] = o * tanhCs[hr + j];
      }
    }
  }
  const last = (numUnroll - 1) * rowsH;
  return {
    features: tf.tensor2d(hs, [N, H]),
    finalState: [tf.tensor2d(hs.slice(last), [batch, H]), tf.tensor2d(cs.slice(last), [batch, H])],
    backward(dFeatures) {
      const dZ = new Float32Array(N * G);
      const dhNext = new Float32Array(rowsH);
      const dcNext = new Float32Array(rowsH);
      for (let t = numUnroll - 1; t >= 0; t--) {
        const cPrev = t === 0 ? c0 : cs.subarray((t - 1) * rowsH, t * rowsH);
        for (let b = 0; b < batch; b++) {
          const zr = (t * batch + b) * G;
          const hr = (t * batch + b) * H;
          for (let j = 0; j < H; j++) {
            const i = gates[zr + j];
            const f = gates[zr + H + j];
            const g = gates[zr + 2 * H + j];
            const o = gates[zr + 3 * H + j];
            const tc = tanhCs[hr + j];
            const dh = dFeatures[hr + j] + dhNext[b * H + j];
            const dc = dcNext[b * H + j] + dh * o * (1 - tc * tc);
            dZ[zr + j] = dc * g * i * (1 - i);
            dZ[zr + H + j] = dc * cPrev[b * H + j] * f * (1 - f);
            dZ[zr + 2 * H + j] = dc * i * (1 - g * g);
            dZ[zr + 3 * H + j] = dh * tc * o * (1 - o);
            dcNext[b * H + j] = dc * f;
          }
        }
        // dh_{t-1} = dZ_t W_hᵀ (W_h stored [H, 4H] is op(B)ᵀ's storage).
        if (t > 0) {
          const dZt = dZ.subarray(t * batch * G, (t + 1) * batch * G);
          kernels.sgemm({ transA: false, transB: true, m: batch, n: H, k: G, alpha: 1, a: dZt, b: wh, beta: 0, c: dhNext });
        }
      }
      const grads: Gradients = new Map();
      const hPrevAll = new Float32Array(N * H); // [h0; h_1 … h_{T-1}]
      hPrevAll.set(h0);
      hPrevAll.set(hs.subarray(0, (numUnroll - 1) * rowsH), rowsH);
      const dWh = new Float32Array(H * G);
      kernels.sgemm({ transA: true, transB: false, m: H, n: G, k: N, alpha: 1, a: hPrevAll, b: dZ, beta: 0, c: dWh });
      grads.set('W_h', tf.tensor2d(dWh, [H, G]));
      const dB = new Float32Array(G);
      for (let r = 0; r < N; r++) for (let j = 0; j < G; j++) dB[j] += dZ[r * G + j];
      grads.set('b', tf.tensor1d(dB));
      const dTable = new Float32Array(p.vocabSize * G);
      scatterAddRows(dTable, G, inputs, dZ);
      grads.set('W_x', tf.tensor2d(dTable, [p.vocabSize, G]));
      return grads;
    },
  };
}
