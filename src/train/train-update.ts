// One truncated-BPTT update: forward over an unrolled batch, hand-written backward, clipping, Adam.
import type { RecurrentModel, State, Gradients } from '../models/recurrent-model.js';
import type { AdamOptimizer } from './adam-optimizer.js';
import { tf } from './backend.js';
import { clipByGlobalNorm } from './clip-by-global-norm.js';
import { outputLossAndGradients } from './output-loss.js';

export interface UnrolledBatch {
  inputs: Int32Array; // [numUnroll * batch], index t*batch + b
  targets: Int32Array; // same layout
}

/**
 * Trains on one unrolled batch starting from `state` and returns the mean cross-entropy of its predictions
 * (computed before the update, as the book reports it) and the final states (new tensors; the caller owns them
 * and disposes `state` when done).
 */
export function trainUpdate(
  model: RecurrentModel,
  optimizer: AdamOptimizer,
  batch: UnrolledBatch,
  numUnroll: number,
  batchSize: number,
  state: State,
  clipNorm: number,
): { lossNats: number; state: State } {
  let lossNats = NaN;
  const next = tf.tidy(() => {
    const graph = model.trainForward(batch.inputs, numUnroll, batchSize, state);
    const outputGrads: Gradients = new Map();
    const output = outputLossAndGradients(model, graph.features, batch.targets, outputGrads);
    lossNats = output.lossNats;
    const grads = graph.backward(output.dFeatures);
    for (const [name, g] of outputGrads) grads.set(name, g);
    optimizer.apply(clipByGlobalNorm(grads, clipNorm));
    return graph.finalState;
  });
  return { lossNats, state: next };
}
