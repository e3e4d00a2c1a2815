// The rule that turns seed statistics into a verdict: Welch-style standard error, direction, and the verdict table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareGroups, verdictOf } from '../../src/report/compare-groups.js';
import { summarize } from '../../src/report/summary-stats.js';

test('summarize: mean, sample std (n − 1), range over finite values; non-finite counted, nulls ignored', () => {
  const stats = summarize([2, 4, 4, 4, 5, 5, 7, 9, NaN, Infinity, null]);
  assert.equal(stats.n, 8);
  assert.equal(stats.nonFinite, 2);
  assert.equal(stats.mean, 5);
  // Σ(x − 5)² = 32, / 7
  assert.equal(stats.std, Math.sqrt(32 / 7));
  assert.deepEqual([stats.min, stats.max], [2, 9]);
  assert.deepEqual(summarize([3]), { n: 1, nonFinite: 0, mean: 3, std: null, min: 3, max: 3 });
  assert.deepEqual(summarize([]), { n: 0, nonFinite: 0, mean: null, std: null, min: null, max: null });
});

test('compareGroups: clear beyond two standard errors, weak within, opposite either way', () => {
  // a = [10, 12] (mean 11, s² 2), b = [20, 22] (mean 21, s² 2): SE = √(2/2 + 2/2) = √2 ≈ 1.41; gap 10 → clear.
  assert.equal(compareGroups(summarize([10, 12]), summarize([20, 22]), 'lower'), 'clear');
  assert.equal(compareGroups(summarize([20, 22]), summarize([10, 12]), 'lower'), 'opposite-clear');
  assert.equal(compareGroups(summarize([20, 22]), summarize([10, 12]), 'higher'), 'clear');
  // a = [10, 14] (s² 8), b = [13, 17] (s² 8): SE = √8 ≈ 2.83, gap 3 < 5.66 → weak.
  assert.equal(compareGroups(summarize([10, 14]), summarize([13, 17]), 'lower'), 'weak');
  assert.equal(compareGroups(summarize([13, 17]), summarize([10, 14]), 'lower'), 'opposite');
  // One seed: no error estimate, so never clear.
  assert.equal(compareGroups(summarize([1]), summarize([100]), 'lower'), 'weak');
  assert.equal(compareGroups(summarize([]), summarize([100]), 'lower'), 'unknown');
  // Equal means are not "lower".
  assert.equal(compareGroups(summarize([5, 5]), summarize([5, 5]), 'lower'), 'opposite');
});

test('verdictOf combines the parts', () => {
  assert.equal(verdictOf(['clear', 'clear']), 'supported');
  assert.equal(verdictOf(['clear', 'weak']), 'weakly supported');
  assert.equal(verdictOf(['clear', 'opposite']), 'mixed');
  assert.equal(verdictOf(['weak', 'opposite-clear']), 'contradicted');
  assert.equal(verdictOf([]), 'not tested');
  assert.equal(verdictOf(['clear', 'unknown']), 'not tested');
});
