// The minimal detectable effect against scipy.stats.t.ppf (SciPy 1.17.1), and what its power really is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { minimalDetectableEffect } from '../../src/stats/minimal-detectable-effect.js';
import { assertClose } from '../helpers/assert-close.js';

test('(t_{1−α/2, df} + t_{power, df})·se matches scipy', () => {
  // (stats.t.ppf(1 - a/2, df) + stats.t.ppf(power, df)) * se
  assertClose(minimalDetectableEffect({ se: 1, df: 9 }), 3.1455610224837396, 1e-9, 'se 1, df 9');
  assertClose(minimalDetectableEffect({ se: 0.3, df: 2 }), 1.6089938704587852, 1e-9, 'se 0.3, df 2');
  assertClose(minimalDetectableEffect({ se: 2.5, df: 19, alpha: 0.01, power: 0.9 }), 10.471657038729445, 1e-8, 'α 0.01, power 0.9');
  // df = Infinity: (stats.norm.ppf(0.975) + stats.norm.ppf(0.8)) · 1
  assertClose(minimalDetectableEffect({ se: 1, df: Infinity }), 2.8015852181129683, 1e-9, 'z-test');
  assert.equal(minimalDetectableEffect({ se: 0, df: 4 }), 0);
  // Its exact power at df = 9 is 0.799 (1 − nct.cdf(c, 9, mde) + nct.cdf(−c, 9, mde), c = t.ppf(0.975, 9)): the
  // approximation is for the docs; nothing here computes the non-central t.
});

test('bad inputs are RangeErrors', () => {
  assert.throws(() => minimalDetectableEffect({ se: -1, df: 4 }), /minimalDetectableEffect: se must be a finite number ≥ 0; got -1/);
  assert.throws(() => minimalDetectableEffect({ se: 1, df: 4, power: 1 }), /minimalDetectableEffect: power must be in \(0, 1\); got 1/);
  assert.throws(() => minimalDetectableEffect({ se: 1, df: 0 }), /degrees of freedom must be > 0/);
});
