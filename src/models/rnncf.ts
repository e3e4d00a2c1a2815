// RNN-CF / SCRN (Mikolov et al. 2015): a slow context state s beside the hidden state h, in the paper's form
// and in the book notebook's form (whose training graph reads the previous update's stored states; see README).
import type { ModelConfig } from '../config/run-config.js';
import { nativeKernels, tf } from './backend.js';
import { nativeRnncfForward } from './native-rnncf.js';
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
} from './recurrent-model.js';
import type { SeededRandom } from './seeded-random.js';

/**
 * Parameters: A [V, H] (input → hidden), B [V, C] (input → context), R [H, H], P [C, H] (context → hidden),
 * W_out [H + C, V] = [U; V] (output reads concat(h_t, s_t)), alpha_logit [C] when learn_alpha (α = sigmoid),
 * b_h [H] and b_out [V] when biased. State: [h, s] (just [h] when context = 0).
 *
 * Running recurrence (validation, generation; both variants):
 *   s_t = (1-α)·x_t B + α·s_{t-1}
 *   paper: h_t = act(x_t A + s_t P + h_{t-1} R)      book: h_t = act(x_t A + s_{t-1} P + h_{t-1} R)
 *   y_t = softmax(h_t U + s_t V)
 * Training graph, `book` variant (the notebook's): h_t = act(x_t A + h* R + s* P) where h*, s* are the states
 * stored at the end of the previous unrolled batch; only s recurs within the unroll.
 */
