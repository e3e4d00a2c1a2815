// Sums one epoch's gradient diagnostics over its updates: global norm before clipping (mean, max), the fraction clipped,
// and each parameter group's norm (mean, max).
import type { EpochGradients } from './training-events.js';
import type { GradientGroup } from './gradient-groups.js';

export interface GradientTally {
  /** One update's norms: the global norm before clipping and every parameter's squared gradient norm. */
  add(gradNormBeforeClip: number, paramSquaredNorms: ReadonlyMap<string, number>): void;
  /** The epoch's diagnostics so far; null before the first update. */
  summary(): EpochGradients | null;
}

/** `clipNorm` ≤ 0 means clipping is off: no update counts as clipped. An update is clipped when its norm exceeds
 *  clipNorm, as clip_by_global_norm scales by clip / max(norm, clip). Non-finite norms (a diverging update) are kept:
 *  they make the mean and max non-finite, which is what happened. */
export function createGradientTally(groups: readonly GradientGroup[], clipNorm: number): GradientTally {
  let updates = 0;
  let sum = 0;
  let max = -Infinity;
  let clipped = 0;
  const groupSums = groups.map(() => 0);
  const groupMaxes = groups.map(() => -Infinity);
  return {
    add(norm, squares) {
      updates++;
      sum += norm;
      max = Math.max(max, norm);
      if (clipNorm > 0 && norm > clipNorm) clipped++;
      groups.forEach((group, g) => {
        let squared = 0;
        for (const name of group.parameters) {
          const value = squares.get(name);
          if (value === undefined) throw new Error(`gradient tally: the update reported no norm for parameter "${name}"`);
          squared += value;
        }
        const groupNorm = Math.sqrt(squared);
        groupSums[g] += groupNorm;
        groupMaxes[g] = Math.max(groupMaxes[g], groupNorm);
      });
    },
    summary() {
      if (updates === 0) return null;
      return {
        updates,
        normMean: sum / updates,
        normMax: max,
        clippedFraction: clipped / updates,
        groups: groups.map((group, g) => ({
          group: group.name,
          parameters: group.parameters,
          normMean: groupSums[g] / updates,
          normMax: groupMaxes[g],
        })),
      };
    },
  };
}
