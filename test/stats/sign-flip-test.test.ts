// The exact sign-flip test on small cases enumerated by hand, float ties, the smallest reachable p and the n limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SIGN_FLIP_MAX_N, signFlipMinimumP, signFlipTest } from '../../src/stats/sign-flip-test.js';

test('n = 3: d = [1, 2, 3]', () => {
  // Σ of (±1, ±2, ±3): +++ 6, ++− 0, +−+ 2, +−− −4, −++ 4, −+− −2, −−+ 0, −−− −6. |Σ| ≥ 6: two of eight.
  const r = signFlipTest([1, 2, 3]);
  assert.equal(r.p, 2 / 8);
  assert.equal(r.minimumP, 0.25);
  assert.equal(r.meanDifference, 2);
  assert.equal(r.n, 3);
});

test('n = 3: differences summing to 0 give p = 1', () => {
  // Observed Σ(1, 2, −3) = 0: every assignment has |Σ| ≥ 0.
  assert.equal(signFlipTest([1, 2, -3]).p, 1);
  assert.equal(signFlipTest([0, 0, 0]).p, 1);
});

test('n = 4: d = [1, 2, 3, 4] and d = [−1, 2, 3, 4]', () => {
  // ±1±2±3±4: |Σ| = 10 only for ++++ and −−−−: 2/16. With −1 the observed Σ is 8; |Σ| ≥ 8 for +2+3+4 with either
  // sign on 1 (10, 8) and their mirrors: 4/16 (flipping 2 gives 6, below 8).
  assert.equal(signFlipTest([1, 2, 3, 4]).p, 2 / 16);
  assert.equal(signFlipTest([-1, 2, 3, 4]).p, 4 / 16);
});

test('n = 4 with ties: d = [1, 2, 3, −3], and the same scaled by 0.1 where the ties differ in the last bits', () => {
  // Observed Σ = 3. Signs on the two 3s: (+,+) 6 + (±1±2) → 9, 7, 5, 3: all four count; (+,−) and (−,+): 0 + (±1±2)
  // → 3, 1, −1, −3: two each count; (−,−): −6 + (±1±2) → −3 … −9: all four. 12/16.
  assert.equal(signFlipTest([1, 2, 3, -3]).p, 12 / 16);
  // 0.1 + 0.2 ≠ 0.3 in floating point; the relative tolerance still counts −0.1 − 0.2 + 0.3 + ... as ties.
  assert.equal(signFlipTest([0.1, 0.2, 0.3, -0.3]).p, 12 / 16);
});

test('the smallest reachable p is 2/2ⁿ: five seeds cannot reach 0.05, six can', () => {
  assert.equal(signFlipMinimumP(1), 1);
  assert.equal(signFlipMinimumP(5), 0.0625);
  assert.equal(signFlipMinimumP(6), 0.03125);
  assert.equal(signFlipTest([0.4, 0.1, 0.9, 0.3, 0.2]).p, 0.0625); // all positive: only it and its mirror
  assert.throws(() => signFlipMinimumP(0), /signFlipMinimumP: n must be an integer ≥ 1; got 0/);
});

test('n = 20 is enumerated exactly; n = 21 is refused', () => {
  const twenty = Array.from({ length: SIGN_FLIP_MAX_N }, (_, i) => 1 + i / 10);
  assert.equal(signFlipTest(twenty).p, 2 / 2 ** 20);
  assert.throws(() => signFlipTest([...twenty, 1]), /signFlipTest: exact enumeration is limited to 20 differences; got 21/);
  assert.throws(() => signFlipTest([]), RangeError);
  assert.throws(() => signFlipTest([1, Number.NaN]), /signFlipTest: differences must be finite; got NaN/);
});
