// Mean, standard deviation and range of a list of measurements, over the finite ones (non-finite ones are counted).

export interface SummaryStats {
  /** How many finite values the statistics use. */
  n: number;
  /** How many values were NaN or infinite (left out). */
  nonFinite: number;
  mean: number | null;
  /** Sample standard deviation (n − 1 in the denominator); null when n < 2. */
  std: number | null;
  min: number | null;
  max: number | null;
}

export function summarize(values: readonly (number | null | undefined)[]): SummaryStats {
  const present = values.filter((value): value is number => typeof value === 'number');
  const finite = present.filter(Number.isFinite);
  const n = finite.length;
  if (n === 0) return { n: 0, nonFinite: present.length, mean: null, std: null, min: null, max: null };
  const mean = finite.reduce((sum, value) => sum + value, 0) / n;
  const std = n < 2 ? null : Math.sqrt(finite.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1));
  return { n, nonFinite: present.length - n, mean, std, min: Math.min(...finite), max: Math.max(...finite) };
}

/** "32.86 ± 1.20" (std with n ≥ 2), "32.86" (n = 1), "—" (none); "+1 NaN" appended when values were left out. */
export function formatStats(stats: SummaryStats, digits = 2): string {
  const dropped = stats.nonFinite > 0 ? ` (+${stats.nonFinite} non-finite)` : '';
  if (stats.mean === null) return `—${dropped}`;
  const std = stats.std === null ? '' : ` ± ${stats.std.toFixed(digits)}`;
  return `${stats.mean.toFixed(digits)}${std}${dropped}`;
}
