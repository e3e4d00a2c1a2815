// Two one-sided tests (TOST) of equivalence: is the true difference within ±margin? Paired and Welch forms.

import { pairedTTest } from './paired-t-test.js';
import { studentTCdf } from './student-t.js';
import type { SampleSummary } from './summarize-sample.js';
import { welchTest } from './welch-test.js';

export interface Tost {
  /** The estimated difference: mean of the paired differences, or mean(a) − mean(b). */
  difference: number;
  se: number;
  df: number;
  margin: number;
  alpha: number;
  /** p of H0⁻: difference ≤ −margin, against difference > −margin: P(T ≥ (d + margin)/se). */
  pLower: number;
  /** p of H0⁺: difference ≥ +margin, against difference < +margin: P(T ≤ (d − margin)/se). */
  pUpper: number;
  /** max(pLower, pUpper): the TOST p-value. */
  p: number;
  /** The 1 − 2α t interval of the difference; `equivalent` exactly when it lies inside (−margin, +margin). */
  interval: [number, number];
  /** 1 − 2α, the level of `interval`. */
  confidence: number;
  /** p < alpha: both one-sided nulls rejected, so |difference| < margin is concluded at level α. */
  equivalent: boolean;
}

function checkArguments(margin: number, alpha: number, what: string): void {
  if (!(margin > 0) || !Number.isFinite(margin)) throw new RangeError(`${what}: margin must be a finite number > 0; got ${margin}`);
  if (!(alpha > 0 && alpha < 0.5)) throw new RangeError(`${what}: alpha must be in (0, 0.5); got ${alpha}`);
}

/** One-sided p of a shifted t statistic (d − shift)/se for the alternative `difference > shift` (upper) or `< shift`. */
function oneSidedP(difference: number, shift: number, se: number, df: number, upper: boolean): number {
  const gap = difference - shift;
  if (se === 0) {
    // No spread: the side is certain unless the estimate sits exactly on the margin, which is no evidence (p = 1).
    return (upper ? gap > 0 : gap < 0) ? 0 : 1;
  }
  const t = gap / se;
  return upper ? studentTCdf(-t, df) : studentTCdf(t, df);
}

function tostFrom(
  estimate: { difference: number; se: number; df: number; interval: [number, number] },
  margin: number,
  alpha: number,
): Tost {
  const pLower = oneSidedP(estimate.difference, -margin, estimate.se, estimate.df, true);
  const pUpper = oneSidedP(estimate.difference, margin, estimate.se, estimate.df, false);
  const p = Math.max(pLower, pUpper);
  return {
    difference: estimate.difference,
    se: estimate.se,
    df: estimate.df,
    margin,
    alpha,
    pLower,
    pUpper,
    p,
    interval: estimate.interval,
    confidence: 1 - 2 * alpha,
    equivalent: p < alpha,
  };
}

/**
 * Schuirmann's (1987) TOST on paired differences d = a − b: t⁻ = (d̄ + margin)/se, t⁺ = (d̄ − margin)/se with
 * se = s_d/√n on n − 1 df; pLower = P(T ≥ t⁻), pUpper = P(T ≤ t⁺), p = max. Same assumptions as `pairedTTest`.
 * Throws RangeError for n < 2, margin not finite > 0, or alpha outside (0, 0.5).
 */
export function pairedTost(differences: readonly number[], margin: number, alpha = 0.05): Tost {
  checkArguments(margin, alpha, 'pairedTost');
  const test = pairedTTest(differences, 1 - 2 * alpha);
  return tostFrom({ difference: test.meanDifference, se: test.se, df: test.df, interval: test.interval }, margin, alpha);
}

/**
 * Schuirmann's TOST for two independent groups on Welch's se and Welch–Satterthwaite df (as `welchTest`):
 * d = x̄_a − x̄_b, then as `pairedTost`. Throws RangeError as `welchTest` and for a bad margin or alpha.
 */
export function welchTost(a: SampleSummary, b: SampleSummary, margin: number, alpha = 0.05): Tost {
  checkArguments(margin, alpha, 'welchTost');
  const test = welchTest(a, b, 1 - 2 * alpha);
  return tostFrom(test, margin, alpha);
}
