// One tanh recurrent layer unrolled over time, forward and hand-written backward (shared by rnn and stacked).
import { tf } from './backend.js';
import { matMulTN, tanhDerivative } from './recurrent-model.js';

/**
 * h_t = tanh(xProj_t + h_{t-1} W_hh) for t = 1..T.
 * xProj: T tensors [B, H] (input projection, bias included); h0: [B, H]; whh: [H, H]. Returns h_1..h_T.
 */
export function tanhLayerForward(xProj: tf.Tensor2D[], h0: tf.Tensor2D, whh: tf.Tensor2D): tf.Tensor2D[] {
  const hs: tf.Tensor2D[] = [];
  let h = h0;
  for (const x of xProj) {
    h = tf.tanh(tf.add(x, tf.matMul(h, whh)));
    hs.push(h);
  }
  return hs;
}

/**
 * Backward of tanhLayerForward. dHs: T tensors [B, H], d(loss)/d(h_t) from the layers above.
 * Returns dA: T tensors [B, H] = d(loss)/d(xProj_t) (also the gradient of the pre-activation), and dWhh [H, H].
 */
export function tanhLayerBackward(
  dHs: tf.Tensor2D[],
  hs: tf.Tensor2D[],
  h0: tf.Tensor2D,
  whh: tf.Tensor2D,
): { dA: tf.Tensor2D[]; dWhh: tf.Tensor2D } {
  const whhT = tf.transpose(whh); // explicit transpose: wasm matMul with transpose flags is slow
  const steps = hs.length;
  const dA: tf.Tensor2D[] = new Array(steps);
  let dhNext: tf.Tensor2D | null = null;
  for (let t = steps - 1; t >= 0; t--) {
    const dh = dhNext === null ? dHs[t] : tf.add(dHs[t], dhNext);
    dA[t] = tf.mul(dh, tanhDerivative(hs[t]));
    if (t > 0) dhNext = tf.matMul(dA[t], whhT);
  }
  // dW_hh = Σ_t h_{t-1}^T dA_t, as one [H, T·B] × [T·B, H] product.
  const dWhh = matMulTN(tf.concat([h0, ...hs.slice(0, steps - 1)], 0), tf.concat(dA, 0));
  return { dA, dWhh };
}
