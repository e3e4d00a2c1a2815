// LSTM baseline: a standard cell (input, forget, cell, output gates) with a forget-gate bias, output softmax(h_t W_out).
import type { ModelConfig } from '../config/run-config.js';
import { nativeKernels, tf } from './backend.js';
import { nativeLstmForward } from './native-lstm.js';
import { gatherRows, scatterAddRows, sliceBlock } from './host-math.js';
import {
  createWeight,
  hostValues,
  matMulTN,
  sigmoidDerivative,
  tanhDerivative,
  uniqueModelPrefix,
  upload,
  type Gradients,
  type RecurrentModel,
  type State,
} from './recurrent-model.js';
import type { SeededRandom } from './seeded-random.js';

/**
 * Parameters: W_x [V, 4H], W_h [H, 4H], b [4H] (gate blocks i, f, g, o; b starts at 0 except the forget block,
 * which starts at `forget_bias`, and is learned), W_out [H, V], b_out [V] when biased. State: [h, c].
 *   z = x_t W_x + h_{t-1} W_h + b;  i, f, o = sigmoid(z_i, z_f, z_o);  g = tanh(z_g)
 *   c_t = f·c_{t-1} + i·g;  h_t = o·tanh(c_t)
 */
export function createLstmModel(model: ModelConfig, vocabSize: number, random: SeededRandom): RecurrentModel {
  const H = model.hidden;
  const prefix = uniqueModelPrefix('lstm');
  const init = { random, std: model.init_std };
  const params = new Map<string, tf.Variable>();
  const add = (name: string, v: tf.Variable): tf.Variable => (params.set(name, v), v);
  const Wx = add('W_x', createWeight(`${prefix}W_x`, [vocabSize, 4 * H], init));
  const Wh = add('W_h', createWeight(`${prefix}W_h`, [H, 4 * H], init));
  const biasValues = new Float32Array(4 * H);
  biasValues.fill(model.forget_bias, H, 2 * H);
  const b = add('b', tf.tidy(() => tf.variable(tf.tensor1d(biasValues), true, `${prefix}b`)));
  add('W_out', createWeight(`${prefix}W_out`, [H, vocabSize], init));
  if (model.bias) add('b_out', createWeight(`${prefix}b_out`, [vocabSize], 0));

  interface Cell {
    i: tf.Tensor2D;
    f: tf.Tensor2D;
    g: tf.Tensor2D;
    o: tf.Tensor2D;
    c: tf.Tensor2D;
    tanhC: tf.Tensor2D;
    h: tf.Tensor2D;
  }
  const cell = (xw: tf.Tensor2D, h: tf.Tensor2D, c: tf.Tensor2D): Cell => {
    const z = tf.add(tf.add(xw, tf.matMul(h, Wh)), b) as tf.Tensor2D; // [B, 4H]
    const [zi, zf, zg, zo] = tf.split(z, 4, 1) as tf.Tensor2D[];
    const i = tf.sigmoid(zi) as tf.Tensor2D;
    const f = tf.sigmoid(zf) as tf.Tensor2D;
    const g = tf.tanh(zg) as tf.Tensor2D;
    const o = tf.sigmoid(zo) as tf.Tensor2D;
    const cNew = tf.add(tf.mul(f, c), tf.mul(i, g)) as tf.Tensor2D;
    const tanhC = tf.tanh(cNew) as tf.Tensor2D;
    return { i, f, g, o, c: cNew, tanhC, h: tf.mul(o, tanhC) as tf.Tensor2D };
  };

  return {
    vocabSize,
    featureSize: H,
    stateSizes: [H, H],
    params,
    trainForward(inputs, numUnroll, batch, state) {
      const kernels = nativeKernels();
      if (kernels !== null) return nativeLstmForward(kernels, { vocabSize, hidden: H, Wx, Wh, b }, inputs, numUnroll, batch, state);
      const [h0, c0] = state;
      const table = hostValues(Wx);
      const cells: Cell[] = [];
      let h = h0;
      let c = c0;
      for (let t = 0; t < numUnroll; t++) {
        const xw = upload(gatherRows(table, 4 * H, inputs, t * batch, batch), batch, 4 * H);
        const next = cell(xw, h, c);
        cells.push(next);
        h = next.h;
        c = next.c;
      }
      return {
        features: tf.concat(cells.map((x) => x.h), 0) as tf.Tensor2D,
        finalState: [h, c],
        backward(dFeatures) {
          const grads: Gradients = new Map();
          const WhT = tf.transpose(Wh) as tf.Tensor2D;
          const dZ: tf.Tensor2D[] = new Array(numUnroll);
          let dhNext: tf.Tensor2D | null = null;
          let dcNext: tf.Tensor2D | null = null;
          for (let t = numUnroll - 1; t >= 0; t--) {
            const { i, f, g, o, tanhC } = cells[t];
            const cPrev = t === 0 ? c0 : cells[t - 1].c;
            let dh: tf.Tensor2D = upload(sliceBlock(dFeatures, H, t * batch, batch, 0, H), batch, H);
            if (dhNext !== null) dh = tf.add(dh, dhNext);
            let dc = tf.mul(tf.mul(dh, o), tanhDerivative(tanhC)) as tf.Tensor2D;
            if (dcNext !== null) dc = tf.add(dc, dcNext);
            const di = tf.mul(tf.mul(dc, g), sigmoidDerivative(i));
            const df = tf.mul(tf.mul(dc, cPrev), sigmoidDerivative(f));
            const dg = tf.mul(tf.mul(dc, i), tanhDerivative(g));
            const dO = tf.mul(tf.mul(dh, tanhC), sigmoidDerivative(o));
            dZ[t] = tf.concat([di, df, dg, dO], 1) as tf.Tensor2D; // [B, 4H]
            dcNext = tf.mul(dc, f) as tf.Tensor2D;
            if (t > 0) dhNext = tf.matMul(dZ[t], WhT);
          }
          const dZAll = tf.concat(dZ, 0) as tf.Tensor2D; // [T·B, 4H]
          grads.set('W_h', matMulTN(tf.concat([h0, ...cells.slice(0, numUnroll - 1).map((x) => x.h)], 0) as tf.Tensor2D, dZAll));
          grads.set('b', tf.sum(dZAll, 0));
          const dTable = new Float32Array(vocabSize * 4 * H);
          scatterAddRows(dTable, 4 * H, inputs, dZAll.dataSync() as Float32Array);
          grads.set('W_x', tf.tensor2d(dTable, [vocabSize, 4 * H]));
          return grads;
        },
      };
    },
    step(inputs, state) {
      const n = inputs.length;
      const xw = upload(gatherRows(hostValues(Wx), 4 * H, inputs, 0, n), n, 4 * H);
      const next = cell(xw, state[0], state[1]);
      return { state: [next.h, next.c] as State, features: next.h };
    },
    referenceForward(inputsOneHot, state) {
      let [h, c] = state;
      const features: tf.Tensor2D[] = [];
      for (const oneHot of inputsOneHot) {
        const next = cell(tf.matMul(oneHot, Wx), h, c);
        h = next.h;
        c = next.c;
        features.push(h);
      }
      return { features, finalState: [h, c] };
    },
  };
}
