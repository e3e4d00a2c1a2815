// Decoding rules (the sampling arithmetic against float64 softmax(logits / T)), seed-text encoding and the UNK marker.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { buildModel, disposeModel } from '../../src/models/build-model.js';
import { initBackend, tf } from '../../src/models/backend.js';
import { createSeededRandom, type SeededRandom } from '../../src/models/seeded-random.js';
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

/** A stand-in for the seeded generator whose next() returns `values` in turn: chooseToken draws one per token. */
function draws(...values: number[]): SeededRandom {
  let i = 0;
  return { next: () => values[i++] } as unknown as SeededRandom;
}

/** Right ends F(k) of the intervals of softmax(logits[ids] / T), in float64 (shifted by the largest, as any careful
 *  softmax is; the point here is the comparison, not the trick). */
function cumulativeSoftmax(logits: Float32Array, ids: readonly number[], temperature: number): number[] {
  const scaled = ids.map((i) => logits[i] / temperature);
  const largest = Math.max(...scaled);
  const weights = scaled.map((z) => Math.exp(z - largest));
  const total = weights.reduce((a, b) => a + b, 0);
  let sum = 0;
  return weights.map((w) => (sum += w / total));
}

test('sample and top_k take the token whose interval [F(k-1), F(k)) of softmax(logits / T) holds the draw', () => {
  // Logits of 800, where exp overflows to Infinity unless shifted by the largest scaled logit (at T 0.5 even one
  // shifted by the largest unscaled logit overflows).
  const logits = Float32Array.from([800, 801.5, 799, 802, 800.7]);
  const cases = [
    ['sample', [0, 1, 2, 3, 4]],
    ['top_k', [3, 1, 4]], // the 3 largest, largest first
  ] as const;
  for (const temperature of [0.5, 1, 2]) {
    for (const [decoding, ids] of cases) {
      const right = cumulativeSoftmax(logits, ids, temperature);
      right.forEach((end, k) => {
        const start = k === 0 ? 0 : right[k - 1];
        for (const at of [0.02, 0.5, 0.98]) {
          const u = start + (end - start) * at;
          assert.equal(chooseToken(logits, decoding, temperature, 3, draws(u)), ids[k], `${decoding}, T ${temperature}, u ${u}`);
        }
      });
    }
  }
});

test('a draw on an interval boundary belongs to the interval on its right; one just under 1 never falls off the end', () => {
  // Four equal weights: the boundaries 0.25, 0.5 and 0.75 are exact in binary.
  const even = Float32Array.from([0, 0, 0, 0]);
  [0, 0.25, 0.5, 0.75].forEach((u, k) => assert.equal(chooseToken(even, 'sample', 1, 0, draws(u)), k, `u ${u}`));
  // Logits (found by search) whose weights, taken off u = (1 − 2⁻⁵³) × total one by one, leave u ≥ 0 by rounding:
  // the draw belongs to the last token.
  const rounding = Float32Array.from([-1.68, -1.41, -1.21, -0.79]);
  assert.equal(chooseToken(rounding, 'sample', 1, 0, draws(1 - 2 ** -53)), 3);
});

test('ties: greedy takes the lowest id; top_k keeps the lowest ids among equal logits', () => {
  const tied = Float32Array.from([1, 3, 0, 3, 3]);
  assert.equal(chooseToken(tied, 'greedy', 1, 1, draws()), 1);
  // The top 2 are ids 1 and 3 (not 4), with half the mass each.
  assert.equal(chooseToken(tied, 'top_k', 1, 2, draws(0.25)), 1);
  assert.equal(chooseToken(tied, 'top_k', 1, 2, draws(0.75)), 3);
});

test('sample and top_k refuse a temperature that is not > 0; greedy does not use it', () => {
  const logits = Float32Array.from([0.1, 2, -1, 1.9]);
  for (const temperature of [0, -1, Number.NaN]) {
    for (const decoding of ['sample', 'top_k'] as const) {
      assert.throws(() => chooseToken(logits, decoding, temperature, 2, draws(0.5)), {
        name: 'RangeError',
        message: `chooseToken: temperature must be > 0; got ${temperature}`,
      });
    }
  }
  assert.equal(chooseToken(logits, 'greedy', 0, 2, draws()), 1);
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
    const tensors = tf.memory().numTensors;
    const ids = generateTokens(model, seed, state, { length: 12, decoding: 'greedy', temperature: 1, topK: 1, random: createSeededRandom(1, 'g') });
    // The caller's state is the caller's: still alive after generation, and nothing else is left behind.
    assert.ok(state.every((t) => !t.isDisposed), 'generateTokens disposed the state it was given');
    assert.equal(tf.memory().numTensors, tensors, 'generateTokens leaked tensors');
    // Nor when decoding fails after the seed has been fed.
    assert.throws(() => generateTokens(model, seed, state, { length: 3, decoding: 'sample', temperature: 0, topK: 1, random: draws(0.5) }), RangeError);
    assert.equal(tf.memory().numTensors, tensors, 'a failed generateTokens leaked tensors');
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
    assert.deepEqual([...ids], expected);
    assert.ok(new Set(expected).size > 2, `a degenerate sequence tests little: ${expected}`);
  } finally {
    tf.dispose(state);
    disposeModel(model);
  }
});
