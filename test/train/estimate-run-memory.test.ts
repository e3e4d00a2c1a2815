// The memory estimate that refuses runs no machine holds: its parameter count checked against the models themselves.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelConfig } from '../../src/config/run-config.js';
import { UserError } from '../../src/config/user-error.js';
import { buildModel } from '../../src/models/build-model.js';
import { initBackend } from '../../src/models/backend.js';
import { createSeededRandom } from '../../src/models/seeded-random.js';
import { checkRunMemory, countParameters, estimateRunMemoryBytes, formatBytes } from '../../src/train/estimate-run-memory.js';
import { bookRunConfig } from '../helpers/engine-fixtures.js';

before(async () => {
  await initBackend('cpu');
});

test('countParameters equals the weight matrices each model really allocates (bias off), for every model type', () => {
  const models = [
    { type: 'rnn' as const, hidden: 7 },
    { type: 'rnncf' as const, hidden: 6, context: 5 },
    { type: 'stacked' as const, layers: [9, 4, 3] },
    { type: 'lstm' as const, hidden: 5 },
  ];
  for (const overrides of models) {
    const config = bookRunConfig({ model: { ...overrides, bias: false } });
    const model = buildModel(config.model, 11, createSeededRandom(1, 'test'));
    try {
      const allocated = [...model.params.values()].reduce((sum, variable) => sum + variable.size, 0);
      // The LSTM's forget-gate bias is allocated even without `bias`: a vector, which the estimate leaves out.
      const vectors = [...model.params.values()].filter((v) => v.rank < 2).reduce((sum, v) => sum + v.size, 0);
      assert.equal(countParameters(config.model, 11), allocated - vectors, overrides.type);
    } finally {
      for (const variable of model.params.values()) variable.dispose();
    }
  }
});

test('the estimate adds 4 copies of the weights and the unrolled activations, in float32', () => {
  // rnn, V = 100, H = 10: weights 100·10 + 10·10 + 10·100 = 2100; activations 50 · 64 · (10 + 2·100) = 672000.
  const config = bookRunConfig({ model: { type: 'rnn', hidden: 10 }, train: { num_unroll: 50, batch_size: 64 } });
  assert.equal(estimateRunMemoryBytes(config, 100), 4 * (4 * 2100 + 672000));
  assert.equal(formatBytes(2_721_600), '2.7 MB');
  assert.doesNotThrow(() => checkRunMemory(config, 100, 2_721_600));
  assert.throws(() => checkRunMemory(config, 100, 2_000_000), (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.equal(
      error.message,
      'model.hidden 10, train.batch_size 64 and train.num_unroll 50 with a vocabulary of 100: one run needs at least ' +
        '2.7 MB (weights, gradients, Adam state and the unrolled activations), more than the 2.0 MB of memory this ' +
        'machine has; use smaller sizes',
    );
    return true;
  });
});

test('the activations count every model\'s carried units: stacked its layers, LSTM 6·H, RNN-CF hidden + context', () => {
  // num_unroll 2, batch 3, V = 10: activations 6 · (units + 20); weights as countParameters says.
  const cases: [Partial<ModelConfig>, number][] = [
    [{ type: 'stacked', layers: [4, 3] }, 4 + 3],
    [{ type: 'lstm', hidden: 5 }, 6 * 5],
    [{ type: 'rnncf', hidden: 6, context: 2 }, 6 + 2],
    [{ type: 'rnn', hidden: 6, context: 2 }, 6], // context unused
  ];
  for (const [model, units] of cases) {
    const config = bookRunConfig({ model, train: { num_unroll: 2, batch_size: 3 } });
    assert.equal(estimateRunMemoryBytes(config, 10), 4 * (4 * countParameters(config.model, 10) + 6 * (units + 20)), config.model.type);
  }
});

test('formatBytes: plain bytes below 1000, then one decimal below 10 of a unit, whole numbers above, up to PB', () => {
  assert.equal(formatBytes(999), '999 bytes');
  assert.equal(formatBytes(1000), '1.0 KB');
  assert.equal(formatBytes(9_949), '9.9 KB');
  assert.equal(formatBytes(10_000), '10 KB');
  assert.equal(formatBytes(999_000), '999 KB');
  assert.equal(formatBytes(4.2e9), '4.2 GB');
  assert.equal(formatBytes(37e12), '37 TB');
  assert.equal(formatBytes(3e15), '3.0 PB');
  assert.equal(formatBytes(5e18), '5000 PB'); // no unit past PB
});

test('the refusal names the sizes of the model at hand: the layers of a stacked model, the context of an RNN-CF', () => {
  const refusal = (model: Partial<ModelConfig>) => {
    const config = bookRunConfig({ model, train: { num_unroll: 2, batch_size: 3 } });
    try {
      checkRunMemory(config, 10, 1);
    } catch (error) {
      return (error as Error).message.split(', train.batch_size')[0];
    }
    assert.fail('not refused');
  };
  assert.equal(refusal({ type: 'stacked', layers: [4, 3] }), 'model.layers [4, 3]');
  assert.equal(refusal({ type: 'rnncf', hidden: 6, context: 2 }), 'model.hidden 6, model.context 2');
  assert.equal(refusal({ type: 'lstm', hidden: 5, context: 2 }), 'model.hidden 5');
});
