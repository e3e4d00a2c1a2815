// Turns an experiment's results into a curves chart specification: picks metrics and grouping keys, checks them.

import type { TopLevelSpec } from 'vega-lite';
import { UserError } from '../config/user-error.js';
import { curveChartSpec } from './curve-chart-spec.js';
import {
  buildEpochCurves,
  CURVE_METRICS,
  curveMetricTitle,
  GROUP_METRIC_PREFIX,
  isGradientMetric,
  parseCurveMetric,
  type CurveMetricName,
} from './epoch-curves.js';
import { runsWithEpochs, type ExperimentResults, type RunResults } from './experiment-results.js';
import { gridKeys, groupRuns, runValue, shortKeyNames, type GridPoint } from './group-runs.js';

export interface CurveChartRequest {
  metrics: string[];
  /** Keys whose values make a line; null = every grid key. */
  by: string[] | null;
  yScale: 'linear' | 'log';
}

export interface CurveChart {
  spec: TopLevelSpec;
  points: GridPoint[];
  title: string;
}

/** Checks metric names, throwing a UserError that lists the allowed ones. */
export function checkCurveMetrics(metrics: readonly string[]): CurveMetricName[] {
  if (metrics.length === 0) throw new UserError('--metric: give at least one metric');
  return metrics.map((metric) => {
    const parsed = parseCurveMetric(metric);
    if (parsed === null) {
      throw new UserError(
        `--metric: unknown metric "${metric}"; one of ${Object.keys(CURVE_METRICS).join(', ')}, ` +
          `or ${GROUP_METRIC_PREFIX}GROUP for one parameter group`,
      );
    }
    return parsed;
  });
}

/** The parameter groups whose gradient norms these runs stored, in order of first appearance. */
export function gradientGroupNames(runs: readonly RunResults[]): string[] {
  const names: string[] = [];
  for (const run of runs) for (const row of run.gradientGroups ?? []) if (!names.includes(row.group)) names.push(row.group);
  return names;
}

/** A gradient metric that no run measured is a user error: an older database, or runs from before rnnlab recorded
 *  gradient norms; a group no run has is named with the groups there are. */
function checkMeasured(metric: CurveMetricName, rows: readonly unknown[], runs: readonly RunResults[], experiment: string): void {
  if (rows.length > 0 || !isGradientMetric(metric)) return;
  if (metric.startsWith(GROUP_METRIC_PREFIX)) {
    const groups = gradientGroupNames(runs);
    if (groups.length > 0) {
      throw new UserError(
        `--metric ${metric}: no run of experiment "${experiment}" has a parameter group ` +
          `"${metric.slice(GROUP_METRIC_PREFIX.length)}"; its groups: ${groups.join(', ')}`,
      );
    }
  }
  throw new UserError(
    `--metric ${metric}: gradient norms were not measured in these runs (experiment "${experiment}", ` +
      `${runs.length} run${runs.length === 1 ? '' : 's'} with epochs): they were trained before rnnlab recorded them ` +
      '(results database schema version 4); train them again to see this metric',
  );
}

export function buildCurveChart(results: ExperimentResults, request: CurveChartRequest): CurveChart {
  const metrics = checkCurveMetrics(request.metrics);
  const runs = runsWithEpochs(results);
  const keys = gridKeys(results.runs);
  const by = request.by ?? keys;
  for (const key of by) {
    if (runs.every(({ run }) => runValue(run, key) === undefined)) {
      const known = keys.length === 0 ? 'the experiment has no grid keys' : `grid keys: ${keys.join(', ')}`;
      throw new UserError(`--by: no run has a value for "${key}" (a dotted config path such as model.type); ${known}`);
    }
  }
  const points = groupRuns(runs, by, results.experiment.name);
  const rows = metrics.flatMap((metric) => {
    const curve = buildEpochCurves(points, metric);
    checkMeasured(metric, curve, runs, results.experiment.name);
    return curve;
  });
  const names = shortKeyNames(by);
  const title = `${results.experiment.name}: ${metrics.map(curveMetricTitle).join(' and ')} per epoch`;
  const spec = curveChartSpec(rows, {
    title,
    legendTitle: by.length === 0 ? 'runs' : by.map((key) => names.get(key)).join(', '),
    pointLabels: points.map((point) => point.label),
    metricTitles: metrics.map(curveMetricTitle),
    yScale: request.yScale,
  });
  return { spec, points, title };
}
