// The round planner of "seeds until decided": the looks' numbers against a hand-run formula, and which grid points
// get seeds after a round (a decided claim none, an undecided one its parts' points, never beyond max).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lookAtClaims, type ClaimLook, type PartValues } from '../../src/runner/look-at-claims.js';
import { planSeedRound } from '../../src/runner/plan-seed-round.js';

const rule = { first: 1, start: 3, add: 2, max: 8 };

/** Arm b's values, and arm a = b + the differences, seed by seed (paired). */
function paired(differences: number[]): PartValues {
  const b = differences.map((_, i) => ({ seed: i + 1, value: 100 + 3 * i }));
  return { a: b.map((entry, i) => ({ seed: entry.seed, value: entry.value + differences[i] })), b };
}

// E of the safe one-sample t-test, (1+ng)^(-1/2)·[(1+t²/(ν(1+ng)))/(1+t²/ν)]^(-(ν+1)/2) with g = 1, computed with
// numpy (python3: t = mean/(std(ddof=1)/sqrt(n))): 129.24632064574357 for BIG, 0.37975012899149757 for NONE.
const BIG = [-10, -10.1, -9.9, -10.2, -9.8, -10.05];
const NONE = [0.5, -0.4, 0.3, -0.6, 0.2, 0.1];

test('a look: e-values of the parts, anytime p = 1/E, Holm over the primary claims decides', () => {
  const looks = lookAtClaims([
    { claim: { id: 'big', expect: 'lower' }, parts: [paired(BIG)] },
    { claim: { id: 'none', expect: 'lower' }, parts: [paired(NONE)] },
    { claim: { id: 'same', expect: 'equivalent' }, parts: [paired(NONE)] },
  ]);
  const [big, none, same] = looks;
  assert.ok(Math.abs(big.eFor! - 129.24632064574357) < 1e-9);
  assert.equal(big.eAgainst, 0);
  assert.ok(Math.abs(big.anytimeP! - 1 / 129.24632064574357) < 1e-12);
  // Holm over the two directional claims: the smaller p doubled.
  assert.ok(Math.abs(big.holmP! - 2 / 129.24632064574357) < 1e-12);
  assert.equal(big.decision, 'supported');
  // NONE's mean difference is positive (> 0: not the claimed "lower"): no evidence for, its E against (1 part).
  assert.equal(none.eFor, 0);
  assert.ok(Math.abs(none.eAgainst! - 0.37975012899149757) < 1e-9);
  assert.equal(none.anytimeP, 1);
  assert.equal(none.decision, 'undecided');
  assert.deepEqual([same.eFor, same.anytimeP, same.holmP, same.decision], [null, null, null, 'equivalence']);
  assert.deepEqual([big.nA, big.nB], [6, 6]);
});

test('anytime p uses the running maximum over looks, and a decision once made stands', () => {
  const first = lookAtClaims([{ claim: { id: 'big', expect: 'lower' }, parts: [paired(BIG)] }]);
  // A later look with weaker evidence keeps the earlier maximum (1/p never falls) and the decision.
  const later = lookAtClaims([{ claim: { id: 'big', expect: 'lower' }, parts: [paired(NONE.map((d) => d - 0.1))] }], first);
  assert.ok(Math.abs(later[0].anytimeP! - 1 / 129.24632064574357) < 1e-12);
  assert.equal(later[0].decision, 'supported');
});

test('two parts: "for" is the smallest part e-value, "against" the largest other-way part e-value over the parts', () => {
  const [look] = lookAtClaims([{ claim: { id: 'c', expect: 'lower' }, parts: [paired(BIG), paired(NONE)] }]);
  assert.equal(look.eFor, 0);
  assert.ok(Math.abs(look.eAgainst! - 0.37975012899149757 / 2) < 1e-9);
  const [both] = lookAtClaims([{ claim: { id: 'c', expect: 'lower' }, parts: [paired(BIG), paired(NONE.map((d) => d - 10))] }]);
  assert.ok(both.eFor! < 129.24632064574357 && both.eFor! > 1);
});

function look(claimId: string, decision: ClaimLook['decision'], n = 3): ClaimLook {
  return { claimId, nA: n, nB: n, eFor: 1, eAgainst: 0, anytimeP: 1, holmP: 1, decision };
}

test('after a round: a decided claim adds no seeds, an undecided one adds `add` to its parts\' points, capped at max', () => {
  const claims = [
    { claimId: 'decided', parts: [{ a: 0, b: 1 }] },
    { claimId: 'open', parts: [{ a: 2, b: 3 }, { a: 4, b: 3 }] },
  ];
  const counts = new Map([[0, 3], [1, 3], [2, 3], [3, 7], [4, 8]]);
  const plan = planSeedRound(rule, 2, claims, [look('decided', 'supported'), look('open', 'undecided')], counts);
  // Point 2 continues 1, 2, 3 → 4, 5; point 3 has 7 of max 8 → one seed (8); point 4 is at max.
  assert.deepEqual([...plan.added].sort((x, y) => x[0] - y[0]), [[2, [4, 5]], [3, [8]]]);
  assert.deepEqual([...plan.stopped], [['decided', 'decided at round 2 (supported)']]);
});

test('a claim whose points all reached max stops: "reached max", or "not enough data" with an arm under 2 values', () => {
  const claims = [
    { claimId: 'full', parts: [{ a: 0, b: 1 }] },
    { claimId: 'empty', parts: [{ a: 2, b: 3 }] },
    { claimId: 'eq', parts: [{ a: 0, b: 1 }] },
    { claimId: 'unpaired', parts: [] },
  ];
  const counts = new Map([[0, 8], [1, 8], [2, 8], [3, 8]]);
  const plan = planSeedRound(
    rule,
    4,
    claims,
    [look('full', 'undecided', 8), look('empty', 'undecided', 1), look('eq', 'equivalence', 8), look('unpaired', 'not enough data', 0)],
    counts,
  );
  assert.equal(plan.added.size, 0);
  assert.deepEqual(Object.fromEntries(plan.stopped), {
    full: 'reached max (8 seeds)',
    empty: 'not enough data (reached max (8 seeds), and an arm has fewer than 2 values)',
    eq: 'reached max (8 seeds); equivalence claims are not decided sequentially and run to max',
    unpaired: 'not enough data (no grid point of arm a has a partner in arm b)',
  });
});
