// The stopping rule of an e-process: reject H0 at the first look whose e-value reaches 1/α.

export interface SequentialDecision {
  rejected: boolean;
  /** 1-based index of the first look with E ≥ 1/α, or null when none reached it (yet). */
  atLook: number | null;
}

/**
 * Ville's inequality for a nonnegative supermartingale with E₀ = 1: P(∃ look: E ≥ 1/α) ≤ α under H0 (Ville 1939;
 * Ramdas, Grünwald, Vovk & Shafer 2023, "Game-theoretic statistics and safe anytime-valid inference"). So the
 * first look with E ≥ 1/α rejects at level α however many looks are taken and whenever one stops; once rejected
 * the decision stands (later looks do not undo it). `eValues` are the e-process's values after each look, in order.
 * Throws RangeError for alpha outside (0, 1) or a negative or NaN e-value.
 */
export function decideSequentially(eValues: readonly number[], alpha: number): SequentialDecision {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`decideSequentially: alpha must be in (0, 1); got ${alpha}`);
  const threshold = 1 / alpha;
  for (let look = 0; look < eValues.length; look++) {
    const e = eValues[look];
    if (!(e >= 0)) throw new RangeError(`decideSequentially: e-values must be ≥ 0; got ${e} at look ${look + 1}`);
    if (e >= threshold) return { rejected: true, atLook: look + 1 };
  }
  return { rejected: false, atLook: null };
}
