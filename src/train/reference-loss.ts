// The straightforward tfjs formulation of the training loss (one-hot inputs, per-step ops, stock softmax
// cross-entropy): differentiated by tfjs autodiff, it is the reference for the hand-written gradients and the
// benchmark's baseline.
import type { RecurrentModel, State } from '../models/recurrent-model.js';
import { tf } from '../models/backend.js';

/** Mean softmax cross-entropy over the numUnroll × batch predictions, as a differentiable scalar. */
export function referenceLoss(
  model: RecurrentModel,
  inputs: Int32Array,
  targets: Int32Array,
  numUnroll: number,
  batchSize: number,
  state: State,
): tf.Scalar {
  const V = model.vocabSize;
  const oneHots: tf.Tensor2D[] = [];
  for (let t = 0; t < numUnroll; t++) {
    const ids = tf.tensor1d(inputs.subarray(t * batchSize, (t + 1) * batchSize), 'int32');
    oneHots.push(tf.oneHot(ids, V).toFloat() as tf.Tensor2D);
  }
  const { features } = model.referenceForward(oneHots, state);
  const wOut = model.params.get('W_out')!;
  const bOut = model.params.get('b_out');
  const logits = features.map((f) => {
    const l = tf.matMul(f, wOut);
    return bOut === undefined ? l : tf.add(l, bOut);
  });
  const labels = tf.oneHot(tf.tensor1d(targets, 'int32'), V).toFloat();
  return tf.losses.softmaxCrossEntropy(labels, tf.concat(logits, 0)) as tf.Scalar;
}
