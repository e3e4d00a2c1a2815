// The mean, sample standard deviation (n − 1 denominator) and count of a list of numbers.

/** A sample reduced to what the t-based rules need. */
export interface SampleSummary {
  mean: number;
  /** Sample standard deviation √(Σ(x − x̄)²/(n − 1)); NaN when n < 2. */
  sd: number;
  n: number;
}

/**
 * { mean: Σx/n, sd: √(Σ(x − x̄)²/(n − 1)), n } by the two-pass formula (no cancellation from Σx² − n·x̄²).
 * Empty → mean NaN; n = 1 → sd NaN. Values are taken as given: a NaN in them makes mean and sd NaN.
 */
export function summarizeSample(values: readonly number[]): SampleSummary {
  const n = values.length;
  let sum = 0;
  for (const value of values) sum += value;
  const mean = n === 0 ? Number.NaN : sum / n;
  let squares = 0;
  for (const value of values) squares += (value - mean) ** 2;
  return { mean, sd: n < 2 ? Number.NaN : Math.sqrt(squares / (n - 1)), n };
}
