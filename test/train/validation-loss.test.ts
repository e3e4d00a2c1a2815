// Validation: batch 1, state carried within a sequence and reset between sequences, against a float64 computation
// of each model's running recurrence (for the book RNN-CF, the notebook's validation graph: h_t reads s_{t-1}).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { ModelConfig } from '../../src/config/run-config.js';
import { buildModel, disposeModel } from '../../src/models/build-model.js';
import { createSeededRandom } from '../../src/models/seeded-random.js';
import { initBackend, tf } from '../../src/models/backend.js';
import { validationLoss } from '../../src/train/validation-loss.js';
import { bookRunConfig } from '../helpers/engine-fixtures.js';
import { float64ValidationLoss, float64Weights } from '../helpers/float64-models.js';

before(async () => {
  await initBackend('wasm');
});

const models: Partial<ModelConfig>[] = [
  { type: 'rnn' },
  { type: 'rnn', bias: true },
  { type: 'rnncf', variant: 'book', activation: 'tanh' },
  { type: 'rnncf', variant: 'book', activation: 'tanh', learn_alpha: true, bias: true },
  { type: 'rnncf', variant: 'book', context: 0 },
  { type: 'rnncf', variant: 'paper', activation: 'sigmoid' },
  { type: 'rnncf', variant: 'paper', activation: 'tanh', learn_alpha: true, bias: true },
  { type: 'stacked', layers: [4, 3] },
  { type: 'lstm', bias: true },
];

for (const partial of models) {
  test(`${JSON.stringify(partial)}: mean cross-entropy over the scored predictions of every sequence, each from a zero state`, () => {
    // σ 0.5 and α 0.6: every term of the recurrence moves the loss far more than float32 rounding (~1e-7).
    const config = bookRunConfig({ model: { hidden: 5, context: 3, init_std: 0.5, alpha: 0.6, ...partial } }).model;
    const model = buildModel(config, 6, createSeededRandom(9, 'init'));
    try {
      const sequences = [
        { name: '001.txt', tokens: Int32Array.from([1, 4, 2, 5, 0, 3, 3, 1]) },
        { name: '002.txt', tokens: Int32Array.from([2, 2, 5, 1, 4]) },
      ];
      const before = tf.memory().numTensors;
      // 4 of the first sequence's 7 predictions, and all 4 of the second's (asking for 9 scores only those that exist).
      const { lossNats, count } = validationLoss(model, sequences, [4, 9]);
      assert.equal(tf.memory().numTensors, before);
      assert.equal(count, 8);
      const expected = float64ValidationLoss(config, float64Weights(model.params), model.stateSizes, sequences.map((s) => s.tokens), [4, 9]);
      assert.equal(expected.count, 8);
      assert.ok(Math.abs(lossNats - expected.lossNats) < 1e-5, `${lossNats} vs float64 ${expected.lossNats}`);
    } finally {
      disposeModel(model);
    }
  });
}

test('a sequence with nothing to score counts for nothing; no scored prediction at all gives NaN', () => {
  const config = bookRunConfig({ model: { type: 'rnn', hidden: 3, init_std: 0.5 } }).model;
  const model = buildModel(config, 4, createSeededRandom(2, 'init'));
  try {
    const one = { name: '001.txt', tokens: Int32Array.from([1, 2, 3]) };
    const alone = validationLoss(model, [one], [2]);
    const withEmpty = validationLoss(model, [{ name: '002.txt', tokens: Int32Array.from([3]) }, one, one], [5, 2, 0]);
    assert.equal(withEmpty.count, 2);
    assert.equal(withEmpty.lossNats, alone.lossNats);
    const none = validationLoss(model, [{ name: '003.txt', tokens: Int32Array.from([1]) }], [3]);
    assert.equal(none.count, 0);
    assert.ok(Number.isNaN(none.lossNats));
  } finally {
    disposeModel(model);
  }
});
