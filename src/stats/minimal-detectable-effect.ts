// The smallest true difference a two-sided t-test detects with given power, from its standard error and df.

import { studentTQuantile } from './student-t.js';

export interface MinimalDetectableEffectInput {
  /** Standard error of the estimated difference (s_d/√n paired, √(s_a²/n_a + s_b²/n_b) unpaired). */
  se: number;
  /** Degrees of freedom of the test (n − 1 paired; Welch–Satterthwaite unpaired); Infinity for the z-test. */
  df: number;
  /** Two-sided level (default 0.05). */
  alpha?: number;
  /** Probability of detecting the effect (default 0.8). */
  power?: number;
}

/**
 * MDE = (t_{1−α/2, df} + t_{power, df})·se: the true difference at which a two-sided level-α t-test rejects with
 * probability ≈ power (Cohen 1988; Bloom 1995, "Minimum detectable effects"). Normal-approximation caveat: it
 * treats t under the alternative as a shifted central t and ignores the far rejection tail; the exact power there
 * comes from the non-central t with non-centrality MDE/se: for α = 0.05, power 0.8 it is 0.731 at df = 1, 0.766 at
 * df = 2, 0.791 at df = 4, 0.799 at df = 9 (scipy.stats.nct), so at 2–3 seeds the MDE is a little optimistic. And
 * se is itself an estimate from the same few seeds. Throws RangeError for se not finite ≥ 0, df ≤ 0, alpha outside (0, 1) or
 * power outside (0, 1).
 */
export function minimalDetectableEffect({ se, df, alpha = 0.05, power = 0.8 }: MinimalDetectableEffectInput): number {
  if (!(se >= 0) || !Number.isFinite(se)) throw new RangeError(`minimalDetectableEffect: se must be a finite number ≥ 0; got ${se}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`minimalDetectableEffect: alpha must be in (0, 1); got ${alpha}`);
  if (!(power > 0 && power < 1)) throw new RangeError(`minimalDetectableEffect: power must be in (0, 1); got ${power}`);
  return (studentTQuantile(1 - alpha / 2, df) + studentTQuantile(power, df)) * se;
}
