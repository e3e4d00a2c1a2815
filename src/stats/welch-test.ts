// Welch's unequal-variance two-sample t-test of mean(a) = mean(b): difference, Welch–Satterthwaite df, p, interval.

import { studentTQuantile, twoSidedP } from './student-t.js';
import { summarizeSample, type SampleSummary } from './summarize-sample.js';

export interface WelchTest {
  /** x̄_a − x̄_b. */
  difference: number;
  /** √(s_a²/n_a + s_b²/n_b). */
  se: number;
  /** difference/se; ±Infinity when both groups are constant and differ, NaN when both are constant and equal. */
  t: number;
  /** Welch–Satterthwaite (s_a²/n_a + s_b²/n_b)² / ((s_a²/n_a)²/(n_a − 1) + (s_b²/n_b)²/(n_b − 1)); n_a + n_b − 2 when se = 0. */
  df: number;
  /** Two-sided p = P(|T| ≥ |t|), T ~ t(df); 0 when t = ±Infinity, 1 when t is NaN (both constant and equal). */
  p: number;
  /** difference ∓ t_{(1+confidence)/2, df}·se; [difference, difference] when se = 0. */
  interval: [number, number];
  confidence: number;
}

/**
 * Welch's t-test (Welch 1947; Satterthwaite 1946) from summaries: t = (x̄_a − x̄_b)/√(s_a²/n_a + s_b²/n_b) on the
 * Welch–Satterthwaite df. Assumes two independent normal samples, variances not assumed equal.
 * Throws RangeError when either n < 2 or an sd is not a finite number ≥ 0, or confidence is outside (0, 1).
 */
export function welchTest(a: SampleSummary, b: SampleSummary, confidence = 0.95): WelchTest {
  for (const [name, group] of [['a', a], ['b', b]] as const) {
    if (group.n < 2) throw new RangeError(`welchTest: group ${name} needs at least 2 values; got ${group.n}`);
    if (!(group.sd >= 0) || !Number.isFinite(group.sd)) throw new RangeError(`welchTest: group ${name} has sd ${group.sd}`);
  }
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`welchTest: confidence must be in (0, 1); got ${confidence}`);
  const difference = a.mean - b.mean;
  const varianceA = a.sd ** 2 / a.n; // squared standard error of a's mean
  const varianceB = b.sd ** 2 / b.n;
  const se = Math.sqrt(varianceA + varianceB);
  if (se === 0) {
    // Both groups constant: no noise to judge against. A non-zero gap is certain (p = 0); df is the pooled test's.
    return {
      difference,
      se,
      t: difference === 0 ? Number.NaN : difference * Number.POSITIVE_INFINITY,
      df: a.n + b.n - 2,
      p: difference === 0 ? 1 : 0,
      interval: [difference, difference],
      confidence,
    };
  }
  const df = (varianceA + varianceB) ** 2 / (varianceA ** 2 / (a.n - 1) + varianceB ** 2 / (b.n - 1));
  const t = difference / se;
  const halfWidth = studentTQuantile((1 + confidence) / 2, df) * se;
  return { difference, se, t, df, p: twoSidedP(t, df), interval: [difference - halfWidth, difference + halfWidth], confidence };
}

/** `welchTest` on raw values: each list is summarized (mean, n − 1 sd) first. Same RangeErrors. */
export function welchTestOfValues(a: readonly number[], b: readonly number[], confidence = 0.95): WelchTest {
  return welchTest(summarizeSample(a), summarizeSample(b), confidence);
}
