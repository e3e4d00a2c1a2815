// The t distribution wrappers against scipy.stats (SciPy 1.17.1), including ν = Infinity and the infinite/NaN edges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { studentTCdf, studentTQuantile, twoSidedP } from '../../src/stats/student-t.js';
import { assertClose } from '../helpers/assert-close.js';

test('t quantiles match scipy.stats.t.ppf, fractional df included', () => {
  assertClose(studentTQuantile(0.975, 2), 4.302652729749462, 1e-9, 'stats.t.ppf(0.975, 2)');
  assertClose(studentTQuantile(0.975, 4), 2.7764451051977934, 1e-9, 'stats.t.ppf(0.975, 4)');
  assertClose(studentTQuantile(0.975, 50 / 17), 3.218758614532882, 1e-9, 'stats.t.ppf(0.975, 50/17)');
  assertClose(studentTQuantile(0.025, 3.5), -2.9400886379827296, 1e-9, 'stats.t.ppf(0.025, 3.5)');
  assertClose(studentTQuantile(0.9, 7.3), 1.4089223177480423, 1e-9, 'stats.t.ppf(0.9, 7.3)');
  assertClose(studentTQuantile(0.8, 9), 0.8834038596855346, 1e-9, 'stats.t.ppf(0.8, 9)');
  assertClose(studentTQuantile(0.999999, 1.5), 5219.469324606886, 1e-5, 'stats.t.ppf(0.999999, 1.5)');
  assert.equal(studentTQuantile(0.5, 3), 0);
});

test('ν = Infinity is the standard normal (stdlib alone answers 0.5 / NaN there)', () => {
  assertClose(studentTQuantile(0.975, Infinity), 1.959963984540054, 1e-12, 'stats.norm.ppf(0.975)');
  assertClose(studentTCdf(1.96, Infinity), 0.9750021048517795, 1e-14, 'stats.norm.cdf(1.96)');
  assertClose(studentTCdf(-3, Infinity), 0.0013498980316300933, 1e-16, 'stats.norm.cdf(-3)');
  assertClose(twoSidedP(2.5, Infinity), 0.012419330651552265, 1e-15, '2*stats.norm.sf(2.5)');
});

test('cdf and two-sided p match scipy.stats.t, large |t| keeping its lower-tail precision', () => {
  assertClose(studentTCdf(-2.5, 3), 0.04385332350403278, 1e-14, 'stats.t.cdf(-2.5, 3)');
  assertClose(studentTCdf(1.3, 7.7), 0.8844186511740483, 1e-14, 'stats.t.cdf(1.3, 7.7)');
  assertClose(twoSidedP(12, 4), 0.000276428548502973, 1e-16, '2*stats.t.sf(12, 4)');
  assertClose(twoSidedP(-40, 3), 3.4380680789158506e-5, 1e-17, '2*stats.t.sf(40, 3)');
  assertClose(twoSidedP(2.2, 6.5), 0.06666476680634119, 1e-14, '2*stats.t.sf(2.2, 6.5)');
  assert.equal(twoSidedP(0, 5), 1);
  assert.equal(studentTCdf(0, 5), 0.5);
});

test('infinite and NaN arguments are answered explicitly; bad df and p are RangeErrors', () => {
  assert.equal(studentTCdf(Infinity, 3), 1);
  assert.equal(studentTCdf(-Infinity, 3), 0);
  assert.ok(Number.isNaN(studentTCdf(Number.NaN, 3)));
  assert.equal(twoSidedP(Infinity, 3), 0);
  assert.equal(twoSidedP(-Infinity, Infinity), 0);
  assert.ok(Number.isNaN(twoSidedP(Number.NaN, 3)));
  assert.equal(studentTQuantile(0, 3), -Infinity);
  assert.equal(studentTQuantile(1, 3), Infinity);
  assert.throws(() => studentTCdf(1, 0), /studentTCdf: degrees of freedom must be > 0 \(Infinity allowed\); got 0/);
  assert.throws(() => twoSidedP(1, Number.NaN), /twoSidedP: degrees of freedom must be > 0 \(Infinity allowed\); got NaN/);
  assert.throws(() => studentTQuantile(1.2, 3), /studentTQuantile: p must be in \[0, 1\]; got 1.2/);
  assert.throws(() => studentTQuantile(Number.NaN, 3), RangeError);
});
