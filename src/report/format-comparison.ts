// Renders a comparison (one line per grid point) as a table, Markdown, CSV or JSON.
import type { Comparison, CompareAt, CompareMetric, ComparisonLine } from './build-comparison.js';
import { formatRows, jsonValue, type RowFormat } from './format-rows.js';
import { formatValue, shortKeyNames } from './group-runs.js';

/** Decimals shown per metric: perplexities to 0.01, losses to 0.001 nats, speeds to whole tokens. */
const DIGITS: Record<CompareMetric, number> = {
  valid_perplexity: 2,
  train_perplexity: 2,
  valid_loss_nats: 3,
  train_loss_nats: 3,
  tokens_per_sec: 0,
  test_perplexity: 2,
};

function atLabel(at: CompareAt): string {
  return at === 'best' ? 'best' : at === 'last' ? 'last' : `epoch ${at}`;
}

/** "32.86 ± 1.20" with n ≥ 2, "32.86" with n = 1, "—" with none. */
export function formatMeanStd(line: ComparisonLine, metric: CompareMetric): string {
  const digits = DIGITS[metric];
  if (line.stats.mean === null) return '—';
  const std = line.stats.std === null ? '' : ` ± ${line.stats.std.toFixed(digits)}`;
  return `${line.stats.mean.toFixed(digits)}${std}`;
}

/** Why some runs do not count, or are not finished: "1 diverged, 1 non-finite", "2 running, 1 without a value". */
export function formatNotes(line: ComparisonLine): string {
  const notes = Object.entries(line.statuses)
    .filter(([status]) => status !== 'finished')
    .map(([status, count]) => `${count} ${status}`);
  if (line.stats.nonFinite > 0) notes.push(`${line.stats.nonFinite} non-finite`);
  if (line.noValue > 0) notes.push(`${line.noValue} without a value`);
  return notes.join(', ');
}

/** One-line description printed above a terminal table. */
export function formatComparisonCaption(comparison: Comparison): string {
  const at =
    comparison.at === 'best'
      ? 'at each run\'s best epoch (lowest validation perplexity)'
      : comparison.at === 'last'
        ? 'at each run\'s last epoch'
        : `at epoch ${comparison.at}`;
  const caption = `${comparison.experiment}: ${comparison.metric} ${at}, mean ± sample std over seeds (n = runs counted)`;
  const note = formatExtraKeysNote(comparison);
  return note === null ? caption : `${caption}\n${note}`;
}

/** Why extra columns appeared (null when none did). */
export function formatExtraKeysNote(comparison: Comparison): string | null {
  if (comparison.extraKeys.length === 0) return null;
  return (
    `note: runs of one grid point differ in ${comparison.extraKeys.join(', ')} (older runs of an edited ` +
    'experiment file?); shown as extra columns so they are not averaged together'
  );
}

export function formatComparison(comparison: Comparison, format: RowFormat): string {
  const { keys, metric, lines } = comparison;
  if (format === 'json') {
    const objects = lines.map((line) => ({
      grid: Object.fromEntries(keys.map((key) => [key, jsonValue(line.values[key])])),
      metric,
      at: comparison.at,
      mean: jsonValue(line.stats.mean),
      std: jsonValue(line.stats.std),
      n: line.stats.n,
      non_finite: line.stats.nonFinite,
      no_value: line.noValue,
      runs: line.runs,
      statuses: line.statuses,
      values: line.perRun.map((entry) => ({
        run_id: entry.runId,
        seed: entry.seed,
        status: entry.status,
        epoch: entry.epoch,
        value: jsonValue(entry.value),
      })),
    }));
    return `${JSON.stringify(objects, null, 2)}\n`;
  }
  if (format === 'csv') {
    const columns = [...keys, 'metric', 'at', 'mean', 'std', 'n', 'non_finite', 'no_value', 'runs'];
    const rows = lines.map((line) => [
      ...keys.map((key) => formatValue(line.values[key])),
      metric,
      String(comparison.at),
      line.stats.mean,
      line.stats.std,
      line.stats.n,
      line.stats.nonFinite,
      line.noValue,
      line.runs,
    ]);
    return formatRows(columns, rows, 'csv');
  }
  const { columns, rows, rightAligned } = buildComparisonTable(comparison);
  return formatRows(columns, rows, format, { rightAligned, nullText: '' });
}

/** The cells of the table and Markdown forms (also the dashboard's Compare table): short key names, mean ± std,
 *  n, and a notes column when some line has notes. */
export function buildComparisonTable(comparison: Comparison): {
  columns: string[];
  rows: (string | number)[][];
  rightAligned: boolean[];
} {
  const { keys, metric, lines } = comparison;
  const names = shortKeyNames(keys);
  const keyColumns = keys.length === 0 ? ['experiment'] : keys.map((key) => names.get(key) ?? key);
  const notes = lines.map(formatNotes);
  const withNotes = notes.some((note) => note !== '');
  const columns = [...keyColumns, `${metric} (${atLabel(comparison.at)})`, 'n', ...(withNotes ? ['notes'] : [])];
  const rows = lines.map((line, i) => [
    ...(keys.length === 0 ? [comparison.experiment] : keys.map((key) => formatValue(line.values[key]))),
    formatMeanStd(line, metric),
    line.stats.n,
    ...(withNotes ? [notes[i]] : []),
  ]);
  const rightAligned = [...keyColumns.map(() => false), true, true, false];
  return { columns, rows, rightAligned };
}
