// The analytic FLOP count of one update, checked against products listed by hand at the book's sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { benchModelConfig, BENCH_SIZES } from '../../src/train/bench-training.js';
import { updateFlops } from '../../src/train/update-flops.js';

// Book sizes: N = 64 · 50 = 3200 predictions, V = 544, H = C = 64. Each product [m,k]·[k,n] costs 2mkn forward and
// twice that for its two gradients: 6mkn per update.
const six = (m: number, k: number, n: number): number => 6 * m * k * n;

test('rnn: the output layer [3200×64]·[64×544] and the recurrence [64×64]·[64×64] for 50 steps', () => {
  // 668,467,200 + 78,643,200: the "about 0.7 GFLOP".
  assert.equal(updateFlops(benchModelConfig('rnn'), BENCH_SIZES), 747_110_400);
  assert.equal(six(3200, 64, 544) + 50 * six(64, 64, 64), 747_110_400);
});

test('rnncf: the output reads [h, s] (128 wide); paper recurs h and reads s_t every step, book reads stored states once', () => {
  const output = six(3200, 128, 544); // 1,336,934,400
  assert.equal(updateFlops(benchModelConfig('rnncf', 'paper'), BENCH_SIZES), output + 50 * (six(64, 64, 64) + six(64, 64, 64)));
  assert.equal(updateFlops(benchModelConfig('rnncf', 'paper'), BENCH_SIZES), 1_494_220_800);
  assert.equal(updateFlops(benchModelConfig('rnncf', 'book'), BENCH_SIZES), output + six(64, 64, 64) + six(64, 64, 64));
});

test('stacked 128/64/32: three recurrences, two layer-to-layer projections, the output from the 32-unit top', () => {
  const expected =
    six(3200, 128, 128) + six(3200, 64, 64) + six(3200, 32, 32) + six(3200, 128, 64) + six(3200, 64, 32) + six(3200, 32, 544);
  assert.equal(updateFlops(benchModelConfig('stacked'), BENCH_SIZES), expected);
  assert.equal(expected, 943_718_400);
});

test('lstm: four gates from h (64 → 256) every step, and the output layer', () => {
  assert.equal(updateFlops(benchModelConfig('lstm'), BENCH_SIZES), six(3200, 64, 544) + 50 * six(64, 64, 256));
  assert.equal(updateFlops(benchModelConfig('lstm'), BENCH_SIZES), 983_040_000);
});

test('token inputs are row lookups: the vocabulary enters only through the output layer', () => {
  const small = { ...BENCH_SIZES, vocabSize: 100 };
  assert.equal(
    updateFlops(benchModelConfig('rnn'), BENCH_SIZES) - updateFlops(benchModelConfig('rnn'), small),
    six(3200, 64, 544 - 100),
  );
});
