// Percentile bootstrap intervals: reproducible for a seed, scale with the data, and cover about as often as they say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapDifferenceInterval, bootstrapMeanInterval } from '../../src/stats/bootstrap-interval.js';
import { assertClose } from '../helpers/assert-close.js';
import { seededNormal } from '../helpers/seeded-normal.js';

// Irregular decimals, so resampled means rarely coincide and two seeds give visibly different quantiles.
const VALUES = [0.31, 1.137, -0.219, 0.904, 0.4433, 0.7071, 0.1234, 0.618];

test('the same seed gives the same interval; another seed a slightly different one', () => {
  const first = bootstrapMeanInterval(VALUES, { seed: 5 });
  assert.deepEqual(bootstrapMeanInterval(VALUES, { seed: 5 }), first);
  assert.equal(first.resamples, 10_000);
  assert.equal(first.confidence, 0.95);
  const other = bootstrapMeanInterval(VALUES, { seed: 6 });
  assert.notDeepEqual(other.interval, first.interval);
  assertClose(other.interval[0], first.interval[0], 0.03, 'lower bound across seeds');
});

test('the interval holds the mean and sits inside the range of the data', () => {
  const r = bootstrapMeanInterval(VALUES);
  assertClose(r.estimate, 0.502975, 1e-15, 'mean');
  assert.ok(r.interval[0] < r.estimate && r.estimate < r.interval[1], `${r.interval} around ${r.estimate}`);
  assert.ok(r.interval[0] > -0.219 && r.interval[1] < 1.137);
  // For a mean of 8 values with sd 0.4349, the t interval's half-width is 0.364 (stats.t.ppf(0.975, 7)·sd/√8); the
  // percentile bootstrap's is narrower (n-denominator spread, normal-like tails, ≈ 1.96·0.4349·√(7/8)/√8 = 0.28).
  const halfWidth = (r.interval[1] - r.interval[0]) / 2;
  assert.ok(halfWidth > 0.24 && halfWidth < 0.33, `half-width ${halfWidth}`);
});

test('narrow and wide: constant data gives a point, scaled data a scaled interval', () => {
  assert.deepEqual(bootstrapMeanInterval([2.5, 2.5, 2.5, 2.5]).interval, [2.5, 2.5]);
  // Same seed → same resampling indices, so multiplying the data by 10 multiplies both bounds by 10.
  const small = bootstrapMeanInterval(VALUES, { seed: 3 });
  const large = bootstrapMeanInterval(VALUES.map((v) => 10 * v), { seed: 3 });
  assertClose(large.interval[0], 10 * small.interval[0], 1e-12, 'lower ×10');
  assertClose(large.interval[1], 10 * small.interval[1], 1e-12, 'upper ×10');
  // A higher confidence gives a wider interval from the same resamples.
  const ninetyNine = bootstrapMeanInterval(VALUES, { seed: 3, confidence: 0.99 });
  assert.ok(ninetyNine.interval[0] < small.interval[0] && ninetyNine.interval[1] > small.interval[1]);
});

test('difference of two means: each group resampled at its own size', () => {
  const r = bootstrapDifferenceInterval([10.2, 10.5, 10.1, 10.4], [7.9, 8.3, 8.0, 8.1, 8.2, 7.8]);
  assertClose(r.estimate, 10.3 - 8.05, 1e-12, 'difference');
  assert.ok(r.interval[0] > 2 && r.interval[1] < 2.55, `${r.interval}`);
  // Constant groups: no resampling variation at all.
  assert.deepEqual(bootstrapDifferenceInterval([3, 3, 3], [1, 1]).interval, [2, 2]);
});

test('coverage on simulated normal data is close to the nominal 95%', () => {
  // 400 data sets of n = 20 from N(μ, 1), 1,000 resamples each. The percentile interval of a mean under-covers
  // slightly at n = 20 (≈ 93–94%); the Monte-Carlo standard error of the coverage is √(.95·.05/400) ≈ 0.011.
  const normal = seededNormal(11);
  const mu = 0.7;
  const sets = 400;
  let covered = 0;
  let coveredDifference = 0;
  for (let s = 0; s < sets; s++) {
    const a = Array.from({ length: 20 }, () => mu + normal());
    const b = Array.from({ length: 12 }, () => 2 * normal()); // unequal size and spread, mean 0
    const r = bootstrapMeanInterval(a, { resamples: 1000, seed: s });
    if (r.interval[0] <= mu && mu <= r.interval[1]) covered++;
    const d = bootstrapDifferenceInterval(a, b, { resamples: 1000, seed: s });
    if (d.interval[0] <= mu && mu <= d.interval[1]) coveredDifference++;
  }
  for (const [what, count] of [['mean', covered], ['difference', coveredDifference]] as const) {
    const rate = count / sets;
    assert.ok(rate >= 0.89 && rate <= 0.985, `${what}: coverage ${rate}`);
  }
});

test('bad input is a RangeError', () => {
  assert.throws(() => bootstrapMeanInterval([]), /bootstrapMeanInterval: values is empty/);
  assert.throws(() => bootstrapMeanInterval([1, Number.NaN]), /bootstrapMeanInterval: values holds NaN/);
  assert.throws(() => bootstrapDifferenceInterval([1], [2], { resamples: 0 }), /resamples must be an integer ≥ 1; got 0/);
  assert.throws(() => bootstrapMeanInterval([1], { confidence: 95 }), /confidence must be in \(0, 1\); got 95/);
});
