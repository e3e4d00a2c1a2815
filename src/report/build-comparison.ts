// The data of `rnnlab compare`: one line per grid point with one metric, at one epoch choice, summarized over seeds.
import { UserError } from '../config/user-error.js';
import type { EpochRow } from '../store/results-store.js';
import type { RunResults } from './experiment-results.js';
import { gridKeys, groupRuns, runValue } from './group-runs.js';
import { findConfigSplits } from './find-config-splits.js';
import { summarize, type SummaryStats } from './summary-stats.js';

export const COMPARE_METRICS = [
  'valid_perplexity',
  'train_perplexity',
  'valid_loss_nats',
  'train_loss_nats',
  'tokens_per_sec',
  'test_perplexity',
] as const;
export type CompareMetric = (typeof COMPARE_METRICS)[number];

/** Which epoch of each run gives its value: the best-validation epoch, the last measured one, or a fixed epoch. */
export type CompareAt = 'best' | 'last' | number;

export interface ComparisonOptions {
  /** Grouping keys; null = the grid keys (params minus seed). */
  by: readonly string[] | null;
  metric: CompareMetric;
  at: CompareAt;
  /** A column (grid key, its short name, the metric, or n), "-" in front for descending; null = grid order. */
  sort: string | null;
}

export interface ComparisonLine {
  /** Grouping key → value. */
  values: Record<string, unknown>;
  /** Over the runs' values; non-finite ones are counted in stats.nonFinite and left out of mean and std. */
  stats: SummaryStats;
  /** Runs in this grid point. */
  runs: number;
  /** Runs that have no value at the chosen epoch (not reached, not measured, queued). */
  noValue: number;
  /** Status → count, e.g. { finished: 2, diverged: 1 }. */
  statuses: Record<string, number>;
  /** One entry per run, in registration order. */
  perRun: { runId: string; seed: unknown; status: string; epoch: number | null; value: number | null }[];
}

export interface Comparison {
  experiment: string;
  keys: string[];
  /** Config paths that differ between runs of one grid point (seed aside), added to `keys` so such runs are not
   *  averaged together; typically older runs of an experiment file edited since. Empty with --by. */
  extraKeys: string[];
  metric: CompareMetric;
  at: CompareAt;
  lines: ComparisonLine[];
}

export function checkCompareMetric(text: string): CompareMetric {
  if (!(COMPARE_METRICS as readonly string[]).includes(text)) {
    throw new UserError(`--metric must be one of ${COMPARE_METRICS.join(', ')}; got "${text}"`);
  }
  return text as CompareMetric;
}

export function parseCompareAt(text: string): CompareAt {
  if (text === 'best' || text === 'last') return text;
  if (/^[1-9]\d*$/.test(text)) return Number(text);
  throw new UserError(`--at must be best, last or an epoch number (1, 2, …); got "${text}"`);
}

function metricOf(row: EpochRow, metric: CompareMetric): number | null {
  switch (metric) {
    case 'valid_perplexity':
      return row.validPerplexity;
    case 'train_perplexity':
      return row.trainPerplexity;
    case 'valid_loss_nats':
      return row.validLossNats;
    case 'train_loss_nats':
      return row.trainLossNats;
    case 'tokens_per_sec':
      return row.tokensPerSec;
    case 'test_perplexity':
      return row.testPerplexity ?? null;
  }
}

/** The epoch whose value counts for one run, or null when it has none.
 *  best: the lowest finite validation perplexity (earliest on ties), as in the run_summary view; a run that never
 *  measured a finite one falls back to the best finite value of the metric itself (highest for tokens_per_sec).
 *  last: the latest epoch that measured the metric (NaN included). N: epoch N. */
