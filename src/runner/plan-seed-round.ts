// The round planner of "seeds until decided": after a look, which grid points get more seeds, and why each claim
// that gets none has stopped.
import type { SeedRule } from '../config/seed-rule.js';
import type { ClaimLook } from './look-at-claims.js';

/** The grid points (0-based indices) of a claim's parts. */
export interface ClaimPoints {
  claimId: string;
  parts: { a: number; b: number }[];
}

export interface SeedRoundPlan {
  /** Grid point → the seeds the next round adds to it (none: no next round). */
  added: Map<number, number[]>;
  /** Claim id → why it gets no more seeds ("decided at round 2 (supported)", "reached max (12 seeds)", …); a claim
   *  that goes on is absent. A claim decided earlier is listed again with this round: callers keep the first reason. */
  stopped: Map<string, string>;
}

/**
 * After the look of `round`: every claim still undecided (and every equivalence claim, which runs to max) asks for
 * `rule.add` more seeds on each grid point of its parts, capped at `rule.max` per point; points asked for by several
 * claims get them once. A decided claim asks for none; a claim whose points all reached max stops there ("not
 * enough data" when an arm still has fewer than 2 values). `seedCounts` is each point's seeds so far (first … first +
 * count − 1); the new seeds continue that sequence.
 */
export function planSeedRound(
  rule: SeedRule,
  round: number,
  claims: readonly ClaimPoints[],
  looks: readonly ClaimLook[],
  seedCounts: ReadonlyMap<number, number>,
): SeedRoundPlan {
  const added = new Map<number, number[]>();
  const stopped = new Map<string, string>();
  const lookOf = new Map(looks.map((look) => [look.claimId, look]));
  for (const claim of claims) {
    const look = lookOf.get(claim.claimId);
    if (look === undefined) continue;
    if (look.decision === 'supported' || look.decision === 'contradicted') {
      stopped.set(claim.claimId, `decided at round ${round} (${look.decision})`);
      continue;
    }
    if (claim.parts.length === 0) {
      stopped.set(claim.claimId, 'not enough data (no grid point of arm a has a partner in arm b)');
      continue;
    }
    const points = [...new Set(claim.parts.flatMap((part) => [part.a, part.b]))];
    const open = points.filter((point) => (seedCounts.get(point) ?? 0) < rule.max);
    if (open.length === 0) {
      const atMax = `reached max (${rule.max} seeds)`;
      const why =
        Math.min(look.nA, look.nB) < 2
          ? `not enough data (${atMax}, and an arm has fewer than 2 values)`
          : look.decision === 'equivalence'
            ? `${atMax}; equivalence claims are not decided sequentially and run to max`
            : atMax;
      stopped.set(claim.claimId, why);
      continue;
    }
    for (const point of open) {
      const count = seedCounts.get(point) ?? 0;
      const more = Math.min(rule.add, rule.max - count);
      added.set(point, Array.from({ length: more }, (_, i) => rule.first + count + i));
    }
  }
  return { added, stopped };
}
