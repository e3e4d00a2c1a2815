// estimateRunCost: training flops at the book's settings, worked out by hand from the models' matrix shapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateRunCost, multiplyAddsPerToken, trainingTokens } from '../../src/runner/estimate-run-cost.js';
import { bookRunConfig } from '../helpers/engine-fixtures.js';

test("multiply-adds per token at the book's sizes (V = 544)", () => {
  const model = bookRunConfig().model; // hidden 64, context 64, layers 128/64/32
  // rnn: x·A lookup (64) + h·R (64·64) + h·U (64·544)
  assert.equal(multiplyAddsPerToken({ ...model, type: 'rnn' }, 544), 64 + 4096 + 34816);
  // rnncf: two lookups (64 + 64) + s·P and h·R (2·4096) + [h, s]·[U; V] (128·544)
  assert.equal(multiplyAddsPerToken({ ...model, type: 'rnncf' }, 544), 128 + 8192 + 69632);
  // lstm: four gates of lookup + h·U (4·(64 + 4096)) + output 64·544
  assert.equal(multiplyAddsPerToken({ ...model, type: 'lstm' }, 544), 16640 + 34816);
  // stacked 128/64/32: (128 + 128²) + (128·64 + 64²) + (64·32 + 32²) + 32·544
  assert.equal(multiplyAddsPerToken({ ...model, type: 'stacked' }, 544), 16512 + 12288 + 3072 + 17408);
});

test('tokens: updates × unroll × batch on the book schedule; grows with epochs and documents otherwise', () => {
  assert.equal(trainingTokens(bookRunConfig()), 26 * 5 * 100 * 50 * 64);
  const epochs = bookRunConfig({ train: { schedule: 'epochs', epochs: 2 }, corpus: { documents: 10 } });
  assert.equal(trainingTokens({ ...epochs, train: { ...epochs.train, epochs: 4 } }), 2 * trainingTokens(epochs));
  // Unroll and batch only cut the same tokens differently under the epochs schedule.
  assert.equal(trainingTokens({ ...epochs, train: { ...epochs.train, num_unroll: 5 } }), trainingTokens(epochs));
});

test('tokens schedule: num_steps × tokens_per_step, whatever the unroll', () => {
  const tokens = bookRunConfig({ train: { schedule: 'tokens', tokens_per_step: 3_200_000, docs_per_step: 10, num_unroll: 1 } });
  assert.equal(trainingTokens(tokens), 26 * 3_200_000);
  assert.equal(trainingTokens({ ...tokens, train: { ...tokens.train, num_unroll: 50 } }), 26 * 3_200_000);
  // The book's budget at num_unroll 50: the same tokens as the book schedule there.
  assert.equal(trainingTokens(bookRunConfig({ train: { docs_per_step: 10 } })), 26 * 3_200_000);
});

test('a run costs tokens × multiply-adds × 6 (forward and backward, 2 flops each)', () => {
  assert.equal(estimateRunCost(bookRunConfig()), 26 * 5 * 100 * 50 * 64 * (64 + 4096 + 34816) * 6);
  const hundred = bookRunConfig({ train: { docs_per_step: 10 } });
  assert.equal(estimateRunCost(hundred), 2 * estimateRunCost(bookRunConfig()));
});
