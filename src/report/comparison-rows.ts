// The comparison table: one row per grid point, each metric as mean ± std over its seeds.

import type { GridPoint } from './group-runs.js';
import { computeRunMetrics, type RunMetrics } from './run-metrics.js';
import { summarize, type SummaryStats } from './summary-stats.js';

export interface ComparisonRow {
  point: GridPoint;
  /** Run status → count, e.g. { finished: 3 }. */
  statuses: Record<string, number>;
  seeds: unknown[];
  metrics: RunMetrics[];
  bestValid: SummaryStats;
  bestEpoch: SummaryStats;
  finalValid: SummaryStats;
  finalTrain: SummaryStats;
  wallTimeS: SummaryStats;
  tokensPerSec: SummaryStats;
  validFluctuation: SummaryStats;
}

export function buildComparisonRows(points: readonly GridPoint[]): ComparisonRow[] {
  return points.map((point) => {
    const metrics = point.runs.map(computeRunMetrics);
    const statuses: Record<string, number> = {};
    for (const { run } of point.runs) statuses[run.status] = (statuses[run.status] ?? 0) + 1;
    const pick = (field: keyof RunMetrics) => summarize(metrics.map((m) => m[field]));
    return {
      point,
      statuses,
      seeds: point.runs.map(({ run }) => run.params.seed ?? run.config.seed),
      metrics,
      bestValid: pick('bestValidPerplexity'),
      bestEpoch: pick('bestEpoch'),
      finalValid: pick('finalValidPerplexity'),
      finalTrain: pick('finalTrainPerplexity'),
      wallTimeS: pick('wallTimeS'),
      tokensPerSec: pick('tokensPerSec'),
      validFluctuation: pick('validFluctuation'),
    };
  });
}

/** "3 finished", "2 finished, 1 running". */
export function formatStatuses(statuses: Record<string, number>): string {
  return Object.entries(statuses)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ');
}