export function createRnncfModel(model: ModelConfig, vocabSize: number, random: SeededRandom): RecurrentModel {
  const H = model.hidden;
  const C = model.context;
  const hasContext = C > 0;
  const book = model.variant === 'book';
  const act = model.activation === 'sigmoid' ? tf.sigmoid : tf.tanh;
  const actDerivative = model.activation === 'sigmoid' ? sigmoidDerivative : tanhDerivative;
  const prefix = uniqueModelPrefix('rnncf');
  const init = { random, std: model.init_std };
  const params = new Map<string, tf.Variable>();
  const add = (name: string, shape: number[], value: typeof init | number = init): tf.Variable => {
    const v = createWeight(prefix + name, shape, value);
    params.set(name, v);
    return v;
  };
  const A = add('A', [vocabSize, H]);
  const B = hasContext ? add('B', [vocabSize, C]) : null;
  const R = add('R', [H, H]);
  const P = hasContext ? add('P', [C, H]) : null;
  add('W_out', [H + C, vocabSize]);
  const alphaLogit =
    hasContext && model.learn_alpha ? add('alpha_logit', [C], Math.log(model.alpha / (1 - model.alpha))) : null;
  const bh = model.bias ? add('b_h', [H], 0) : null;
  if (model.bias) add('b_out', [vocabSize], 0);

  /** α as a [1, C] tensor (learned) or a scalar tensor (fixed), and 1 - α. */
  const alphas = (): { alpha: tf.Tensor; oneMinus: tf.Tensor } => {
    const alpha = alphaLogit === null ? tf.scalar(model.alpha) : tf.reshape(tf.sigmoid(alphaLogit), [1, C]);
    return { alpha, oneMinus: tf.sub(1, alpha) };
  };
  const withBias = (x: tf.Tensor2D): tf.Tensor2D => (bh === null ? x : tf.add(x, bh));

  return {
    vocabSize,
    featureSize: H + C,
    stateSizes: hasContext ? [H, C] : [H],
    params,
    trainForward(inputs, numUnroll, batch, state) {
      const kernels = nativeKernels();
      if (kernels !== null) {
        return nativeRnncfForward(kernels, { vocabSize, model, A, B, R, P, alphaLogit, bh }, inputs, numUnroll, batch, state);
      }
      const [h0, s0] = state;
      const tableA = hostValues(A);
      const tableB = B === null ? null : hostValues(B);
      const { alpha, oneMinus } = alphas();
      const xa: tf.Tensor2D[] = [];
      const xb: tf.Tensor2D[] = [];
      const hs: tf.Tensor2D[] = [];
      const ss: tf.Tensor2D[] = [];
      // Book training graph: the h_{t-1}, s_{t-1} terms are the stored states, constant over the unroll.
      const stored = book ? withBias(hasContext ? tf.add(tf.matMul(h0, R), tf.matMul(s0, P!)) : tf.matMul(h0, R)) : null;
      let h = h0;
      let s = s0;
      for (let t = 0; t < numUnroll; t++) {
        xa.push(upload(gatherRows(tableA, H, inputs, t * batch, batch), batch, H));
        if (hasContext) {
          xb.push(upload(gatherRows(tableB!, C, inputs, t * batch, batch), batch, C));
          s = tf.add(tf.mul(oneMinus, xb[t]), tf.mul(alpha, s)) as tf.Tensor2D; // s_t: [B, C]
          ss.push(s);
        }
        if (stored !== null) h = act(tf.add(xa[t], stored)) as tf.Tensor2D;
        else {
          let pre = tf.add(xa[t], tf.matMul(h, R));
          if (hasContext) pre = tf.add(pre, tf.matMul(s, P!)); // paper: the current s_t
          h = act(withBias(pre as tf.Tensor2D)) as tf.Tensor2D;
        }
        hs.push(h);
      }
      const hAll = tf.concat(hs, 0) as tf.Tensor2D; // [T·B, H]
      const sAll = hasContext ? (tf.concat(ss, 0) as tf.Tensor2D) : null; // [T·B, C]
      return {
        features: sAll === null ? hAll : (tf.concat([hAll, sAll], 1) as tf.Tensor2D),
        finalState: hasContext ? [h, s] : [h],
        backward(dFeatures) {
          const F = H + C;
          const grads: Gradients = new Map();
          const dA: tf.Tensor2D[] = new Array(numUnroll);
          const dS: tf.Tensor2D[] = new Array(numUnroll);
          const RT = tf.transpose(R) as tf.Tensor2D;
          const PT = P === null ? null : (tf.transpose(P) as tf.Tensor2D);
          let dhNext: tf.Tensor2D | null = null;
          let dsNext: tf.Tensor2D | null = null;
          for (let t = numUnroll - 1; t >= 0; t--) {
            let dh: tf.Tensor2D = upload(sliceBlock(dFeatures, F, t * batch, batch, 0, H), batch, H);
            if (dhNext !== null) dh = tf.add(dh, dhNext);
            dA[t] = tf.mul(dh, actDerivative(hs[t]));
            if (!book && t > 0) dhNext = tf.matMul(dA[t], RT);
            if (hasContext) {
              let ds: tf.Tensor2D = upload(sliceBlock(dFeatures, F, t * batch, batch, H, C), batch, C);
              if (dsNext !== null) ds = tf.add(ds, dsNext);
              if (!book) ds = tf.add(ds, tf.matMul(dA[t], PT!)); // paper: h_t reads s_t
              dS[t] = ds;
              dsNext = tf.mul(alpha, ds) as tf.Tensor2D;
            }
          }
          const dAAll = tf.concat(dA, 0) as tf.Tensor2D; // [T·B, H]
          if (book) {
            const dSum = tf.addN(dA) as tf.Tensor2D; // [B, H]: every step reads the same stored states
            grads.set('R', matMulTN(h0, dSum));
            if (hasContext) grads.set('P', matMulTN(s0, dSum));
          } else {
            grads.set('R', matMulTN(tf.concat([h0, ...hs.slice(0, numUnroll - 1)], 0) as tf.Tensor2D, dAAll));
            if (hasContext) grads.set('P', matMulTN(sAll!, dAAll));
          }
          if (bh !== null) grads.set('b_h', tf.sum(dAAll, 0));
          const dTableA = new Float32Array(vocabSize * H);
          scatterAddRows(dTableA, H, inputs, dAAll.dataSync() as Float32Array);
          grads.set('A', tf.tensor2d(dTableA, [vocabSize, H]));
          if (hasContext) {
            const dSAll = tf.concat(dS, 0) as tf.Tensor2D; // d(loss)/d(s_t), [T·B, C]
            const dXB = tf.mul(oneMinus, dSAll) as tf.Tensor2D;
            const dTableB = new Float32Array(vocabSize * C);
            scatterAddRows(dTableB, C, inputs, dXB.dataSync() as Float32Array);
            grads.set('B', tf.tensor2d(dTableB, [vocabSize, C]));
            if (alphaLogit !== null) {
              // ∂s_t/∂α = s_{t-1} - x_t B; chain through α = sigmoid(logit).
              const sPrev = tf.concat([s0, ...ss.slice(0, numUnroll - 1)], 0);
              const dAlpha = tf.sum(tf.mul(dSAll, tf.sub(sPrev, tf.concat(xb, 0))), 0);
              grads.set('alpha_logit', tf.mul(dAlpha, tf.reshape(tf.mul(alpha, oneMinus), [C])));
            }
          }
          return grads;
        },
      };
    },
    step(inputs, state) {
      const [h, s] = state;
      const n = inputs.length;
      const xa = upload(gatherRows(hostValues(A), H, inputs, 0, n), n, H);
      let pre = tf.add(xa, tf.matMul(h, R)) as tf.Tensor2D;
      if (!hasContext) {
        const hNew = act(withBias(pre)) as tf.Tensor2D;
        return { state: [hNew], features: hNew };
      }
      const { alpha, oneMinus } = alphas();
      const xb = upload(gatherRows(hostValues(B!), C, inputs, 0, n), n, C);
      const sNew = tf.add(tf.mul(oneMinus, xb), tf.mul(alpha, s)) as tf.Tensor2D;
      pre = tf.add(pre, tf.matMul(book ? s : sNew, P!));
      const hNew = act(withBias(pre)) as tf.Tensor2D;
      return { state: [hNew, sNew], features: tf.concat([hNew, sNew], 1) as tf.Tensor2D };
    },
    referenceForward(inputsOneHot, state) {
      const [h0, s0] = state;
      const { alpha, oneMinus } = alphas();
      const stored = book ? (hasContext ? tf.add(tf.matMul(h0, R), tf.matMul(s0, P!)) : tf.matMul(h0, R)) : null;
      let h = h0;
      let s = s0;
      const features: tf.Tensor2D[] = [];
      for (const oneHot of inputsOneHot) {
        if (hasContext) s = tf.add(tf.mul(oneMinus, tf.matMul(oneHot, B!)), tf.mul(alpha, s)) as tf.Tensor2D;
        let pre = tf.matMul(oneHot, A) as tf.Tensor2D;
        if (stored !== null) pre = tf.add(pre, stored);
        else {
          pre = tf.add(pre, tf.matMul(h, R));
          if (hasContext) pre = tf.add(pre, tf.matMul(s, P!));
        }
        h = act(withBias(pre)) as tf.Tensor2D;
        features.push(hasContext ? (tf.concat([h, s], 1) as tf.Tensor2D) : h);
      }
      return { features, finalState: hasContext ? [h, s] : [h] };
    },
  };
}
