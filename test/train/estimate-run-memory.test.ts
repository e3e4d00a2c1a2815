// The memory estimate that refuses runs no machine holds: its parameter count checked against the models themselves.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
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
