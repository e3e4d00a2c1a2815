// Equivalence by two one-sided tests, paired and Welch, against scipy.stats.t (SciPy 1.17.1), decided both ways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pairedTost, welchTost } from '../../src/stats/tost.js';
import { summarizeSample } from '../../src/stats/summarize-sample.js';
import { assertClose } from '../helpers/assert-close.js';

// Expected values, with d̄, se = s_d/√n, df = n − 1 (paired) or Welch's se and df (two groups):
//   pLower = stats.t.sf((d̄ + m)/se, df); pUpper = stats.t.cdf((d̄ − m)/se, df); interval d̄ ∓ stats.t.ppf(1 − α, df)·se
const SMALL = [0.02, -0.01, 0.03, 0.0, -0.02, 0.01];

test('paired: equivalent within a wide margin, not within a narrow one', () => {
  const wide = pairedTost(SMALL, 0.05);
  assertClose(wide.pLower, 0.0004022191012331514, 1e-12, 'pLower, m = 0.05');
  assertClose(wide.pUpper, 0.0010011707205666337, 1e-12, 'pUpper, m = 0.05');
  assert.equal(wide.p, Math.max(wide.pLower, wide.pUpper));
  assertClose(wide.interval[0], -0.010390186166327028, 1e-12, '90% interval lo');
  assertClose(wide.interval[1], 0.020390186166327026, 1e-12, '90% interval hi');
  assertClose(wide.confidence, 0.9, 1e-15, 'confidence 1 − 2α');
  assert.equal(wide.equivalent, true);

  const narrow = pairedTost(SMALL, 0.02);
  assertClose(narrow.pLower, 0.011059233361164732, 1e-12, 'pLower, m = 0.02');
  assertClose(narrow.pUpper, 0.05337276117754614, 1e-12, 'pUpper, m = 0.02');
  assert.equal(narrow.equivalent, false); // 0.0534 ≥ 0.05: the upper bound 0.0204 of the 90% interval crosses 0.02
});

test('paired: a clear difference is not equivalent, its upper one-sided test failing', () => {
  const r = pairedTost([0.3, 1.1, -0.2, 0.9], 0.5);
  assertClose(r.pLower, 0.020183931504320157, 1e-12, 'pLower');
  assertClose(r.pUpper, 0.5310515327782728, 1e-12, 'pUpper');
  assertClose(r.interval[0], -0.17030506676534285, 1e-11, 'lo');
  assertClose(r.interval[1], 1.2203050667653428, 1e-11, 'hi');
  assert.equal(r.equivalent, false);
});

test('Welch: equivalent within ±0.05, not within ±0.01', () => {
  const a = summarizeSample([5.01, 4.98, 5.03, 5.0]);
  const b = summarizeSample([5.02, 4.99, 5.0, 5.01, 4.97]);
  const wide = welchTost(a, b, 0.05);
  assertClose(wide.df, 6.295249249586219, 1e-9, 'Welch df');
  assertClose(wide.pLower, 0.0024938761626648355, 1e-11, 'pLower, m = 0.05');
  assertClose(wide.pUpper, 0.008882108717584294, 1e-11, 'pUpper, m = 0.05');
  assertClose(wide.interval[0], -0.019020177627755274, 1e-11, 'lo');
  assertClose(wide.interval[1], 0.0330201776277564, 1e-11, 'hi');
  assert.equal(wide.equivalent, true);
  const narrow = welchTost(a, b, 0.01);
  assertClose(narrow.pLower, 0.12635585238176975, 1e-11, 'pLower, m = 0.01');
  assertClose(narrow.pUpper, 0.41560691415529716, 1e-11, 'pUpper, m = 0.01');
  assert.equal(narrow.equivalent, false);
});

test('no spread: inside the margin is certain, on it is no evidence; bad margin or alpha is a RangeError', () => {
  const inside = pairedTost([0.01, 0.01, 0.01], 0.05);
  assert.equal(inside.p, 0);
  assert.equal(inside.equivalent, true);
  const outside = pairedTost([0.2, 0.2], 0.05);
  assert.equal(outside.pUpper, 1);
  assert.equal(outside.equivalent, false);
  assert.throws(() => pairedTost(SMALL, 0), /pairedTost: margin must be a finite number > 0; got 0/);
  assert.throws(() => pairedTost(SMALL, 0.1, 0.5), /pairedTost: alpha must be in \(0, 0.5\); got 0.5/);
});