export function chooseEpoch(epochs: readonly EpochRow[], metric: CompareMetric, at: CompareAt): EpochRow | null {
  if (typeof at === 'number') return epochs.find((row) => row.epoch === at && metricOf(row, metric) !== null) ?? null;
  if (at === 'last') {
    for (let i = epochs.length - 1; i >= 0; i--) if (metricOf(epochs[i], metric) !== null) return epochs[i];
    return null;
  }
  const lowestFinite = (value: (row: EpochRow) => number | null): EpochRow | null => {
    let best: EpochRow | null = null;
    for (const row of epochs) {
      const x = value(row);
      if (x !== null && Number.isFinite(x) && (best === null || x < (value(best) as number))) best = row;
    }
    return best;
  };
  const byValidation = lowestFinite((row) => row.validPerplexity);
  if (byValidation !== null) return metricOf(byValidation, metric) === null ? null : byValidation;
  // The test set chooses nothing: without a validation choice a run has no test value at its best epoch.
  if (metric === 'test_perplexity') return null;
  const sign = metric === 'tokens_per_sec' ? -1 : 1;
  return lowestFinite((row) => {
    const x = metricOf(row, metric);
    return x === null ? null : sign * x;
  });
}

/** Resolves --by keys: a grid key, any config path (model.hidden), or a grid key's last segment (type). */
function resolveKeys(by: readonly string[], runs: readonly RunResults[], experiment: string): string[] {
  const grid = gridKeys(runs);
  return by.map((key) => {
    if (runs.some(({ run }) => runValue(run, key) !== undefined)) return key;
    const bySuffix = grid.filter((gridKey) => gridKey.endsWith(`.${key}`));
    if (bySuffix.length === 1) return bySuffix[0];
    const known = grid.length === 0 ? 'it has no grid keys' : `its grid keys: ${grid.join(', ')}`;
    throw new UserError(
      `--by: no run of experiment "${experiment}" has a key "${key}"; ${known} (any config path works too, e.g. model.hidden)`,
    );
  });
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return 1;
  if (b === undefined || b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(typeof a === 'string' ? a : JSON.stringify(a)).localeCompare(typeof b === 'string' ? b : JSON.stringify(b));
}

function sortLines(lines: ComparisonLine[], sort: string, keys: readonly string[], metric: CompareMetric): void {
  const descending = sort.startsWith('-');
  const column = descending ? sort.slice(1) : sort;
  let get: (line: ComparisonLine) => unknown;
  const key = keys.find((k) => k === column) ?? keys.find((k) => k.endsWith(`.${column}`));
  if (key !== undefined) get = (line) => line.values[key];
  else if (column === metric || column === 'mean') get = (line) => line.stats.mean;
  else if (column === 'std') get = (line) => line.stats.std;
  else if (column === 'n') get = (line) => line.stats.n;
  else {
    throw new UserError(
      `--sort: unknown column "${column}"; sort by one of ${[...keys, metric, 'std', 'n'].join(', ')} ` +
        '(prefix - for descending)',
    );
  }
  // Missing values stay last in both directions.
  lines.sort((a, b) => {
    const x = get(a);
    const y = get(b);
    if (x === null || x === undefined || y === null || y === undefined) return compareValues(x, y);
    return descending ? compareValues(y, x) : compareValues(x, y);
  });
}

export function buildComparison(experiment: string, runs: readonly RunResults[], options: ComparisonOptions): Comparison {
  const grid = options.by === null ? gridKeys(runs) : resolveKeys(options.by, runs, experiment);
  const extraKeys = options.by === null ? findConfigSplits(runs, grid).map((split) => split.key) : [];
  const keys = [...grid, ...extraKeys];
  const lines = groupRuns(runs, keys, experiment).map((point): ComparisonLine => {
    const statuses: Record<string, number> = {};
    const perRun = point.runs.map(({ run, epochs }) => {
      statuses[run.status] = (statuses[run.status] ?? 0) + 1;
      const row = chooseEpoch(epochs, options.metric, options.at);
      return {
        runId: run.id,
        seed: run.params.seed ?? run.config.seed,
        status: run.status,
        epoch: row?.epoch ?? null,
        value: row === null ? null : metricOf(row, options.metric),
      };
    });
    return {
      values: point.values,
      stats: summarize(perRun.map((entry) => entry.value)),
      runs: point.runs.length,
      noValue: perRun.filter((entry) => entry.value === null).length,
      statuses,
      perRun,
    };
  });
  if (options.sort !== null) sortLines(lines, options.sort, keys, options.metric);
  return { experiment, keys, extraKeys, metric: options.metric, at: options.at, lines };
}
