// The training graph of a tanh stack (rnn, stacked) on host arrays with the native kernels (BLAS products and
// fused recurrences): the `native` backend's fast path, numerically the same model as stacked.ts's tfjs path.
import type { Kernels } from '../kernels/kernels.js';
import { tf } from './backend.js';
import { gatherRows, scatterAddRows } from './host-math.js';
import type { Gradients, State, TrainGraph } from './recurrent-model.js';

export interface TanhStackParams {
  vocabSize: number;
  sizes: number[];
  wxh: tf.Variable[];
  whh: tf.Variable[];
  bh: (tf.Variable | null)[];
  /** Parameter-name suffix of layer l ('' for a single layer). */
  suffix(l: number): string;
}

const host = (t: tf.Tensor): Float32Array => t.dataSync() as Float32Array;

export function nativeTanhStackForward(
  kernels: Kernels,
  p: TanhStackParams,
  inputs: Int32Array,
  numUnroll: number,
  batch: number,
  state: State,
): TrainGraph {
  const N = numUnroll * batch;
  const { sizes } = p;
  const layerInputs: Float32Array[] = []; // the input of layer l (l ≥ 1): [N, sizes[l-1]]
  const layerOutputs: Float32Array[] = []; // hs of layer l: [N, sizes[l]], row t·batch + b
  let below: Float32Array | null = null;
  sizes.forEach((H, l) => {
    let pre: Float32Array;
    if (below === null) pre = gatherRows(host(p.wxh[0]), H, inputs, 0, N);
    else {
      pre = new Float32Array(N * H);
      kernels.sgemm({ transA: false, transB: false, m: N, n: H, k: sizes[l - 1], alpha: 1, a: below, b: host(p.wxh[l]), beta: 0, c: pre });
    }
    const bias = p.bh[l];
    if (bias !== null) {
      const b = host(bias);
      for (let r = 0; r < N; r++) for (let j = 0; j < H; j++) pre[r * H + j] += b[j];
    }
    const hs = new Float32Array(N * H);
    kernels.rnnForward({ activation: 'tanh', steps: numUnroll, batch, hidden: H, whh: host(p.whh[l]), h0: host(state[l]), pre, hs });
    layerInputs.push(below ?? new Float32Array(0));
    layerOutputs.push(hs);
    below = hs;
  });
  const L = sizes.length;
  const top = sizes[L - 1];
  return {
    features: tf.tensor2d(layerOutputs[L - 1], [N, top]),
    finalState: layerOutputs.map((hs, l) => tf.tensor2d(hs.slice((numUnroll - 1) * batch * sizes[l]), [batch, sizes[l]])),
    backward(dFeatures) {
      const grads: Gradients = new Map();
      let dHs = dFeatures;
      for (let l = L - 1; l >= 0; l--) {
        const H = sizes[l];
        const dPre = new Float32Array(N * H);
        const dWhh = new Float32Array(H * H);
        const dH0 = new Float32Array(batch * H); // stopped at the batch boundary (truncated BPTT)
        kernels.rnnBackward({
          activation: 'tanh',
          steps: numUnroll,
          batch,
          hidden: H,
          whh: host(p.whh[l]),
          h0: host(state[l]),
          hs: layerOutputs[l],
          dHs,
          dPre,
          dWhh,
          dH0,
        });
        grads.set(`W_hh${p.suffix(l)}`, tf.tensor2d(dWhh, [H, H]));
        if (p.bh[l] !== null) {
          const dB = new Float32Array(H);
          for (let r = 0; r < N; r++) for (let j = 0; j < H; j++) dB[j] += dPre[r * H + j];
          grads.set(`b_h${p.suffix(l)}`, tf.tensor1d(dB));
        }
        if (l === 0) {
          const dTable = new Float32Array(p.vocabSize * H);
          scatterAddRows(dTable, H, inputs, dPre);
          grads.set(`W_xh${p.suffix(0)}`, tf.tensor2d(dTable, [p.vocabSize, H]));
        } else {
          const Hb = sizes[l - 1];
          const dW = new Float32Array(Hb * H);
          kernels.sgemm({ transA: true, transB: false, m: Hb, n: H, k: N, alpha: 1, a: layerInputs[l], b: dPre, beta: 0, c: dW });
          grads.set(`W_xh${p.suffix(l)}`, tf.tensor2d(dW, [Hb, H]));
          const dBelow = new Float32Array(N * Hb);
          kernels.sgemm({ transA: false, transB: true, m: N, n: Hb, k: H, alpha: 1, a: dPre, b: host(p.wxh[l]), beta: 0, c: dBelow });
          dHs = dBelow;
        }
      }
      return grads;
    },
  };
}
