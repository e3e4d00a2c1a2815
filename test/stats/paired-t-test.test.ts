// The paired t-test against scipy.stats.ttest_1samp (SciPy 1.17.1) and its degenerate cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pairedTTest } from '../../src/stats/paired-t-test.js';
import { assertClose } from '../helpers/assert-close.js';

// Each case: r = stats.ttest_1samp(d, 0); ci = r.confidence_interval(confidence); np.std(d, ddof=1).
const CASES = [
  { d: [0.3, 1.1, -0.2, 0.9], confidence: 0.95, mean: 0.525, sd: 0.590903263374528, t: 1.7769406010785325, p: 0.17365058367217576, lo: -0.415258953653176, hi: 1.465258953653176 },
  // tiny n: n = 2, df = 1
  { d: [1.0, 3.0], confidence: 0.95, mean: 2.0, sd: 1.4142135623730951, t: 2.0, p: 0.2951672353008665, lo: -10.706204736174694, hi: 14.706204736174694 },
  // large effect
  { d: [2.1, 1.7, 2.5, 1.9, 2.2, 2.0], confidence: 0.95, mean: 2.0666666666666664, sd: 0.2732520204255893, t: 18.526043444683093, p: 8.431941867113324e-6, lo: 1.7799062577584674, hi: 2.3534270755748654 },
  // another level
  { d: [0.5, -0.4, 0.1, 0.2, 0.05, -0.3, 0.25], confidence: 0.9, mean: 0.05714285714285715, sd: 0.31415040377258185, t: 0.4812528883876162, p: 0.6473844523388663, lo: -0.17358588413145803, hi: 0.2878715984171722 },
];

test('mean, sd, t, df, p and interval match scipy.stats.ttest_1samp', () => {
  for (const c of CASES) {
    const r = pairedTTest(c.d, c.confidence);
    const what = `d = [${c.d}]`;
    assert.equal(r.n, c.d.length);
    assert.equal(r.df, c.d.length - 1);
    assert.equal(r.confidence, c.confidence);
    assertClose(r.meanDifference, c.mean, 1e-14, `${what} mean`);
    assertClose(r.sd, c.sd, 1e-14, `${what} sd`);
    assertClose(r.se, c.sd / Math.sqrt(c.d.length), 1e-14, `${what} se`);
    assertClose(r.t, c.t, 1e-11, `${what} t`);
    assertClose(r.p, c.p, 1e-12 + 1e-9 * c.p, `${what} p`);
    assertClose(r.interval[0], c.lo, 1e-10, `${what} lo`);
    assertClose(r.interval[1], c.hi, 1e-10, `${what} hi`);
  }
});

test('the sign of t and of the interval follows a − b', () => {
  const r = pairedTTest([-2.1, -1.7, -2.5, -1.9, -2.2, -2.0]);
  assertClose(r.t, -18.526043444683093, 1e-11, 't of the negated differences');
  assert.ok(r.interval[1] < 0);
});

test('no spread: a constant non-zero difference gives t = ±Infinity and p = 0; all zero gives t NaN and p = 1', () => {
  const up = pairedTTest([0.5, 0.5, 0.5]);
  assert.equal(up.t, Infinity);
  assert.equal(up.p, 0);
  assert.deepEqual(up.interval, [0.5, 0.5]);
  const down = pairedTTest([-1, -1]);
  assert.equal(down.t, -Infinity);
  assert.equal(down.p, 0);
  const zero = pairedTTest([0, 0, 0, 0]);
  assert.ok(Number.isNaN(zero.t));
  assert.equal(zero.p, 1);
  assert.deepEqual(zero.interval, [0, 0]);
});

test('fewer than 2 differences, or a confidence outside (0, 1), is a RangeError', () => {
  assert.throws(() => pairedTTest([1.5]), /pairedTTest: needs at least 2 paired differences; got 1/);
  assert.throws(() => pairedTTest([]), RangeError);
  assert.throws(() => pairedTTest([1, 2], 1), /pairedTTest: confidence must be in \(0, 1\); got 1/);
});
