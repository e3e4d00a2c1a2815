// The two curve measures claims use: fluctuation around a quadratic trend from a stated epoch, and the late slope.
// Expected values are worked by hand (or by numpy.polyfit, as noted).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lateSlope } from '../../src/report/late-slope.js';
import { validTrendFluctuation } from '../../src/report/valid-trend-fluctuation.js';

const curve = (losses: (number | null)[], firstEpoch = 1) => losses.map((lossNats, i) => ({ epoch: firstEpoch + i, lossNats }));

test('a smooth quadratic curve, however steep, has no fluctuation; the epochs before from_epoch are not counted', () => {
  const quadratic = Array.from({ length: 12 }, (_, i) => 5 - 0.4 * (i + 1) + 0.02 * (i + 1) ** 2);
  assert.ok(validTrendFluctuation(curve(quadratic), 1)! < 1e-12);
  // A first big drop that no quadratic follows (epochs 1–3) would count from epoch 1, and does not from epoch 4.
  const withDrop = [9, 7, 5.5, ...quadratic.slice(3)];
  assert.ok(validTrendFluctuation(curve(withDrop), 1)! > 0.1);
  assert.ok(validTrendFluctuation(curve(withDrop), 4)! < 1e-12);
});

test('the spread around the trend is √(RSS / (n − 3)) of the least-squares quadratic', () => {
  // Epochs 1..6, losses 1, 3, 2, 4, 3, 5: numpy.polyfit([1, 2, 3, 4, 5, 6], [1, 3, 2, 4, 3, 5], 2) leaves residuals
  // whose squares sum to 3.0857142857 (= 108/35), so the spread is √(108/35 / 3).
  const spread = validTrendFluctuation(curve([1, 3, 2, 4, 3, 5]), 1)!;
  assert.ok(Math.abs(spread - Math.sqrt(108 / 35 / 3)) < 1e-12, String(spread));
  // Missing (null) and non-finite losses are skipped; fewer than 5 points give no value.
  assert.equal(validTrendFluctuation(curve([1, 3, null, 2, Number.NaN, 4]), 1), null);
  assert.equal(validTrendFluctuation(curve([1, 3, 2, 4, 3, 5]), 3), null);
});

test('the late slope is the least-squares slope over the last K finite points, with its standard error', () => {
  // Last 4 of 2, 1, 1.0, 1.2, 1.1, 1.5 (epochs 3–6): slope = Σ(e−ē)(y−ȳ)/Σ(e−ē)² with ē = 4.5, ȳ = 1.2:
  // (−1.5)(−0.2) + (−0.5)(0) + (0.5)(−0.1) + (1.5)(0.3) = 0.7 over 5: 0.14. The line 1.2 + 0.14(e − 4.5) gives 0.99,
  // 1.13, 1.27, 1.41: residuals 0.01, 0.07, −0.17, 0.09, RSS = 0.042 (numpy.polyfit agrees); se = √(0.042/2/5).
  const slope = lateSlope(curve([2, 1, 1.0, 1.2, 1.1, 1.5]), 4)!;
  assert.ok(Math.abs(slope.slope - 0.14) < 1e-12, String(slope.slope));
  assert.ok(Math.abs(slope.se - Math.sqrt(0.042 / 2 / 5)) < 1e-12, String(slope.se));
  assert.deepEqual([slope.fromEpoch, slope.toEpoch, slope.n], [3, 6, 4]);
  assert.equal(lateSlope(curve([1, null, 2]), 3), null);
  // A falling curve has a negative slope: the sign is what an overfitting claim compares.
  assert.ok(lateSlope(curve([5, 4, 3, 2]), 3)!.slope < 0);
});
