// Welch's test against scipy.stats.ttest_ind(equal_var=False) (SciPy 1.17.1), unequal n and degenerate spreads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { welchTest, welchTestOfValues } from '../../src/stats/welch-test.js';
import { assertClose } from '../helpers/assert-close.js';

// Each case: r = stats.ttest_ind(a, b, equal_var=False); ci = r.confidence_interval(confidence).
const CASES = [
  // unequal n (5 vs 2): df far below n_a + n_b − 2 = 5
  { a: [1.0, 1.4, 0.7, 1.2, 0.9], b: [0.2, 0.5], confidence: 0.95, t: 3.582301508393039, df: 2.459895628552024, p: 0.05103871871851861, lo: -0.006625201164826455, hi: 1.3866252011648266 },
  // tiny n: 2 vs 2
  { a: [3.1, 2.8], b: [2.9, 3.2], confidence: 0.95, t: -0.47140452079102957, df: 2.0, p: 0.6837722339831633, lo: -1.0127304766889966, hi: 0.8127304766889974 },
  // large effect, 4 vs 6
  { a: [10.2, 10.5, 10.1, 10.4], b: [7.9, 8.3, 8.0, 8.1, 8.2, 7.8], confidence: 0.95, t: 18.90378113437811, df: 6.700154559505403, p: 4.6047018630231154e-7, lo: 1.965979881864467, hi: 2.534020118135533 },
  // one group constant: df = n_a − 1 from the formula; 90% interval
  { a: [1.0, 2.0, 3.0], b: [5.0, 5.0, 5.0], confidence: 0.9, t: -5.196152422706632, df: 2.0, p: 0.03509871864598465, lo: -4.685854460847049, hi: -1.3141455391529517 },
];

test('difference, t, df, p and interval match scipy.stats.ttest_ind(equal_var=False)', () => {
  for (const c of CASES) {
    const r = welchTestOfValues(c.a, c.b, c.confidence);
    const what = `a = [${c.a}], b = [${c.b}]`;
    const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
    assertClose(r.difference, mean(c.a) - mean(c.b), 1e-13, `${what} difference`);
    assertClose(r.t, c.t, 1e-10, `${what} t`);
    assertClose(r.df, c.df, 1e-10, `${what} df`);
    assertClose(r.p, c.p, 1e-12 + 1e-9 * c.p, `${what} p`);
    assertClose(r.interval[0], c.lo, 1e-10, `${what} lo`);
    assertClose(r.interval[1], c.hi, 1e-10, `${what} hi`);
    assert.equal(r.confidence, c.confidence);
  }
});

test('summaries and raw values give the same test', () => {
  const fromSummaries = welchTest({ mean: 1.04, sd: Math.sqrt(0.073), n: 5 }, { mean: 0.35, sd: Math.sqrt(0.045), n: 2 });
  const fromValues = welchTestOfValues([1.0, 1.4, 0.7, 1.2, 0.9], [0.2, 0.5]);
  assertClose(fromSummaries.t, fromValues.t, 1e-12, 't');
  assertClose(fromSummaries.df, fromValues.df, 1e-12, 'df');
});

test('both groups constant: t = ±Infinity and p = 0 when they differ, t NaN and p = 1 when equal; df pooled', () => {
  const apart = welchTestOfValues([2, 2, 2], [1, 1]);
  assert.equal(apart.t, Infinity);
  assert.equal(apart.p, 0);
  assert.equal(apart.df, 3);
  assert.deepEqual(apart.interval, [1, 1]);
  const equal = welchTestOfValues([4, 4], [4, 4, 4]);
  assert.ok(Number.isNaN(equal.t));
  assert.equal(equal.p, 1);
});

test('a group with fewer than 2 values is a RangeError naming it', () => {
  assert.throws(() => welchTestOfValues([1, 2, 3], [4]), /welchTest: group b needs at least 2 values; got 1/);
  assert.throws(() => welchTest({ mean: 1, sd: Number.NaN, n: 3 }, { mean: 1, sd: 1, n: 3 }), /welchTest: group a has sd NaN/);
});
