// One look of "seeds until decided": each primary claim's safe t-test e-values on the values so far, its
// anytime-valid p, and Holm over the claims, which says which are decided.
import type { ClaimSpec } from '../config/claim-spec.js';
import { holmAdjust } from '../stats/holm.js';
import { pairedSequentialEValue, twoSampleSequentialEValue } from '../stats/sequential-e-value.js';
import type { SequentialDecision, SequentialLookRow } from '../store/results-store.js';

/** The family-wise level the rounds stop at (Holm over the primary claims' anytime-valid p). */
export const SEQUENTIAL_ALPHA = 0.05;

/** A run's value of the claim's metric; runs without one are left out. */
export interface SeedValue {
  seed: number;
  value: number;
}

/** One part of a claim (a pair of grid points) with the values of its two arms so far. */
export interface PartValues {
  a: SeedValue[];
  b: SeedValue[];
}

export interface ClaimValues {
  claim: Pick<ClaimSpec, 'id' | 'expect'>;
  parts: PartValues[];
}

export type ClaimLook = Omit<SequentialLookRow, 'experiment' | 'round'>;

function sameSeeds(a: readonly SeedValue[], b: readonly SeedValue[]): boolean {
  const sa = a.map((v) => v.seed).sort((x, y) => x - y);
  const sb = b.map((v) => v.seed).sort((x, y) => x - y);
  return sa.length === sb.length && new Set(sa).size === sa.length && sa.every((seed, i) => seed === sb[i]);
}

const mean = (values: readonly number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;

/** A part's e-value and which way it goes (mean of a − b): paired by seed when both arms have the same seeds, else
 *  the two-sample e-value. */
export function partEvidence(part: PartValues): { e: number; difference: number } {
  if (sameSeeds(part.a, part.b)) {
    const bySeed = new Map(part.b.map((v) => [v.seed, v.value]));
    const differences = [...part.a].sort((x, y) => x.seed - y.seed).map((v) => v.value - bySeed.get(v.seed)!);
    return { e: pairedSequentialEValue(differences), difference: differences.length === 0 ? 0 : mean(differences) };
  }
  const [a, b] = [part.a.map((v) => v.value), part.b.map((v) => v.value)];
  return { e: twoSampleSequentialEValue(a, b), difference: a.length === 0 || b.length === 0 ? 0 : mean(a) - mean(b) };
}

/**
 * The look after a round. For a claim: "for" = the smallest part e-value when every part goes the claimed way
 * (intersection–union: each part must reject), else 0; "against" = the largest e-value of a part going the other way
 * divided by the number of parts (Bonferroni), else 0. Its anytime-valid p is min(1, 1 / the running max over looks
 * of those e-values) (Ville's inequality makes 1/max E a p-value however many looks are taken), and Holm over the
 * claims' p decides at SEQUENTIAL_ALPHA. `earlier` holds the looks of the earlier rounds (running maxima; a decision
 * once made stands). Equivalence claims are not decided sequentially: listed as `equivalence`, they run to max. A
 * claim with no part is `not enough data`.
 */
export function lookAtClaims(claims: readonly ClaimValues[], earlier: readonly ClaimLook[] = []): ClaimLook[] {
  const runningMax = (claimId: string, side: 'eFor' | 'eAgainst'): number =>
    Math.max(0, ...earlier.filter((look) => look.claimId === claimId).map((look) => look[side] ?? 0));
  const decidedBefore = (claimId: string): SequentialDecision | undefined =>
    earlier.find((look) => look.claimId === claimId && (look.decision === 'supported' || look.decision === 'contradicted'))?.decision;
  const maxima = new Map<string, { for: number; against: number }>();
  const looks: ClaimLook[] = claims.map(({ claim, parts }) => {
    const nA = parts.length === 0 ? 0 : Math.min(...parts.map((part) => part.a.length));
    const nB = parts.length === 0 ? 0 : Math.min(...parts.map((part) => part.b.length));
    if (claim.expect === 'equivalent') {
      return { claimId: claim.id, nA, nB, eFor: null, eAgainst: null, anytimeP: null, holmP: null, decision: 'equivalence' };
    }
    const evidence = parts.map(partEvidence);
    const asClaimed = (d: number) => (claim.expect === 'lower' ? d < 0 : d > 0);
    const eFor = evidence.length > 0 && evidence.every((part) => asClaimed(part.difference)) ? Math.min(...evidence.map((part) => part.e)) : 0;
    const other = evidence.filter((part) => !asClaimed(part.difference) && part.difference !== 0);
    const eAgainst = other.length === 0 ? 0 : Math.max(...other.map((part) => part.e)) / evidence.length;
    const sides = { for: Math.max(eFor, runningMax(claim.id, 'eFor')), against: Math.max(eAgainst, runningMax(claim.id, 'eAgainst')) };
    maxima.set(claim.id, sides);
    const anytimeP = Math.min(1, 1 / Math.max(sides.for, sides.against));
    const decision: SequentialDecision = parts.length === 0 ? 'not enough data' : 'undecided';
    return { claimId: claim.id, nA, nB, eFor, eAgainst, anytimeP, holmP: null, decision };
  });
  const family = looks.filter((look) => look.anytimeP !== null);
  const adjusted = holmAdjust(family.map((look) => look.anytimeP!));
  family.forEach((look, i) => {
    look.holmP = adjusted[i];
    const before = decidedBefore(look.claimId);
    if (before !== undefined) look.decision = before;
    else if (look.decision === 'undecided' && adjusted[i] <= SEQUENTIAL_ALPHA) {
      // Which way: the side whose running maximum reached the threshold.
      const sides = maxima.get(look.claimId)!;
      look.decision = sides.for >= sides.against ? 'supported' : 'contradicted';
    }
  });
  return looks;
}
