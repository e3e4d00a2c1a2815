// Concatenated validation (the three-layer notebook): the tails as one stream, N predictions with the notebook's wrap,
// one state carried across documents; against a float64 computation of each model's running recurrence.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { ModelConfig } from '../../src/config/run-config.js';
import { buildModel, disposeModel } from '../../src/models/build-model.js';
import { createSeededRandom } from '../../src/models/seeded-random.js';
import { initBackend, tf } from '../../src/models/backend.js';
import { streamValidationLoss } from '../../src/train/stream-validation-loss.js';
import { validationLoss } from '../../src/train/validation-loss.js';
import { bookRunConfig } from '../helpers/engine-fixtures.js';
import { float64Logits, float64RunningStep, float64Weights, type Float64State, type Float64Weights } from '../helpers/float64-models.js';

before(async () => {
  await initBackend('wasm');
});

const tails = [
  { name: '001.txt', tokens: Int32Array.from([1, 4, 2, 5, 0, 3, 3, 1]) },
  { name: '004.txt', tokens: Int32Array.from([2, 2, 5, 1, 4]) },
  { name: '009.txt', tokens: Int32Array.from([5, 3]) },
];

/** The notebook's pairs written out by hand for the 15-token stream above: 14 consecutive pairs, then 0 → 1 again. */
const STREAM = [1, 4, 2, 5, 0, 3, 3, 1, 2, 2, 5, 1, 4, 5, 3];
const PAIRS: [number, number][] = [...STREAM.slice(0, -1).map((id, c): [number, number] => [id, STREAM[c + 1]]), [1, 4]];

function float64StreamLoss(config: ModelConfig, weights: Float64Weights, stateSizes: number[]): number {
  let vectors: Float64State = stateSizes.map((size) => new Array<number>(size).fill(0));
  let total = 0;
  for (const [input, target] of PAIRS) {
    const out = float64RunningStep(config, weights, vectors, input);
    vectors = out.vectors;
    const logits = float64Logits(weights, out.features);
    const max = Math.max(...logits);
    total += Math.log(logits.reduce((sum, z) => sum + Math.exp(z - max), 0)) + max - logits[target];
  }
  return total / PAIRS.length;
}

const models: Partial<ModelConfig>[] = [
  { type: 'rnn' },
  { type: 'rnncf', variant: 'book', activation: 'tanh' },
  { type: 'rnncf', variant: 'paper', activation: 'sigmoid', bias: true },
  { type: 'stacked', layers: [4, 3] },
  { type: 'lstm', bias: true },
];

for (const partial of models) {
  test(`${JSON.stringify(partial)}: N predictions over the N-token stream, state carried across documents and the wrap`, () => {
    const config = bookRunConfig({ model: { hidden: 5, context: 3, init_std: 0.5, alpha: 0.6, ...partial } }).model;
    const model = buildModel(config, 6, createSeededRandom(9, 'init'));
    try {
      const before = tf.memory().numTensors;
      const { lossNats, count } = streamValidationLoss(model, tails);
      assert.equal(tf.memory().numTensors, before);
      assert.equal(count, 15);
      const expected = float64StreamLoss(config, float64Weights(model.params), model.stateSizes);
      assert.ok(Math.abs(lossNats - expected) < 1e-5, `${lossNats} vs float64 ${expected}`);
      // Not the per-document score: the state carried across documents changes the numbers.
      const perDocument = validationLoss(model, tails, tails.map((t) => t.tokens.length - 1)).lossNats;
      assert.ok(Math.abs(lossNats - perDocument) > 1e-3, `${lossNats} vs per document ${perDocument}`);
    } finally {
      disposeModel(model);
    }
  });
}

test('a stream longer than one chunk of logits scores the same as a float64 pass over it', () => {
  // 2600 tokens: three chunks of at most 1000 predictions, the state handed from one to the next.
  const config = bookRunConfig({ model: { type: 'rnn', hidden: 4, init_std: 0.5 } }).model;
  const model = buildModel(config, 6, createSeededRandom(3, 'init'));
  try {
    const ids = Array.from({ length: 2600 }, (_, i) => 1 + ((i * 7 + (i >> 3)) % 5));
    const before = tf.memory().numTensors;
    const { lossNats, count } = streamValidationLoss(model, [
      { name: '001.txt', tokens: Int32Array.from(ids.slice(0, 1500)) },
      { name: '002.txt', tokens: Int32Array.from(ids.slice(1500)) },
    ]);
    assert.equal(tf.memory().numTensors, before);
    assert.equal(count, 2600);
    const weights = float64Weights(model.params);
    let vectors: Float64State = [new Array<number>(4).fill(0)];
    let total = 0;
    for (let c = 0; c < 2600; c++) {
      const [input, target] = c < 2599 ? [ids[c], ids[c + 1]] : [ids[0], ids[1]];
      const out = float64RunningStep(config, weights, vectors, input);
      vectors = out.vectors;
      const logits = float64Logits(weights, out.features);
      const max = Math.max(...logits);
      total += Math.log(logits.reduce((sum, z) => sum + Math.exp(z - max), 0)) + max - logits[target];
    }
    assert.ok(Math.abs(lossNats - total / 2600) < 1e-5, `${lossNats} vs float64 ${total / 2600}`);
  } finally {
    disposeModel(model);
  }
});

test('a stream of fewer than 2 tokens scores nothing: NaN; 2 tokens are the shortest that score', () => {
  const model = buildModel(bookRunConfig({ model: { type: 'rnn', hidden: 3 } }).model, 4, createSeededRandom(2, 'init'));
  try {
    const none = streamValidationLoss(model, [{ name: '001.txt', tokens: Int32Array.from([1]) }]);
    assert.equal(none.count, 0);
    assert.ok(Number.isNaN(none.lossNats));
    // Two tokens: 1 → 3, then the wrap's 1 → 3 again from the carried state; two finite predictions.
    const two = streamValidationLoss(model, [{ name: '001.txt', tokens: Int32Array.from([1, 3]) }]);
    assert.equal(two.count, 2);
    assert.ok(Number.isFinite(two.lossNats) && two.lossNats > 0, String(two.lossNats));
  } finally {
    disposeModel(model);
  }
});
