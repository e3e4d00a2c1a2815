// Holm's step-down adjustment on hand-worked families: order kept, ties, NaN left out of m, monotone, capped at 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { holmAdjust } from '../../src/stats/holm.js';
import { seededUniform } from '../../src/stats/seeded-uniform.js';

function assertAllClose(actual: number[], expected: number[]): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((value, i) => {
    if (Number.isNaN(expected[i])) assert.ok(Number.isNaN(value), `[${i}]: got ${value}, expected NaN`);
    else assert.ok(Math.abs(value - expected[i]) <= 1e-15, `[${i}]: got ${value}, expected ${expected[i]}`);
  });
}

test('four tests, returned in input order', () => {
  // sorted: 0.005 → 4·0.005 = 0.02; 0.01 → 3·0.01 = 0.03; 0.03 → 2·0.03 = 0.06; 0.04 → 1·0.04 = 0.04, raised to 0.06
  // by the running max (a larger p never gets a smaller adjusted p).
  assertAllClose(holmAdjust([0.01, 0.04, 0.03, 0.005]), [0.03, 0.06, 0.06, 0.02]);
});

test('tied p-values get the same adjusted p', () => {
  // sorted: 0.02 → 3·0.02 = 0.06; 0.02 → 2·0.02 = 0.04, raised to 0.06; 0.5 → 0.5.
  assertAllClose(holmAdjust([0.02, 0.5, 0.02]), [0.06, 0.5, 0.06]);
});

test('capped at 1, and the cap carries through the running max', () => {
  // sorted: 0.2 → 0.6; 0.7 → 2·0.7 = 1.4, capped at 1; 0.9 → 0.9, raised to 1.
  assertAllClose(holmAdjust([0.7, 0.2, 0.9]), [1, 0.6, 1]);
});

test('NaN stays NaN and does not count in m', () => {
  // m = 2, not 3: 0.01 → 2·0.01 = 0.02; 0.04 → 0.04.
  assertAllClose(holmAdjust([0.01, Number.NaN, 0.04]), [0.02, Number.NaN, 0.04]);
  assertAllClose(holmAdjust([Number.NaN]), [Number.NaN]);
  assert.deepEqual(holmAdjust([]), []);
  assertAllClose(holmAdjust([0.03]), [0.03]); // a family of one is not adjusted
});

test('on random families: adjusted ≥ raw, ≤ min(1, m·p), and ordered as the raw p-values are', () => {
  const uniform = seededUniform(7);
  for (let family = 0; family < 200; family++) {
    const p = Array.from({ length: 1 + Math.floor(uniform() * 8) }, () => uniform() ** 3);
    const adjusted = holmAdjust(p);
    p.forEach((raw, i) => {
      assert.ok(adjusted[i] >= raw && adjusted[i] <= Math.min(1, p.length * raw) + 1e-15);
      p.forEach((other, j) => {
        if (raw <= other) assert.ok(adjusted[i] <= adjusted[j], `p ${raw} ≤ ${other} but adjusted ${adjusted[i]} > ${adjusted[j]}`);
      });
    });
  }
});

test('a p-value outside [0, 1] is a RangeError', () => {
  assert.throws(() => holmAdjust([0.1, 1.2]), /holmAdjust: p-values must be in \[0, 1\] or NaN; got 1.2/);
});
