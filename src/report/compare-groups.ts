// Decides whether one group of runs' mean is above or below another's, and whether the gap exceeds seed noise.

import type { SummaryStats } from './summary-stats.js';

/** `clear`: the difference has the expected sign and exceeds twice its standard error
 *  (√(s₁²/n₁ + s₂²/n₂), Welch); `weak`: expected sign, within that noise (or a group has one seed, so no error
 *  estimate); `opposite` / `opposite-clear`: the other sign; `unknown`: a mean is missing. */
export type Comparison = 'clear' | 'weak' | 'opposite' | 'opposite-clear' | 'unknown';

/** Whether `a` is lower (or higher) than `b`. */
export function compareGroups(a: SummaryStats, b: SummaryStats, expected: 'lower' | 'higher'): Comparison {
  if (a.mean === null || b.mean === null) return 'unknown';
  const difference = expected === 'lower' ? b.mean - a.mean : a.mean - b.mean; // > 0 when as expected
  const standardError =
    a.std === null || b.std === null ? null : Math.sqrt(a.std ** 2 / a.n + b.std ** 2 / b.n);
  const clear = standardError !== null && Math.abs(difference) > 2 * standardError;
  if (difference > 0) return clear ? 'clear' : 'weak';
  return clear ? 'opposite-clear' : 'opposite';
}

/** `not enough data`: the experiment covers the claim, but its runs are too few or too short to decide it
 *  (see chapter-claims.ts, checkEnoughData). */
export type Verdict = 'supported' | 'weakly supported' | 'mixed' | 'contradicted' | 'not enough data' | 'not tested';

/** All parts clear → supported; all in the expected direction → weakly supported; any part clearly the other way →
 *  contradicted; otherwise mixed. No parts (or any unknown) → not tested. */
export function verdictOf(parts: readonly Comparison[]): Verdict {
  if (parts.length === 0 || parts.includes('unknown')) return 'not tested';
  if (parts.every((part) => part === 'clear')) return 'supported';
  if (parts.every((part) => part === 'clear' || part === 'weak')) return 'weakly supported';
  if (parts.includes('opposite-clear')) return 'contradicted';
  return 'mixed';
}

export const COMPARISON_RULE =
  'A difference counts as clear when it exceeds twice its standard error √(s₁²/n₁ + s₂²/n₂) over seeds; ' +
  'verdict: every part clear → supported; every part in the claimed direction → weakly supported; ' +
  'any part clearly the other way → contradicted; otherwise mixed.';
