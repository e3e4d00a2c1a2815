// The safe t-test's e-value (a Bayes factor that is an e-process) for "seeds until decided": paired and two-sample.

import { summarizeSample } from './summarize-sample.js';

export interface SequentialEValueOptions {
  /**
   * Variance g of the N(0, g) prior on the standardized effect δ = μ/σ. Default 1, the unit-information prior: it
   * expects effects of about one seed-to-seed standard deviation, where a 3–20 seed design has its power; a larger
   * g favours large effects and penalizes small ones, a smaller g the reverse. Must be fixed before the first look.
   */
  g?: number;
}

const DEFAULT_G = 1;

/**
 * The Bayes factor E = (1 + n·g)^(−1/2) · [(1 + t²/(ν(1 + n·g))) / (1 + t²/ν)]^(−(ν+1)/2) of H1: δ ~ N(0, g) against
 * H0: δ = 0, with the right-Haar prior 1/σ on the scale (and on the location, two-sample), which depends on the
 * data only through t, n and ν (Rouder et al. 2009, eq. 1 at fixed g; Pérez-Ortiz, Lardy, de Heide & Grünwald
 * 2024). Computed in logs. t = ±Infinity (no spread, non-zero mean) gives the limit (1 + n·g)^(ν/2); t NaN (no
 * spread, zero mean) is read as t = 0.
 */
function safeTBayesFactor(t: number, effectiveN: number, nu: number, g: number): number {
  const inflation = 1 + effectiveN * g;
  if (!Number.isFinite(t) && !Number.isNaN(t)) return Math.exp((nu / 2) * Math.log(inflation));
  const tSquared = Number.isNaN(t) ? 0 : t * t;
  const logE =
    -0.5 * Math.log(inflation) - ((nu + 1) / 2) * (Math.log1p(tSquared / (nu * inflation)) - Math.log1p(tSquared / nu));
  return Math.exp(logE);
}

function resolveG(options: SequentialEValueOptions, what: string): number {
  const g = options.g ?? DEFAULT_G;
  if (!(g > 0) || !Number.isFinite(g)) throw new RangeError(`${what}: g must be a finite number > 0; got ${g}`);
  return g;
}

function checkFinite(values: readonly number[], what: string, name: string): void {
  for (const value of values) if (!Number.isFinite(value)) throw new RangeError(`${what}: ${name} holds ${value}`);
}

/**
 * The safe one-sample t-test's e-value on the paired differences seen so far (Pérez-Ortiz et al. 2024, §6): with
 * t = d̄/(s_d/√n), ν = n − 1, E_n = (1 + n·g)^(−1/2)·[(1 + t²/(ν(1 + n·g)))/(1 + t²/ν)]^(−(ν+1)/2). Under H0: E[d] = 0
 * (differences i.i.d. normal, any σ), E_n is a test martingale in the scale-invariant filtration, so by Ville's
 * inequality P(E_n ≥ 1/α at any n) ≤ α: the data may be looked at after every seed and more seeds added as long as
 * needed. Returns 1 (no evidence) for n < 2, where the first difference only sets the scale. Two-sided: the sign of
 * d̄ says which way a rejection points.
 * Throws RangeError for a non-finite difference or g not finite > 0.
 */
export function pairedSequentialEValue(differences: readonly number[], options: SequentialEValueOptions = {}): number {
  const g = resolveG(options, 'pairedSequentialEValue');
  checkFinite(differences, 'pairedSequentialEValue', 'differences');
  const n = differences.length;
  if (n < 2) return 1;
  const { mean, sd } = summarizeSample(differences);
  return safeTBayesFactor(mean / (sd / Math.sqrt(n)), n, n - 1, g);
}

/**
 * The safe two-sample t-test's e-value for independent arms a and b (Pérez-Ortiz et al. 2024, §6): the pooled t
 * = (x̄_a − x̄_b)/(s_p·√(1/n_a + 1/n_b)), s_p² = ((n_a − 1)s_a² + (n_b − 1)s_b²)/(n_a + n_b − 2), in the same formula
 * with effective n = n_a·n_b/(n_a + n_b) and ν = n_a + n_b − 2; δ = (μ_a − μ_b)/σ. Assumes both arms normal with a
 * COMMON σ (unlike Welch), and that which arm gets the next seeds does not depend on the data so far. Returns 1
 * while an arm is empty or n_a + n_b < 3. Throws RangeError for a non-finite value or g not finite > 0.
 */
export function twoSampleSequentialEValue(
  a: readonly number[],
  b: readonly number[],
  options: SequentialEValueOptions = {},
): number {
  const g = resolveG(options, 'twoSampleSequentialEValue');
  checkFinite(a, 'twoSampleSequentialEValue', 'a');
  checkFinite(b, 'twoSampleSequentialEValue', 'b');
  const na = a.length;
  const nb = b.length;
  if (na < 1 || nb < 1 || na + nb < 3) return 1;
  const summaryA = summarizeSample(a);
  const summaryB = summarizeSample(b);
  const nu = na + nb - 2;
  // A one-value arm contributes no spread ((n − 1)·s² = 0), not NaN.
  const squares = (na > 1 ? (na - 1) * summaryA.sd ** 2 : 0) + (nb > 1 ? (nb - 1) * summaryB.sd ** 2 : 0);
  const pooledSd = Math.sqrt(squares / nu);
  const t = (summaryA.mean - summaryB.mean) / (pooledSd * Math.sqrt(1 / na + 1 / nb));
  return safeTBayesFactor(t, (na * nb) / (na + nb), nu, g);
}
