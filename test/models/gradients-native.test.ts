// The native backend's host-array training graphs (BLAS kernels) against tfjs autodiff of the straightforward
// formulation, for every model variant; skipped with the reason when the rnnlab-native addon is not built.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { ModelConfig } from '../../src/config/run-config.js';
import { buildModel, disposeModel } from '../../src/models/build-model.js';
import { createSeededRandom } from '../../src/models/seeded-random.js';
import { initBackend, tf } from '../../src/models/backend.js';
import { referenceLoss } from '../../src/train/reference-loss.js';
import { computeGradients } from '../../src/train/train-update.js';
import { bookRunConfig } from '../helpers/engine-fixtures.js';

let skipReason: string | undefined;

before(async () => {
  try {
    assert.equal(await initBackend('native'), 'native');
  } catch (error) {
    skipReason = (error as Error).message;
  }
});

const T = 3;
const B = 2;
const V = 6;

for (const partial of [
  { type: 'rnn' },
  { type: 'rnn', bias: true },
  { type: 'rnncf', variant: 'book' },
  { type: 'rnncf', variant: 'book', activation: 'sigmoid', learn_alpha: true, bias: true },
  { type: 'rnncf', variant: 'paper', activation: 'sigmoid', learn_alpha: true, bias: true },
  { type: 'rnncf', variant: 'paper', activation: 'tanh' },
  { type: 'rnncf', variant: 'paper', context: 0 },
  { type: 'rnncf', variant: 'book', context: 0 },
  { type: 'stacked', layers: [4, 3, 2], bias: true },
  { type: 'lstm', bias: true },
] as Partial<ModelConfig>[]) {
  test(`native ${JSON.stringify(partial)}: gradients equal autodiff`, (t) => {
    if (skipReason) return void t.skip(skipReason);
    const config = bookRunConfig({ model: { hidden: 4, context: 3, init_std: 0.5, ...partial } }).model;
    const random = createSeededRandom(3, 'cpu');
    const model = buildModel(config, V, random);
    const inputs = Int32Array.from({ length: T * B }, () => random.int(V));
    const targets = Int32Array.from({ length: T * B }, () => random.int(V));
    try {
      tf.tidy(() => {
        const state = model.stateSizes.map((size) => tf.randomNormal([B, size], 0, 0.5, 'float32', 1) as tf.Tensor2D);
        const fast = computeGradients(model, { inputs, targets }, T, B, state);
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
  });
}
