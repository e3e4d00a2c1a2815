// Stacked tanh RNN: h^l_t = tanh(h^{l-1}_t W^l_xh + h^l_{t-1} W^l_hh), output softmax(h^L_t W_out); layer 1 reads token ids.
import type { ModelConfig } from '../config/run-config.js';
import { nativeKernels, tf } from './backend.js';
import { nativeTanhStackForward } from './native-tanh-stack.js';
import { gatherRows, scatterAddRows, sliceBlock } from './host-math.js';
import {
  createWeight,
  hostValues,
  matMulTN,
  uniqueModelPrefix,
  upload,
  type Gradients,
  type RecurrentModel,
  type State,
} from './recurrent-model.js';
import type { SeededRandom } from './seeded-random.js';
import { tanhLayerBackward, tanhLayerForward } from './tanh-layer.js';

/**
 * A stack of tanh layers of the given sizes (bottom first). Parameter names: W_xh, W_hh, b_h for one layer
 * (the plain RNN); W_xh_1, W_hh_1, … for several; W_out [top, V] and b_out [V] for the output.
 */
export function createTanhStack(
  kind: string,
  sizes: number[],
  model: Pick<ModelConfig, 'bias' | 'init_std'>,
  vocabSize: number,
  random: SeededRandom,
): RecurrentModel {
  const prefix = uniqueModelPrefix(kind);
  const init = { random, std: model.init_std };
  const suffix = (l: number): string => (sizes.length === 1 ? '' : `_${l + 1}`);
  const params = new Map<string, tf.Variable>();
  const add = (name: string, shape: number[], value: typeof init | number = init): tf.Variable => {
    const v = createWeight(prefix + name, shape, value);
    params.set(name, v);
    return v;
  };
  const wxh: tf.Variable[] = [];
  const whh: tf.Variable[] = [];
  const bh: (tf.Variable | null)[] = [];
  sizes.forEach((size, l) => {
    wxh.push(add(`W_xh${suffix(l)}`, [l === 0 ? vocabSize : sizes[l - 1], size]));
    whh.push(add(`W_hh${suffix(l)}`, [size, size]));
    bh.push(model.bias ? add(`b_h${suffix(l)}`, [size], 0) : null);
  });
  const top = sizes[sizes.length - 1];
  const wOut = add('W_out', [top, vocabSize]);
  if (model.bias) add('b_out', [vocabSize], 0);

  const withBias = (x: tf.Tensor2D, l: number): tf.Tensor2D => (bh[l] === null ? x : tf.add(x, bh[l]!));

  return {
    vocabSize,
    featureSize: top,
    stateSizes: [...sizes],
    params,
    trainForward(inputs, numUnroll, batch, state) {
      const kernels = nativeKernels();
      if (kernels !== null) {
        return nativeTanhStackForward(kernels, { vocabSize, sizes, wxh, whh, bh, suffix }, inputs, numUnroll, batch, state);
      }
      // Layer 1's input projection is a row lookup done on the host (no one-hot product, no gather gradient).
      const table = hostValues(wxh[0]);
      const layerInputs: tf.Tensor2D[][] = [];
      const layerOutputs: tf.Tensor2D[][] = [];
      let below: tf.Tensor2D[] | null = null;
      sizes.forEach((size, l) => {
        const xProj: tf.Tensor2D[] = [];
        for (let t = 0; t < numUnroll; t++) {
          const x: tf.Tensor2D =
            below === null
              ? upload(gatherRows(table, size, inputs, t * batch, batch), batch, size)
              : tf.matMul(below[t], wxh[l] as tf.Tensor2D);
          xProj.push(withBias(x, l));
        }
        const hs = tanhLayerForward(xProj, state[l], whh[l] as tf.Tensor2D);
        layerInputs.push(below ?? []);
        layerOutputs.push(hs);
        below = hs;
      });
      const hsTop = layerOutputs[sizes.length - 1];
      return {
        features: tf.concat(hsTop, 0) as tf.Tensor2D,
        finalState: layerOutputs.map((hs) => hs[numUnroll - 1]),
        backward(dFeatures) {
          const grads: Gradients = new Map();
          let dHs: tf.Tensor2D[] = [];
          for (let t = 0; t < numUnroll; t++) dHs.push(upload(sliceBlock(dFeatures, top, t * batch, batch, 0, top), batch, top));
          for (let l = sizes.length - 1; l >= 0; l--) {
            const { dA, dWhh } = tanhLayerBackward(dHs, layerOutputs[l], state[l], whh[l] as tf.Tensor2D);
            grads.set(`W_hh${suffix(l)}`, dWhh);
            const dAll = tf.concat(dA, 0) as tf.Tensor2D; // [T·B, H_l]
            if (bh[l] !== null) grads.set(`b_h${suffix(l)}`, tf.sum(dAll, 0));
            if (l === 0) {
              // Scatter-add: the gradient of the row lookup.
              const dTable = new Float32Array(vocabSize * sizes[0]);
              scatterAddRows(dTable, sizes[0], inputs, dAll.dataSync() as Float32Array);
              grads.set(`W_xh${suffix(l)}`, tf.tensor2d(dTable, [vocabSize, sizes[0]]));
            } else {
              grads.set(`W_xh${suffix(l)}`, matMulTN(tf.concat(layerInputs[l], 0) as tf.Tensor2D, dAll));
              const wT = tf.transpose(wxh[l]) as tf.Tensor2D;
              dHs = dA.map((d) => tf.matMul(d, wT));
            }
          }
          return grads;
        },
      };
    },
    step(inputs, state) {
      const table = hostValues(wxh[0]);
      const next: State = [];
      let below: tf.Tensor2D | null = null;
      sizes.forEach((size, l) => {
        const x: tf.Tensor2D =
          below === null
            ? upload(gatherRows(table, size, inputs, 0, inputs.length), inputs.length, size)
            : tf.matMul(below, wxh[l] as tf.Tensor2D);
        const h = tf.tanh(tf.add(withBias(x, l), tf.matMul(state[l], whh[l] as tf.Tensor2D))) as tf.Tensor2D;
        next.push(h);
        below = h;
      });
      return { state: next, features: next[sizes.length - 1] };
    },
    referenceForward(inputsOneHot, state) {
      let hs = [...state];
      const features: tf.Tensor2D[] = [];
      for (const oneHot of inputsOneHot) {
        let below = oneHot;
        hs = hs.map((h, l) => {
          const a = tf.add(tf.matMul(below, wxh[l]), tf.matMul(h, whh[l]));
          below = tf.tanh(bh[l] === null ? a : tf.add(a, bh[l]!)) as tf.Tensor2D;
          return below;
        });
        features.push(below);
      }
      return { features, finalState: hs };
    },
  };
}

/** The stacked model of `model.layers` (the book's three-layer notebook: 128, 64, 32). */
export function createStackedModel(model: ModelConfig, vocabSize: number, random: SeededRandom): RecurrentModel {
  return createTanhStack('stacked', model.layers, model, vocabSize, random);
}
