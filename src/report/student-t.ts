// Student's t distribution with ν degrees of freedom (ν may be fractional, as Welch's is): tail probability and quantile.

import { regularizedIncompleteBeta } from './regularized-incomplete-beta.js';

/** P(|T| ≥ |t|) for T ~ t(ν): the two-sided p-value of a t statistic. Equals I_{ν/(ν+t²)}(ν/2, 1/2). */
export function studentTTwoSidedP(t: number, df: number): number {
  if (!(df > 0)) throw new Error(`t distribution: degrees of freedom must be > 0; got ${df}`);
  if (Number.isNaN(t)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  return regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** P(T ≤ t) for T ~ t(ν). */
export function studentTCdf(t: number, df: number): number {
  const tail = studentTTwoSidedP(t, df) / 2;
  return t < 0 ? tail : 1 - tail;
}

/** The q-quantile of t(ν) (0 < q < 1): the t with P(T ≤ t) = q, e.g. 4.302653 for q = 0.975, ν = 2. Found by
 *  bisection on the two-sided tail, which is monotone in |t|, to within a few ulps. */
export function studentTQuantile(q: number, df: number): number {
  if (!(q > 0 && q < 1)) throw new Error(`t quantile: q must be strictly between 0 and 1; got ${q}`);
  if (q === 0.5) return 0;
  const tail = 2 * Math.min(q, 1 - q); // two-sided tail mass beyond |t|
  let low = 0;
  let high = 1;
  while (studentTTwoSidedP(high, df) > tail) high *= 2; // bracket: the tail falls as |t| grows
  for (let i = 0; i < 200 && high - low > 1e-14 * high; i++) {
    const middle = (low + high) / 2;
    if (studentTTwoSidedP(middle, df) > tail) low = middle;
    else high = middle;
  }
  const magnitude = (low + high) / 2;
  return q < 0.5 ? -magnitude : magnitude;
}
