// One truncated-BPTT update: forward over an unrolled batch, hand-written backward, clipping, Adam.
import type { RecurrentModel, State, Gradients } from '../models/recurrent-model.js';
import type { AdamOptimizer } from './adam-optimizer.js';
import { tf } from '../models/backend.js';
import { clipByGlobalNorm } from './clip-by-global-norm.js';
import { outputLossAndGradients } from './output-loss.js';

export interface UnrolledBatch {
  inputs: Int32Array; // [numUnroll * batch], index t*batch + b
  targets: Int32Array; // same layout
}

/**
 * Loss and gradients of one unrolled batch, without updating (call inside a tf.tidy): mean cross-entropy in nats,
 * gradients by parameter name (unclipped), and the final states.
 */
export function computeGradients(
  model: RecurrentModel,
  batch: UnrolledBatch,
  numUnroll: number,
  batchSize: number,
  state: State,
): { lossNats: number; grads: Gradients; finalState: State } {
  const graph = model.trainForward(batch.inputs, numUnroll, batchSize, state);
  const outputGrads: Gradients = new Map();
  const output = outputLossAndGradients(model, graph.features, batch.targets, outputGrads);
  const grads = graph.backward(output.dFeatures);
  for (const [name, g] of outputGrads) grads.set(name, g);
  return { lossNats: output.lossNats, grads, finalState: graph.finalState };
}

/**
 * Trains on one unrolled batch starting from `state` (the tfjs engine's update) and returns the mean cross-entropy
 * of its predictions (computed before the update, as the book reports it), the final states (new tensors; the
 * caller owns them and disposes `state` when done), and the gradients' norms before clipping.
 */
export function trainUpdate(
  model: RecurrentModel,
  optimizer: AdamOptimizer,
  batch: UnrolledBatch,
  numUnroll: number,
  batchSize: number,
  state: State,
  clipNorm: number,
): { lossNats: number; state: State; gradNormBeforeClip: number; paramSquaredNorms: Map<string, number> } {
  let lossNats = NaN;
  let squares: Float32Array = new Float32Array(0);
  const names: string[] = [];
  const next = tf.tidy(() => {
    const result = computeGradients(model, batch, numUnroll, batchSize, state);
    lossNats = result.lossNats;
    // The diagnostics: each gradient's squared norm, read back in one sync of a [parameters] vector.
    for (const name of result.grads.keys()) names.push(name);
    squares = tf.stack([...result.grads.values()].map((g) => tf.sum(tf.square(g)))).dataSync() as Float32Array;
    optimizer.apply(clipByGlobalNorm(result.grads, clipNorm));
    return result.finalState;
  });
  const paramSquaredNorms = new Map(names.map((name, i) => [name, squares[i]]));
  const gradNormBeforeClip = Math.sqrt(squares.reduce((sum, x) => sum + x, 0));
  return { lossNats, state: next, gradNormBeforeClip, paramSquaredNorms };
}
