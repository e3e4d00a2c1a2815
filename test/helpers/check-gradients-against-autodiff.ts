// Shared check: a model's hand-written gradients (the active backend's training graph) equal tfjs autodiff of the
// straightforward formulation, on a tiny random batch.
import assert from 'node:assert/strict';
import type { ModelConfig } from '../../src/config/run-config.js';
import { buildModel, disposeModel } from '../../src/models/build-model.js';
import { createSeededRandom } from '../../src/models/seeded-random.js';
import { tf } from '../../src/models/backend.js';
import { referenceLoss } from '../../src/train/reference-loss.js';
import { computeGradients } from '../../src/train/train-update.js';
import { bookRunConfig } from './engine-fixtures.js';
import { randomizeParameters } from './randomize-parameters.js';

const T = 3; // unroll
const B = 2; // batch
const V = 6; // vocabulary

/** Builds the model from `partial` over small book defaults and asserts loss and every gradient match autodiff. */
export function checkGradientsAgainstAutodiff(partial: Partial<ModelConfig>): void {
  const config = bookRunConfig({ model: { hidden: 4, context: 3, init_std: 0.5, ...partial } }).model;
  const random = createSeededRandom(3, 'cpu');
  const model = buildModel(config, V, random);
  randomizeParameters(model, random, 0.5);
  const inputs = Int32Array.from({ length: T * B }, () => random.int(V));
  const targets = Int32Array.from({ length: T * B }, () => random.int(V));
  try {
    tf.tidy(() => {
      // state: one [B, size] tensor per state the model carries
      const state = model.stateSizes.map((size) => tf.randomNormal([B, size], 0, 0.5, 'float32', 1) as tf.Tensor2D);
      const fast = computeGradients(model, { inputs, targets }, T, B, state);
      assert.deepEqual(fast.finalState.map((t) => t.shape), model.stateSizes.map((size) => [B, size]));
      const { value, grads } = tf.variableGrads(() => referenceLoss(model, inputs, targets, T, B, state), [...model.params.values()]);
      assert.ok(Math.abs(fast.lossNats - value.dataSync()[0]) < 1e-5);
      for (const [name, v] of model.params) {
        const mine = fast.grads.get(name)!.dataSync();
        const theirs = grads[v.name].dataSync();
        theirs.forEach((g, i) => assert.ok(Math.abs(mine[i] - g) <= 2e-6 + 1e-4 * Math.abs(g), `${name}[${i}]: ${mine[i]} vs ${g}`));
      }
    });
  } finally {
    disposeModel(model);
  }
}
