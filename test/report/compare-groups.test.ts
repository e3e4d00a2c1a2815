// The rule that turns seed statistics into a verdict: Welch's t-test per part, direction, and the verdict table.
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

test('compareGroups: significant by Welch’s t-test at α = 0.05, not by two standard errors', () => {
  // a = [10, 12], b = [20, 22]: t = −10/√2 = −7.071, df = 2, p = 1 − 7.071/√(2 + 50) = 0.01942 (scipy.stats
  // ttest_ind(equal_var=False): 0.019419324309079843) → significant.
  assert.equal(compareGroups(summarize([10, 12]), summarize([20, 22]), 'lower').part, 'clear');
  assert.equal(compareGroups(summarize([20, 22]), summarize([10, 12]), 'lower').part, 'opposite-clear');
  assert.equal(compareGroups(summarize([20, 22]), summarize([10, 12]), 'higher').part, 'clear');
  // a = [1, 2, 3], b = [3, 4, 5]: the gap 2 exceeds two standard errors (2 × 0.816 = 1.63), which the old rule called
  // clear, but t = −2.449 with df = 4 gives p = 0.0705 (scipy: 0.07048399691021992) → in direction, not significant.
  const within = compareGroups(summarize([1, 2, 3]), summarize([3, 4, 5]), 'lower');
  assert.equal(within.part, 'weak');
  assert.equal(within.test?.df, 4);
  assert.equal(compareGroups(summarize([3, 4, 5]), summarize([1, 2, 3]), 'lower').part, 'opposite');
  // One seed: no variance estimate, so never significant.
  assert.equal(compareGroups(summarize([1]), summarize([100]), 'lower').part, 'weak');
  assert.equal(compareGroups(summarize([1]), summarize([100]), 'lower').test, null);
  assert.equal(compareGroups(summarize([]), summarize([100]), 'lower').part, 'unknown');
  // Equal means are not "lower".
  assert.equal(compareGroups(summarize([5, 5]), summarize([5, 5]), 'lower').part, 'opposite');
});

test('verdictOf combines the parts', () => {
  assert.equal(verdictOf(['clear', 'clear']), 'supported');
  assert.equal(verdictOf(['clear', 'weak']), 'weakly supported');
  assert.equal(verdictOf(['clear', 'opposite']), 'mixed');
  assert.equal(verdictOf(['weak', 'opposite-clear']), 'contradicted');
  assert.equal(verdictOf([]), 'not tested');
  assert.equal(verdictOf(['clear', 'unknown']), 'not tested');
});
