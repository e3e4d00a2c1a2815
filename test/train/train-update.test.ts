// Truncated BPTT across unrolled batches: carried state lets a model learn what a reset state cannot.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { createBatchCursors, nextUnrolledBatch } from '../../src/corpus/batch-cursors.js';
import { buildModel, disposeModel } from '../../src/models/build-model.js';
import { zeroState, type State } from '../../src/models/recurrent-model.js';
import { createSeededRandom } from '../../src/models/seeded-random.js';
import { createAdamOptimizer } from '../../src/train/adam-optimizer.js';
import { initBackend, tf } from '../../src/models/backend.js';
import { trainUpdate } from '../../src/train/train-update.js';
import { bookRunConfig } from '../helpers/engine-fixtures.js';

before(async () => {
  await initBackend('wasm');
});

/**
 * "1 1 2 2" repeated (period 4): the token after a 1 (or a 2) depends on the token before it. With num_unroll 3
 * the unrolled batches start alternately on the first and the second token of a pair, so the first prediction of
 * every batch can only be right if the state from the previous batch is carried in; with the state reset per batch
 * its loss stays at ln 2, so the mean loss cannot go below ln 2 / 3 ≈ 0.231.
 */
function trainPeriodic(carry: boolean): number {
  const tokens = Int32Array.from({ length: 400 }, (_, i) => 1 + (Math.floor(i / 2) % 2));
  const config = bookRunConfig({ model: { type: 'rnn', hidden: 8 } }).model;
  const model = buildModel(config, 3, createSeededRandom(4, 'init'));
  const optimizer = createAdamOptimizer(model.params, { learningRate: 0.05, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
  const cursors = createBatchCursors(tokens, 4, 'book');
  let state: State = zeroState(model.stateSizes, 4);
  const losses: number[] = [];
  try {
    for (let u = 0; u < 400; u++) {
      if (!carry) {
        state.forEach((t) => t.dispose());
        state = zeroState(model.stateSizes, 4);
      }
      const out = trainUpdate(model, optimizer, nextUnrolledBatch(cursors, 3), 3, 4, state, 5);
      state.forEach((t) => t.dispose());
      state = out.state;
      losses.push(out.lossNats);
    }
  } finally {
    state.forEach((t) => t.dispose());
    optimizer.dispose();
    disposeModel(model);
  }
  const tail = losses.slice(-50);
  return tail.reduce((a, b) => a + b, 0) / tail.length;
}

test('a period longer than num_unroll is learned only when state is carried across unrolled batches', () => {
  const before = tf.memory().numTensors;
  const carried = trainPeriodic(true);
  const reset = trainPeriodic(false);
  assert.ok(carried < 0.1, `carried state: final loss ${carried}`);
  assert.ok(reset > Math.log(2) / 3 - 0.02, `reset state: final loss ${reset} (floor ln 2 / 3)`);
  assert.equal(tf.memory().numTensors, before);
});
