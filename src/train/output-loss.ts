// The output projection with its softmax cross-entropy, forward and backward in one pass (logits exponentiated once).
import { softmaxCrossEntropyInPlace } from '../models/host-math.js';
import { matMulNT, matMulTN, type Gradients, type RecurrentModel } from '../models/recurrent-model.js';
import { nativeKernels, tf } from '../models/backend.js';

/** Logits of features: features W_out (+ b_out). features: [n, F] → [n, V]. */
export function outputLogits(model: RecurrentModel, features: tf.Tensor2D): tf.Tensor2D {
  const logits = tf.matMul(features, model.params.get('W_out')!) as tf.Tensor2D;
  const bias = model.params.get('b_out');
  return bias === undefined ? logits : (tf.add(logits, bias) as tf.Tensor2D);
}

/**
 * Mean cross-entropy of the predictions `features` [n, F] against `targets` [n]; sets the gradients of W_out (and
 * b_out) in `grads` and returns d(loss)/d(features) as a host array [n, F] for the recurrence's backward pass.
 */
export function outputLossAndGradients(
  model: RecurrentModel,
  features: tf.Tensor2D,
  targets: Int32Array,
  grads: Gradients,
): { lossNats: number; dFeatures: Float32Array } {
  const kernels = nativeKernels();
  if (kernels !== null) {
    // Native: the whole output layer (product, softmax cross-entropy, its three gradients) in one fused kernel.
    const n = targets.length;
    const F = model.featureSize;
    const V = model.vocabSize;
    const bias = model.params.get('b_out');
    const dH = new Float32Array(n * F);
    const dW = new Float32Array(F * V);
    const dB = bias === undefined ? undefined : new Float32Array(V);
    const lossNats = kernels.softmaxCrossEntropy({
      h: features.dataSync() as Float32Array,
      w: model.params.get('W_out')!.dataSync() as Float32Array,
      b: bias?.dataSync() as Float32Array | undefined,
      targets,
      n,
      hidden: F,
      vocab: V,
      dH,
      dW,
      dB,
    });
    grads.set('W_out', tf.tensor2d(dW, [F, V]));
    if (dB !== undefined) grads.set('b_out', tf.tensor1d(dB));
    return { lossNats, dFeatures: dH };
  }
  const logits = outputLogits(model, features);
  // The host copy is turned into d(loss)/d(logits) in place (the logits tensor is not used again).
  const host = logits.dataSync() as Float32Array;
  const lossNats = softmaxCrossEntropyInPlace(host, model.vocabSize, targets);
  const dLogits = tf.tensor2d(host, [targets.length, model.vocabSize]);
  grads.set('W_out', matMulTN(features, dLogits)); // [F, V]
  if (model.params.has('b_out')) grads.set('b_out', tf.sum(dLogits, 0));
  const dFeatures = matMulNT(dLogits, model.params.get('W_out')! as tf.Tensor2D); // [n, F]
  return { lossNats, dFeatures: dFeatures.dataSync() as Float32Array };
}
