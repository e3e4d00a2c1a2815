// Student's one-sample t-test on paired differences a − b (one per shared seed): mean, t, p and a t interval.

import { studentTQuantile, twoSidedP } from './student-t.js';
import { summarizeSample } from './summarize-sample.js';

export interface PairedTTest {
  n: number;
  /** d̄ = Σd/n over the differences d = a − b. */
  meanDifference: number;
  /** s_d = √(Σ(d − d̄)²/(n − 1)). */
  sd: number;
  /** s_d/√n. */
  se: number;
  /** d̄/se; ±Infinity when every difference is the same non-zero number, NaN when every difference is 0. */
  t: number;
  /** n − 1. */
  df: number;
  /** Two-sided p = P(|T| ≥ |t|), T ~ t(n − 1); 0 when t = ±Infinity, 1 when every difference is 0. */
  p: number;
  /** d̄ ∓ t_{(1+confidence)/2, n−1}·se; [d̄, d̄] when se = 0. */
  interval: [number, number];
  confidence: number;
}

/**
 * The paired t-test of H0: E[a − b] = 0 (Student 1908): t = d̄/(s_d/√n) on n − 1 degrees of freedom, and the
 * `confidence` t interval of the mean difference. Assumes the differences are independent draws from one normal
 * distribution (robust to mild non-normality; see the sign-flip test for an exact alternative).
 * Throws RangeError for n < 2 (no spread estimate) or confidence outside (0, 1).
 */
export function pairedTTest(differences: readonly number[], confidence = 0.95): PairedTTest {
  const n = differences.length;
  if (n < 2) throw new RangeError(`pairedTTest: needs at least 2 paired differences; got ${n}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`pairedTTest: confidence must be in (0, 1); got ${confidence}`);
  const { mean, sd } = summarizeSample(differences);
  const se = sd / Math.sqrt(n);
  const df = n - 1;
  if (se === 0) {
    // No spread: a constant non-zero difference is certain (p = 0), a constant zero is no evidence at all (p = 1).
    return {
      n,
      meanDifference: mean,
      sd,
      se,
      t: mean === 0 ? Number.NaN : mean * Number.POSITIVE_INFINITY,
      df,
      p: mean === 0 ? 1 : 0,
      interval: [mean, mean],
      confidence,
    };
  }
  const t = mean / se;
  const halfWidth = studentTQuantile((1 + confidence) / 2, df) * se;
  return { n, meanDifference: mean, sd, se, t, df, p: twoSidedP(t, df), interval: [mean - halfWidth, mean + halfWidth], confidence };
}
