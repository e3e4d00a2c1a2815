// Turns an experiment's results into a curves chart specification: picks metrics and grouping keys, checks them.

import type { TopLevelSpec } from 'vega-lite';
import { UserError } from '../config/user-error.js';
import { curveChartSpec } from './curve-chart-spec.js';
import { buildEpochCurves, CURVE_METRICS, type CurveMetric } from './epoch-curves.js';
import { runsWithEpochs, type ExperimentResults } from './experiment-results.js';
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
export function checkCurveMetrics(metrics: readonly string[]): CurveMetric[] {
  if (metrics.length === 0) throw new UserError('--metric: give at least one metric');
  for (const metric of metrics) {
    if (!Object.hasOwn(CURVE_METRICS, metric)) {
      throw new UserError(`--metric: unknown metric "${metric}"; one of ${Object.keys(CURVE_METRICS).join(', ')}`);
    }
  }
  return metrics as CurveMetric[];
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
  const rows = metrics.flatMap((metric) => buildEpochCurves(points, metric));
  const names = shortKeyNames(by);
  const title = `${results.experiment.name}: ${metrics.map((metric) => CURVE_METRICS[metric].title).join(' and ')} per epoch`;
  const spec = curveChartSpec(rows, {
    title,
    legendTitle: by.length === 0 ? 'runs' : by.map((key) => names.get(key)).join(', '),
    pointLabels: points.map((point) => point.label),
    metricTitles: metrics.map((metric) => CURVE_METRICS[metric].title),
    yScale: request.yScale,
  });
  return { spec, points, title };
}
