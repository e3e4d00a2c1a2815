// Decoding rules, seed-text encoding and the UNK marker.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { buildModel, disposeModel } from '../../src/models/build-model.js';
import { initBackend, tf } from '../../src/models/backend.js';
import { createSeededRandom } from '../../src/models/seeded-random.js';
import { chooseToken, encodeSeedText, formatTokens, generateTokens, UNK_MARKER } from '../../src/train/generate-text.js';
import { bookRunConfig } from '../helpers/engine-fixtures.js';
import { float64Logits, float64RunningStep, float64Weights } from '../helpers/float64-models.js';

before(async () => {
  await initBackend('wasm');
});

const vocabulary = { ngram: 2 as const, tokens: ['UNK', 'th', 'e ', 'he'], counts: [1, 1, 1, 1] };

test('greedy takes the argmax; top_k with k = 1 agrees', () => {
  const logits = Float32Array.from([0.1, 2, -1, 1.9]);
  const random = createSeededRandom(1, 'g');
  assert.equal(chooseToken(logits, 'greedy', 1, 5, random), 1);
  assert.equal(chooseToken(logits, 'top_k', 1, 1, random), 1);
});

test('sample draws in proportion to softmax(logits / temperature); top_k never leaves the k best', () => {
  const logits = Float32Array.from([0, Math.log(3), -Infinity, Math.log(6)]);
  const random = createSeededRandom(2, 's');
  const counts = [0, 0, 0, 0];
  const n = 20000;
  for (let i = 0; i < n; i++) counts[chooseToken(logits, 'sample', 1, 0, random)]++;
  [1 / 10, 3 / 10, 0, 6 / 10].forEach((p, i) => assert.ok(Math.abs(counts[i] / n - p) < 0.015, `token ${i}: ${counts[i] / n} vs ${p}`));
  const top = new Set<number>();
  for (let i = 0; i < 2000; i++) top.add(chooseToken(logits, 'top_k', 5, 2, random));
  assert.deepEqual([...top].sort(), [1, 3]);
  // A high temperature flattens: token 0 becomes much more likely than at temperature 1.
  let zeros = 0;
  for (let i = 0; i < n; i++) if (chooseToken(logits, 'sample', 100, 0, random) === 0) zeros++;
  assert.ok(zeros / n > 0.3);
});

test('seed text: lower-cased full n-grams, unknown ones as UNK; UNK renders as the marker', () => {
  assert.deepEqual([...encodeSeedText('THe x', vocabulary)], [1, 2]);
  assert.deepEqual([...encodeSeedText('he xy!', vocabulary)], [3, 0, 0]);
  assert.equal(formatTokens([1, 0, 3], vocabulary), `th${UNK_MARKER}he`);
  assert.equal(UNK_MARKER, 'UNK');
});

test('greedy generation of the book RNN-CF follows the float64 running recurrence (h_t reads s_{t-1}) from a noise state', () => {
  // σ 0.8 spreads the logits, so each argmax leads its runner-up by far more than float32 rounding.
  const config = bookRunConfig({ model: { type: 'rnncf', variant: 'book', hidden: 6, context: 4, init_std: 0.8, alpha: 0.6 } }).model;
  const V = 9;
  const model = buildModel(config, V, createSeededRandom(4, 'init'));
  const noise = createSeededRandom(4, 'noise');
  const stateValues = model.stateSizes.map((size) => Array.from({ length: size }, () => noise.truncatedNormal(0.5)));
  const state = stateValues.map((values) => tf.tensor2d([values]));
  try {
    const seed = Int32Array.from([3, 7]);
    const out = generateTokens(model, seed, state, { length: 12, decoding: 'greedy', temperature: 1, topK: 1, random: createSeededRandom(1, 'g') });
    tf.dispose(out.state);
    // The caller's state is the caller's: still alive after generation.
    assert.ok(state.every((t) => !t.isDisposed), 'generateTokens disposed the state it was given');
    const weights = float64Weights(model.params);
    let vectors = stateValues;
    let logits: number[] = [];
    const feed = (id: number) => {
      const step = float64RunningStep(config, weights, vectors, id);
      vectors = step.vectors;
      logits = float64Logits(weights, step.features);
    };
    seed.forEach(feed);
    const expected: number[] = [];
    for (let k = 0; k < 12; k++) {
      const sorted = [...logits].sort((a, b) => b - a);
      assert.ok(sorted[0] - sorted[1] > 1e-4, `token ${k}: argmax too close to call (${sorted[0]} vs ${sorted[1]})`);
      expected.push(logits.indexOf(sorted[0]));
      feed(expected[k]);
    }
    assert.deepEqual([...out.ids], expected);
    assert.ok(new Set(expected).size > 2, `a degenerate sequence tests little: ${expected}`);
  } finally {
    tf.dispose(state);
    disposeModel(model);
  }
});
