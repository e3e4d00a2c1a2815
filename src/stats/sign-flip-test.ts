// The exact sign-flip permutation test of paired differences: how many of the 2^n sign assignments give a mean as extreme.

/** Above this many differences the 2^n enumeration is refused (2^20 ≈ 10⁶ sums is the most done here). */
export const SIGN_FLIP_MAX_N = 20;

// Float ties: |Σ±d| counts as ≥ the observed one when within this fraction of Σ|d| below it, so assignments
// that are equal in exact arithmetic but differ in the last bits (e.g. 0.1 + 0.2 vs 0.3) are counted as ties.
const RELATIVE_TIE_TOLERANCE = 1e-9;

export interface SignFlipTest {
  n: number;
  /** d̄ = Σd/n. */
  meanDifference: number;
  /** Two-sided exact p: #{s ∈ {±1}ⁿ : |Σ sᵢdᵢ| ≥ |Σ dᵢ|} / 2ⁿ, the observed assignment included. */
  p: number;
  /** The smallest p this n can give, 2/2ⁿ (`signFlipMinimumP(n)`). */
  minimumP: number;
}

/**
 * The smallest two-sided sign-flip p-value possible with n differences: 2/2ⁿ = 1/2^(n−1), because the observed
 * assignment and its mirror (every sign flipped) always reach |mean| ≥ the observed one. n = 5 gives 0.0625, so
 * five seeds can never reach p < 0.05 with this test; n = 6 gives 0.03125.
 */
export function signFlipMinimumP(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`signFlipMinimumP: n must be an integer ≥ 1; got ${n}`);
  return Math.min(1, 2 / 2 ** n);
}

/**
 * Fisher's (1935) randomization test of H0: each paired difference is symmetric about 0 (so its sign is a coin
 * flip given its size), by exact enumeration of all 2ⁿ sign assignments: p = #{|Σ sᵢdᵢ| ≥ |Σ dᵢ|}/2ⁿ with a
 * relative tolerance of 1e-9·Σ|dᵢ| for float ties (Good 2005, ch. 3). Assumes only independence and symmetry
 * under H0, not normality. All differences 0 → every assignment ties → p = 1.
 * Throws RangeError for n = 0, n > SIGN_FLIP_MAX_N (20; use the t-test or bootstrap there: a Monte-Carlo version
 * is not offered, so results stay exact), or a non-finite difference.
 */
export function signFlipTest(differences: readonly number[]): SignFlipTest {
  const n = differences.length;
  if (n < 1) throw new RangeError('signFlipTest: needs at least 1 paired difference; got 0');
  if (n > SIGN_FLIP_MAX_N) {
    throw new RangeError(`signFlipTest: exact enumeration is limited to ${SIGN_FLIP_MAX_N} differences; got ${n}`);
  }
  let observed = 0;
  let scale = 0;
  for (const d of differences) {
    if (!Number.isFinite(d)) throw new RangeError(`signFlipTest: differences must be finite; got ${d}`);
    observed += d;
    scale += Math.abs(d);
  }
  const threshold = Math.abs(observed) - RELATIVE_TIE_TOLERANCE * scale;
  // The first sign is held at + : each assignment and its mirror have the same |Σ|, so half the set is counted twice.
  const half = 2 ** (n - 1);
  let extreme = 0;
  for (let mask = 0; mask < half; mask++) {
    let sum = differences[0];
    for (let i = 1; i < n; i++) sum += mask & (1 << (i - 1)) ? -differences[i] : differences[i];
    if (Math.abs(sum) >= threshold) extreme++;
  }
  return { n, meanDifference: observed / n, p: extreme / half, minimumP: signFlipMinimumP(n) };
}
