// Decoding rules, seed-text encoding and the UNK marker.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSeededRandom } from '../../src/models/seeded-random.js';
import { chooseToken, encodeSeedText, formatTokens, UNK_MARKER } from '../../src/train/generate-text.js';

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
