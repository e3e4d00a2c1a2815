// Holm–Bonferroni adjusted p-values for a family of tests, in the order given.

/**
 * Holm's (1979) step-down adjustment: with the m non-NaN p-values sorted ascending p₍₁₎ ≤ … ≤ p₍ₘ₎,
 * p̃₍ᵢ₎ = min(1, maxⱼ≤ᵢ (m − j + 1)·p₍ⱼ₎), returned in the input order. Rejecting every p̃ ≤ α keeps the
 * family-wise error rate ≤ α under any dependence between the tests. The running max keeps p̃ monotone in p, so
 * tied p-values get the same p̃. A NaN p-value (a test that could not be run) stays NaN and is left out of the
 * family count m: it cannot be rejected, so it does not spend any of α.
 * Throws RangeError for a p-value outside [0, 1].
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  for (const p of pValues) {
    if (!Number.isNaN(p) && !(p >= 0 && p <= 1)) throw new RangeError(`holmAdjust: p-values must be in [0, 1] or NaN; got ${p}`);
  }
  const order = pValues
    .map((p, index) => ({ p, index }))
    .filter(({ p }) => !Number.isNaN(p))
    .sort((x, y) => x.p - y.p || x.index - y.index);
  const m = order.length;
  const adjusted = pValues.map(() => Number.NaN);
  let runningMax = 0;
  order.forEach(({ p, index }, rank) => {
    runningMax = Math.max(runningMax, Math.min(1, (m - rank) * p));
    adjusted[index] = runningMax;
  });
  return adjusted;
}
