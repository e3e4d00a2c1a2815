// Student's t distribution (ν may be fractional or Infinity): cdf, quantile and two-sided p, as typed wrappers of stdlib-js.

import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

// stdlib's t cdf answers 0.5 for every t when ν = Infinity (x²/(ν + x²) becomes 0), so the limit t(∞) = N(0, 1) is
// evaluated at this finite ν instead: t(ν) differs from N(0, 1) by O(1/ν), far below double precision here
// (checked against scipy.stats.norm.cdf to ~1e-15 relative on t ∈ [−10, 8]).
const NORMAL_LIMIT_DF = 1e300;

function checkDf(df: number, what: string): void {
  if (!(df > 0)) throw new RangeError(`${what}: degrees of freedom must be > 0 (Infinity allowed); got ${df}`);
}

/**
 * P(T ≤ t) for T ~ t(ν): I_{ν/(ν+t²)}(ν/2, 1/2)/2 for t < 0, one minus that for t > 0 (Student 1908; Abramowitz &
 * Stegun 26.7.1). t = −Infinity → 0, t = +Infinity → 1, t NaN → NaN; ν = Infinity gives the standard normal cdf.
 * Throws RangeError when ν is NaN or ≤ 0.
 */
export function studentTCdf(t: number, df: number): number {
  checkDf(df, 'studentTCdf');
  if (Number.isNaN(t)) return Number.NaN;
  if (t === Number.POSITIVE_INFINITY) return 1;
  if (t === Number.NEGATIVE_INFINITY) return 0;
  return tCdf(t, df === Number.POSITIVE_INFINITY ? NORMAL_LIMIT_DF : df);
}

/**
 * The p-quantile of t(ν): the t with P(T ≤ t) = p, e.g. 4.302653 for p = 0.975, ν = 2 (inverse of `studentTCdf`).
 * p = 0 → −Infinity, p = 1 → +Infinity; ν = Infinity gives the standard normal quantile z_p.
 * Throws RangeError when p is outside [0, 1] or NaN, or ν is NaN or ≤ 0.
 */
export function studentTQuantile(p: number, df: number): number {
  checkDf(df, 'studentTQuantile');
  if (!(p >= 0 && p <= 1)) throw new RangeError(`studentTQuantile: p must be in [0, 1]; got ${p}`);
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (df === Number.POSITIVE_INFINITY) return normalQuantile(p, 0, 1);
  return tQuantile(p, df);
}

/**
 * P(|T| ≥ |t|) for T ~ t(ν): the two-sided p-value of a t statistic, 2·F(−|t|) (computed on the lower tail, so
 * large |t| keeps its precision instead of rounding 1 − F to 0). t = ±Infinity → 0; t NaN → NaN.
 * Throws RangeError when ν is NaN or ≤ 0.
 */
export function twoSidedP(t: number, df: number): number {
  checkDf(df, 'twoSidedP');
  if (Number.isNaN(t)) return Number.NaN;
  return Math.min(1, 2 * studentTCdf(-Math.abs(t), df));
}
