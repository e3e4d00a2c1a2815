// Percentile bootstrap intervals of a mean and of a difference of two means, reproducible through a seed.

import { seededUniform } from './seeded-uniform.js';

export interface BootstrapOptions {
  /** Interval coverage, e.g. 0.95. */
  confidence?: number;
  /** Number of bootstrap resamples B (default 10,000). */
  resamples?: number;
  /** Seed of the resampling generator (`seededUniform`); the same seed gives the same interval. */
  seed?: number;
}

export interface BootstrapInterval {
  /** The statistic on the original data (a mean, or a difference of means). */
  estimate: number;
  /** [q_{(1−c)/2}, q_{(1+c)/2}] of the B resampled statistics (linear interpolation between order statistics). */
  interval: [number, number];
  confidence: number;
  resamples: number;
  seed: number;
}

const DEFAULTS = { confidence: 0.95, resamples: 10_000, seed: 1 };

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** The mean of n values drawn with replacement from `values`. */
function resampledMean(values: readonly number[], uniform: () => number): number {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[Math.floor(uniform() * n)];
  return sum / n;
}

/** The q-quantile of ascending `sorted`, interpolating linearly between order statistics at h = (B − 1)q (Hyndman & Fan type 7, numpy's default). */
function sortedQuantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const below = Math.floor(h);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
}

function resolve(options: BootstrapOptions, what: string): Required<BootstrapOptions> {
  const resolved = { ...DEFAULTS, ...options };
  if (!(resolved.confidence > 0 && resolved.confidence < 1)) {
    throw new RangeError(`${what}: confidence must be in (0, 1); got ${resolved.confidence}`);
  }
  if (!Number.isInteger(resolved.resamples) || resolved.resamples < 1) {
    throw new RangeError(`${what}: resamples must be an integer ≥ 1; got ${resolved.resamples}`);
  }
  return resolved;
}

function checkValues(values: readonly number[], what: string, name: string): void {
  if (values.length < 1) throw new RangeError(`${what}: ${name} is empty`);
  for (const value of values) if (!Number.isFinite(value)) throw new RangeError(`${what}: ${name} holds ${value}`);
}

function percentileInterval(statistics: Float64Array, estimate: number, options: Required<BootstrapOptions>): BootstrapInterval {
  statistics.sort();
  const tail = (1 - options.confidence) / 2;
  return {
    estimate,
    interval: [sortedQuantile(statistics, tail), sortedQuantile(statistics, 1 - tail)],
    confidence: options.confidence,
    resamples: options.resamples,
    seed: options.seed,
  };
}

/**
 * The percentile bootstrap interval of a mean (Efron & Tibshirani 1993, ch. 13): draw B resamples of the n values
 * with replacement, take each one's mean, report the (1−c)/2 and (1+c)/2 quantiles of those B means. For paired
 * differences (a − b per seed). Assumes the values are i.i.d.; with few values (n < 10) the interval is too narrow
 * (its coverage falls short of c, roughly by a factor (n − 1)/n on the variance), so prefer the t interval there.
 * Throws RangeError for an empty or non-finite input, confidence outside (0, 1), or resamples < 1.
 */
export function bootstrapMeanInterval(values: readonly number[], options: BootstrapOptions = {}): BootstrapInterval {
  const resolved = resolve(options, 'bootstrapMeanInterval');
  checkValues(values, 'bootstrapMeanInterval', 'values');
  const uniform = seededUniform(resolved.seed);
  const means = new Float64Array(resolved.resamples);
  for (let r = 0; r < resolved.resamples; r++) means[r] = resampledMean(values, uniform);
  return percentileInterval(means, mean(values), resolved);
}

/**
 * The percentile bootstrap interval of mean(a) − mean(b) for two independent groups, each resampled separately
 * with replacement at its own size (Efron & Tibshirani 1993, §8.3 two-sample problem). Same assumptions and
 * RangeErrors as `bootstrapMeanInterval`.
 */
export function bootstrapDifferenceInterval(
  a: readonly number[],
  b: readonly number[],
  options: BootstrapOptions = {},
): BootstrapInterval {
  const resolved = resolve(options, 'bootstrapDifferenceInterval');
  checkValues(a, 'bootstrapDifferenceInterval', 'a');
  checkValues(b, 'bootstrapDifferenceInterval', 'b');
  const uniform = seededUniform(resolved.seed);
  const differences = new Float64Array(resolved.resamples);
  for (let r = 0; r < resolved.resamples; r++) differences[r] = resampledMean(a, uniform) - resampledMean(b, uniform);
  return percentileInterval(differences, mean(a) - mean(b), resolved);
}
