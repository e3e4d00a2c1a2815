// Per-epoch curve data for plots: for each grid point and epoch, the mean over seeds and the seed range (min–max).

import type { EpochRow } from '../store/results-store.js';
import type { RunResults } from './experiment-results.js';
import type { GridPoint } from './group-runs.js';

/** Metrics a curve can show: the numeric columns of an epoch row, named as in the database. */
export const CURVE_METRICS = {
  train_perplexity: { field: 'trainPerplexity', title: 'train perplexity' },
  valid_perplexity: { field: 'validPerplexity', title: 'validation perplexity' },
  train_loss_nats: { field: 'trainLossNats', title: 'train loss (nats)' },
  valid_loss_nats: { field: 'validLossNats', title: 'validation loss (nats)' },
  tokens_per_sec: { field: 'tokensPerSec', title: 'training tokens per second' },
  duration_ms: { field: 'durationMs', title: 'epoch duration (ms)' },
  grad_norm: { field: 'gradNormMean', title: 'gradient norm (epoch mean, before clipping)' },
  grad_norm_max: { field: 'gradNormMax', title: 'gradient norm (epoch max, before clipping)' },
  clipped_fraction: { field: 'clippedFraction', title: 'fraction of updates clipped' },
} as const satisfies Record<string, { field: keyof EpochRow; title: string }>;

export type CurveMetric = keyof typeof CURVE_METRICS;

/** One parameter group's gradient norm (epoch mean), e.g. "grad_norm:context". */
export const GROUP_METRIC_PREFIX = 'grad_norm:';
export type GroupCurveMetric = `grad_norm:${string}`;
export type CurveMetricName = CurveMetric | GroupCurveMetric;

/** The metrics that exist only in runs trained since rnnlab records gradient norms (schema version 4). */
export const GRADIENT_METRICS: readonly CurveMetric[] = ['grad_norm', 'grad_norm_max', 'clipped_fraction'];

export function isGradientMetric(metric: CurveMetricName): boolean {
  return metric.startsWith(GROUP_METRIC_PREFIX) || (GRADIENT_METRICS as readonly string[]).includes(metric);
}

/** A metric name as given by the user, or null when it is none of ours (a group metric needs a group name). */
export function parseCurveMetric(text: string): CurveMetricName | null {
  if (Object.hasOwn(CURVE_METRICS, text)) return text as CurveMetric;
  if (text.startsWith(GROUP_METRIC_PREFIX) && text.length > GROUP_METRIC_PREFIX.length) return text as GroupCurveMetric;
  return null;
}

export function curveMetricTitle(metric: CurveMetricName): string {
  if (metric.startsWith(GROUP_METRIC_PREFIX)) return `gradient norm of the ${metric.slice(GROUP_METRIC_PREFIX.length)} parameters (epoch mean)`;
  return CURVE_METRICS[metric as CurveMetric].title;
}

export interface CurvePoint {
  metric: string; // the metric's title
  point: string; // the grid point's label
  epoch: number;
  mean: number;
  min: number;
  max: number;
  /** Seeds with a finite value at this epoch. */
  n: number;
}

/** A run's value of the metric at each epoch that measured it (null/absent = not measured). */
export function epochValues(run: RunResults, metric: CurveMetricName): Map<number, number | null> {
  const values = new Map<number, number | null>();
  if (metric.startsWith(GROUP_METRIC_PREFIX)) {
    const group = metric.slice(GROUP_METRIC_PREFIX.length);
    for (const row of run.gradientGroups ?? []) if (row.group === group) values.set(row.epoch, row.normMean);
    return values;
  }
  const { field } = CURVE_METRICS[metric as CurveMetric];
  for (const row of run.epochs) values.set(row.epoch, row[field] ?? null);
  return values;
}

/** One row per (grid point, epoch) that has at least one finite value; NaN/∞ (a diverging seed) are left out. */
export function buildEpochCurves(points: readonly GridPoint[], metric: CurveMetricName): CurvePoint[] {
  const title = curveMetricTitle(metric);
  const rows: CurvePoint[] = [];
  for (const point of points) {
    const byEpoch = new Map<number, number[]>();
    for (const run of point.runs) {
      for (const [epoch, value] of epochValues(run, metric)) {
        if (typeof value !== 'number' || !Number.isFinite(value)) continue;
        const list = byEpoch.get(epoch) ?? [];
        list.push(value);
        byEpoch.set(epoch, list);
      }
    }
    for (const epoch of [...byEpoch.keys()].sort((a, b) => a - b)) {
      const values = byEpoch.get(epoch)!;
      rows.push({
        metric: title,
        point: point.label,
        epoch,
        mean: values.reduce((sum, value) => sum + value, 0) / values.length,
        min: Math.min(...values),
        max: Math.max(...values),
        n: values.length,
      });
    }
  }
  return rows;
}
