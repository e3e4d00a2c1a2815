// Per-epoch curve data for plots: for each grid point and epoch, the mean over seeds and the seed range (min–max).

import type { EpochRow } from '../store/results-store.js';
import type { GridPoint } from './group-runs.js';

/** Metrics a curve can show: the numeric columns of an epoch row, named as in the database. */
export const CURVE_METRICS = {
  train_perplexity: { field: 'trainPerplexity', title: 'train perplexity' },
  valid_perplexity: { field: 'validPerplexity', title: 'validation perplexity' },
  train_loss_nats: { field: 'trainLossNats', title: 'train loss (nats)' },
  valid_loss_nats: { field: 'validLossNats', title: 'validation loss (nats)' },
  tokens_per_sec: { field: 'tokensPerSec', title: 'training tokens per second' },
  duration_ms: { field: 'durationMs', title: 'epoch duration (ms)' },
} as const satisfies Record<string, { field: keyof EpochRow; title: string }>;

export type CurveMetric = keyof typeof CURVE_METRICS;

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

/** One row per (grid point, epoch) that has at least one finite value; NaN/∞ (a diverging seed) are left out. */
export function buildEpochCurves(points: readonly GridPoint[], metric: CurveMetric): CurvePoint[] {
  const { field, title } = CURVE_METRICS[metric];
  const rows: CurvePoint[] = [];
  for (const point of points) {
    const byEpoch = new Map<number, number[]>();
    for (const run of point.runs) {
      for (const row of run.epochs) {
        const value = row[field];
        if (typeof value !== 'number' || !Number.isFinite(value)) continue;
        const list = byEpoch.get(row.epoch) ?? [];
        list.push(value);
        byEpoch.set(row.epoch, list);
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
