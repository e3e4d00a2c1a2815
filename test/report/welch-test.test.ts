// The statistics behind every verdict: the t distribution, Welch's test and its interval, against independent values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { regularizedIncompleteBeta } from '../../src/report/regularized-incomplete-beta.js';
import { studentTCdf, studentTQuantile, studentTTwoSidedP } from '../../src/report/student-t.js';
import { welchTest } from '../../src/report/welch-test.js';
import { compareSeedValues, formatTest } from '../../src/report/compare-groups.js';
import { summarize } from '../../src/report/summary-stats.js';

function close(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: got ${actual}, expected ${expected} ± ${tolerance}`);
}

test('regularized incomplete beta against scipy.special.betainc (SciPy 1.17.1) and closed forms', () => {
  close(regularizedIncompleteBeta(0.3, 2.5, 0.5), 0.018927124071945658, 1e-13, 'I_0.3(2.5, 0.5)');
  close(regularizedIncompleteBeta(0.95, 10, 3), 0.9804317380028454, 1e-13, 'I_0.95(10, 3)');
  close(regularizedIncompleteBeta(0.5, 50, 50), 0.5, 1e-13, 'I_0.5(50, 50), by symmetry');
  // I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(1/2, 1/2) = (2/π) asin √x (the arcsine law).
  close(regularizedIncompleteBeta(0.37, 1, 1), 0.37, 1e-14, 'I_x(1, 1)');
  close(regularizedIncompleteBeta(0.6, 3, 1), 0.216, 1e-14, 'I_x(3, 1)');
  close(regularizedIncompleteBeta(0.9, 0.5, 0.5), (2 / Math.PI) * Math.asin(Math.sqrt(0.9)), 1e-13, 'I_x(½, ½)');
  assert.equal(regularizedIncompleteBeta(0, 2, 3), 0);
  assert.equal(regularizedIncompleteBeta(1, 2, 3), 1);
  assert.throws(() => regularizedIncompleteBeta(1.5, 2, 3), /needs 0 ≤ x ≤ 1 and a, b > 0; got x=1.5, a=2, b=3/);
});

test('t quantiles match printed t tables', () => {
  // Two-sided 95% critical values, as printed in any t table (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2):
  // t_{0.975, 2} = 4.303, t_{0.975, 4} = 2.776, t_{0.975, 30} = 2.042; t_{0.995, 1} = 63.657. More digits from
  // scipy.stats.t.ppf (SciPy 1.17.1).
  close(studentTQuantile(0.975, 2), 4.302652729749462, 1e-9, 't_{0.975, 2}');
  close(studentTQuantile(0.975, 4), 2.7764451051977934, 1e-9, 't_{0.975, 4}');
  close(studentTQuantile(0.975, 30), 2.0422724563012378, 1e-9, 't_{0.975, 30}');
  close(studentTQuantile(0.995, 1), 63.656741162871526, 1e-7, 't_{0.995, 1}');
  // Fractional degrees of freedom, as Welch's test produces (scipy.stats.t.ppf).
  close(studentTQuantile(0.975, 50 / 17), 3.218758614532882, 1e-9, 't_{0.975, 50/17}');
  close(studentTQuantile(0.025, 3.5), -2.9400886379827296, 1e-9, 't_{0.025, 3.5}');
  close(studentTQuantile(0.9, 7.3), 1.4089223177480423, 1e-9, 't_{0.9, 7.3}');
  assert.equal(studentTQuantile(0.5, 3), 0);
});

test('t tail probabilities match closed forms and scipy', () => {
  // ν = 1 is the Cauchy distribution: P(T ≤ t) = 1/2 + atan(t)/π. ν = 2: P(|T| ≥ t) = 1 − t/√(2 + t²).
  close(studentTCdf(1.7, 1), 0.5 + Math.atan(1.7) / Math.PI, 1e-14, 'Cauchy cdf');
  close(studentTTwoSidedP(3, 2), 1 - 3 / Math.sqrt(11), 1e-14, 'ν = 2 tail');
  // ν = 4: P(T ≤ t) = 1/2 + (3t/8)(1 + t²/4)^{-1/2} (1 − t²/(12 (1 + t²/4))).
  const t = -2.2;
  const nu4 = 0.5 + ((3 * t) / 8 / Math.sqrt(1 + (t * t) / 4)) * (1 - (t * t) / (12 * (1 + (t * t) / 4)));
  close(studentTCdf(t, 4), nu4, 1e-14, 'ν = 4 cdf');
  close(studentTCdf(-1.5, 2.5), 0.12391822654314809, 1e-13, 'scipy t.cdf(−1.5, 2.5)');
  close(studentTCdf(0.3, 100), 0.6176000598498482, 1e-13, 'scipy t.cdf(0.3, 100)');
  close(studentTTwoSidedP(40, 3), 3.4380680789158506e-5, 1e-15, 'scipy 2 · t.sf(40, 3)');
  close(studentTCdf(2, 1e6), 0.9772497330743404, 1e-6, 'large ν → the normal Φ(2)');
  assert.equal(studentTTwoSidedP(Infinity, 3), 0);
  assert.equal(studentTTwoSidedP(0, 3), 1);
});

test('Welch’s test on hand-computed groups of three', () => {
  // a = [1, 2, 3]: mean 2, s² = 1; b = [4, 6, 8]: mean 6, s² = 4.
  // SE² = 1/3 + 4/3 = 5/3, SE = 1.290994; t = (2 − 6)/SE = −3.098387.
  // df = (5/3)² / ((1/3)²/2 + (4/3)²/2) = (25/9) / (17/18) = 50/17 = 2.941176.
  // p and the interval (difference ± t_{0.975, 50/17} · SE = −4 ± 3.218759 · 1.290994): scipy.stats.ttest_ind(a, b,
  // equal_var=False) gives t = −3.0983866769659336, p = 0.054786766041076435; interval −8.155400 to 0.155400.
  const uneven = welchTest(summarize([1, 2, 3]), summarize([4, 6, 8]))!;
  assert.equal(uneven.difference, -4);
  close(uneven.standardError, Math.sqrt(5 / 3), 1e-15, 'SE');
  close(uneven.t, -3.0983866769659336, 1e-12, 't');
  close(uneven.df, 50 / 17, 1e-12, 'df');
  close(uneven.p, 0.054786766041076435, 1e-10, 'p');
  close(uneven.interval[0], -8.155399503182505, 1e-8, 'CI low');
  close(uneven.interval[1], 0.1553995031825055, 1e-8, 'CI high');

  // Equal variances and sizes give df = 4 exactly: a = [1, 2, 3], b = [3, 4, 5], s² = 1 each, SE = √(2/3),
  // t = −2/√(2/3) = −√6 = −2.449490. ν = 4 closed form: P(T ≤ −√6) = 1/2 − (3√6/8)/√(5/2) · (1 − 6/30)
  // = 1/2 − 0.464758… → p = 2 × 0.035242 = 0.070484 (scipy: 0.07048399691021992), not significant.
  const even = welchTest(summarize([1, 2, 3]), summarize([3, 4, 5]))!;
  close(even.t, -Math.sqrt(6), 1e-14, 't');
  close(even.df, 4, 1e-12, 'df');
  const handP = 2 * (0.5 - ((3 * Math.sqrt(6)) / 8 / Math.sqrt(2.5)) * (1 - 6 / 30));
  close(even.p, handP, 1e-13, 'p (closed form)');
  close(even.p, 0.07048399691021992, 1e-12, 'p (scipy)');
  // Interval: −2 ± 2.776445 · 0.816497 = −4.266958 to 0.266958.
  close(even.interval[0], -2 - 2.7764451051977934 * Math.sqrt(2 / 3), 1e-9, 'CI low');

  // A constant group contributes no variance: df = n_a − 1 = 2, t = −3/√(1/3) = −5.196152, and with ν = 2
  // p = 1 − 5.196152/√(2 + 27) = 0.035099 (scipy: 0.03509871864598465): significant at 0.05.
  const constant = welchTest(summarize([1, 2, 3]), summarize([5, 5, 5]))!;
  close(constant.df, 2, 1e-12, 'df');
  close(constant.p, 1 - Math.sqrt(27) / Math.sqrt(29), 1e-13, 'p');
  close(constant.interval[1], -3 + 4.302652729749462 * Math.sqrt(1 / 3), 1e-9, 'CI high');

  // Both constant: nothing to judge the gap against; a gap is certain, no gap is not one.
  assert.deepEqual(welchTest(summarize([2, 2, 2]), summarize([5, 5, 5])), {
    difference: -3, standardError: 0, t: -Infinity, df: 4, p: 0, confidence: 0.95, interval: [-3, -3],
  });
  assert.equal(welchTest(summarize([2, 2]), summarize([2, 2]))!.p, 1);
  // One value in a group: no variance estimate, no test.
  assert.equal(welchTest(summarize([1]), summarize([4, 6, 8])), null);
});

test('compareSeedValues: the part, the numbers and their wording', () => {
  // p = 0.0548 > 0.05 for [1,2,3] vs [4,6,8]: in the claimed direction, not significant.
  const weak = compareSeedValues([1, 2, 3], [4, 6, 8], 'lower');
  assert.equal(weak.part, 'weak');
  assert.equal(formatTest(weak), 'difference −4.00 (95% CI −8.16 to 0.16; Welch t = −3.10, df = 2.9, p = 0.0548)');
  // p = 0.0351 < 0.05 for [1,2,3] vs [5,5,5].
  assert.equal(compareSeedValues([1, 2, 3], [5, 5, 5], 'lower').part, 'clear');
  assert.equal(compareSeedValues([1, 2, 3], [5, 5, 5], 'higher').part, 'opposite-clear');
  assert.equal(compareSeedValues([1, 2, 3], [4, 6, 8], 'higher').part, 'opposite');
  // [60, 62, 61] vs [40, 41, 42]: t = 24.49, df = 4, p = 1.65e-5 (scipy).
  assert.equal(
    formatTest(compareSeedValues([60, 62, 61], [40, 41, 42], 'higher'), 1),
    'difference +20.0 (95% CI 17.7 to 22.3; Welch t = 24.49, df = 4.0, p < 0.001)',
  );
  // Null and non-finite values are left out; a single seed cannot be tested, so never significant.
  const single = compareSeedValues([1, null, NaN], [100, 101, 102], 'lower');
  assert.equal(single.part, 'weak');
  assert.equal(formatTest(single), 'no test (a group has fewer than 2 seeds)');
  assert.equal(compareSeedValues([], [1, 2], 'lower').part, 'unknown');
  // Equal means are not "lower".
  assert.equal(compareSeedValues([5, 5], [5, 5], 'lower').part, 'opposite');
});
