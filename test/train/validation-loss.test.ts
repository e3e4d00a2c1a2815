// Validation: batch 1, state carried within a sequence and reset between sequences, against a float64 computation.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { buildModel, disposeModel } from '../../src/models/build-model.js';
import { createSeededRandom } from '../../src/models/seeded-random.js';
import { initBackend, tf } from '../../src/models/backend.js';
import { validationLoss } from '../../src/train/validation-loss.js';
import { bookRunConfig } from '../helpers/engine-fixtures.js';
import { float64TrainingLoss, type Float64Weights } from '../helpers/float64-models.js';

before(async () => {
  await initBackend('wasm');
});

test('mean cross-entropy over the scored predictions of every sequence, each from a zero state', () => {
  for (const partial of [{ type: 'rnn' as const }, { type: 'rnncf' as const, variant: 'paper' as const }, { type: 'lstm' as const }]) {
    const config = bookRunConfig({ model: { hidden: 5, context: 3, init_std: 0.5, ...partial } }).model;
    const model = buildModel(config, 6, createSeededRandom(9, 'init'));
    try {
      const sequences = [
        { name: '001.txt', tokens: Int32Array.from([1, 4, 2, 5, 0, 3, 3, 1]) },
        { name: '002.txt', tokens: Int32Array.from([2, 2, 5, 1, 4]) },
      ];
      const before = tf.memory().numTensors;
      const { lossNats, count } = validationLoss(model, sequences, [4, 3]);
      assert.equal(tf.memory().numTensors, before);
      assert.equal(count, 7);
      const weights: Float64Weights = new Map();
      for (const [name, v] of model.params) weights.set(name, { shape: [...v.shape], data: Float64Array.from(v.dataSync()) });
      // The paper RNN-CF, the RNN and the LSTM run the same recurrence in training and validation, so the
      // float64 training-graph loss over one sequence (batch 1, zero state) is the validation loss of that sequence.
      const zero = model.stateSizes.map((size) => new Float64Array(size));
      const first = float64TrainingLoss(config, weights, sequences[0].tokens.subarray(0, 4), sequences[0].tokens.subarray(1, 5), 4, 1, zero);
      const second = float64TrainingLoss(config, weights, sequences[1].tokens.subarray(0, 3), sequences[1].tokens.subarray(1, 4), 3, 1, zero);
      const expected = (first * 4 + second * 3) / 7;
      assert.ok(Math.abs(lossNats - expected) < 1e-5, `${config.type}: ${lossNats} vs ${expected}`);
    } finally {
      disposeModel(model);
    }
  }
});
