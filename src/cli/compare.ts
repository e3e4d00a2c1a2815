// `rnnlab compare [EXPERIMENT]`: one row per grid point, a metric as mean ± std over seeds.
import { Command } from 'commander';
import type { EpochRow } from '../store/results-store.js';
import { listRunsInGridOrder, type RunResults } from '../report/experiment-results.js';
import { buildComparison, checkCompareMetric, COMPARE_METRICS, parseCompareAt } from '../report/build-comparison.js';
import { chooseExperiment } from './choose-experiment.js';
import { openReadDatabases, readDbOption } from './open-read-databases.js';
import { formatComparison, formatComparisonCaption, formatExtraKeysNote } from '../report/format-comparison.js';
import { checkRowFormat } from '../report/format-rows.js';
import { selectRunsWhere } from '../report/select-runs-where.js';
import { parseWhere, whereOption } from './where-option.js';

interface CompareOptions {
  by?: string;
  metric: string;
  at: string;
  sort?: string;
  format: string;
  where: string[];
  db?: string[];
}

export function compareCommand(): Command {
  return new Command('compare')
    .description('compare grid points: a metric as mean ± std over seeds, one row per grid point')
    .argument('[experiment]', 'experiment name (may be left out when the database holds one experiment)')
    .option('--by <keys>', 'group by these comma-separated keys instead of the grid keys (e.g. model.type)')
    .option('--metric <metric>', COMPARE_METRICS.join(', '), 'valid_perplexity')
    .option('--at <epoch>', 'best (lowest validation perplexity), last, or an epoch number', 'best')
    .option('--sort <column>', 'sort by a grid key, the metric, std or n; prefix - for descending')
    .option('--format <format>', 'table, markdown, csv or json', 'table')
    .addOption(whereOption())
    .addOption(readDbOption())
    .action((name: string | undefined, options: CompareOptions) => {
      const metric = checkCompareMetric(options.metric);
      const at = parseCompareAt(options.at);
      const format = checkRowFormat(options.format);
      const where = parseWhere(options.where);
      const by = options.by === undefined ? null : options.by.split(',').map((key) => key.trim()).filter(Boolean);
      const store = openReadDatabases(options.db);
      try {
        const experiment = chooseExperiment(store, name, 'compare');
        const runs = listRunsInGridOrder(store, experiment);
        const epochsByRun = new Map<string, EpochRow[]>(runs.map((run) => [run.id, []]));
        for (const row of store.epochs(runs.map((run) => run.id))) epochsByRun.get(row.runId)?.push(row);
        const results = selectRunsWhere(
          runs.map((run): RunResults => ({ run, epochs: epochsByRun.get(run.id) ?? [], samples: [] })),
          where,
          experiment,
        );
        const comparison = buildComparison(experiment, results, { by, metric, at, sort: options.sort ?? null });
        const note = formatExtraKeysNote(comparison);
        if (format === 'table') process.stdout.write(`${formatComparisonCaption(comparison)}\n`);
        else if (note !== null) process.stderr.write(`${note}\n`);
        process.stdout.write(formatComparison(comparison, format));
      } finally {
        store.close();
      }
    });
}
