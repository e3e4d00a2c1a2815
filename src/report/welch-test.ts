// Welch's two-sample t-test on two groups of seeds: difference of means, its t interval, t, degrees of freedom, p.

import { studentTQuantile, studentTTwoSidedP } from './student-t.js';
import type { SummaryStats } from './summary-stats.js';

export interface WelchTest {
  /** mean(a) − mean(b). */
  difference: number;
  /** √(s_a²/n_a + s_b²/n_b). */
  standardError: number;
  /** difference / standardError (±Infinity when both groups are constant and differ; NaN when they are equal). */
  t: number;
  /** Welch–Satterthwaite: (s_a²/n_a + s_b²/n_b)² / ((s_a²/n_a)²/(n_a − 1) + (s_b²/n_b)²/(n_b − 1)). */
  df: number;
  /** Two-sided p-value of t under t(df). */
  p: number;
  /** The confidence level of `interval`, e.g. 0.95. */
  confidence: number;
  /** difference ∓ t_{(1+confidence)/2, df} · standardError. */
  interval: [number, number];
}

/** The test of mean(a) = mean(b), or null when either group has fewer than 2 finite values (no variance estimate). */
export function welchTest(a: SummaryStats, b: SummaryStats, confidence = 0.95): WelchTest | null {
  if (a.mean === null || b.mean === null || a.std === null || b.std === null || a.n < 2 || b.n < 2) return null;
  const difference = a.mean - b.mean;
  const varianceA = a.std ** 2 / a.n; // squared standard error of a's mean
  const varianceB = b.std ** 2 / b.n;
  const standardError = Math.sqrt(varianceA + varianceB);
  if (standardError === 0) {
    // Both groups constant: no noise to judge against. A nonzero gap is certain (p = 0); df is the pooled test's.
    return {
      difference,
      standardError,
      t: difference === 0 ? Number.NaN : difference * Number.POSITIVE_INFINITY,
      df: a.n + b.n - 2,
      p: difference === 0 ? 1 : 0,
      confidence,
      interval: [difference, difference],
    };
  }
  const df = (varianceA + varianceB) ** 2 / (varianceA ** 2 / (a.n - 1) + varianceB ** 2 / (b.n - 1));
  const t = difference / standardError;
  const halfWidth = studentTQuantile((1 + confidence) / 2, df) * standardError;
  return {
    difference,
    standardError,
    t,
    df,
    p: studentTTwoSidedP(t, df),
    confidence,
    interval: [difference - halfWidth, difference + halfWidth],
  };
}
