// `rnnlab plot`: per-epoch curves of an experiment (one line per grid point, seed range as a band) to SVG or PNG.
import { Command, Option } from 'commander';
import { join } from 'node:path';
import { CURVE_METRICS, GROUP_METRIC_PREFIX } from '../report/epoch-curves.js';
import { plotFormat, writePlot } from '../report/write-plot.js';
import { reportFileStem } from '../report/write-report.js';
import { chooseExperiment } from './choose-experiment.js';
import { openReadDatabases, readDbOption } from './open-read-databases.js';

interface PlotOptions {
  metric: string;
  by?: string;
  out?: string;
  yScale: 'linear' | 'log';
  db?: string[];
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

export function plotCommand(): Command {
  return new Command('plot')
    .description(
      'Plot per-epoch metrics of an experiment: one line per grid point (mean over seeds), the seeds’ min–max as a band',
    )
    .argument('[experiment]', 'experiment name (default: the only one in the database)')
    .option(
      '--metric <names>',
      `comma-separated metrics, one panel each: ${Object.keys(CURVE_METRICS).join(', ')}, ` +
        `or ${GROUP_METRIC_PREFIX}GROUP (one parameter group's gradient norm, e.g. ${GROUP_METRIC_PREFIX}context)`,
      'train_perplexity,valid_perplexity',
    )
    .option('--by <keys>', 'comma-separated dotted keys that make a line (default: every grid key); other runs pool as seeds')
    .option('--out <file>', 'output file, .svg or .png (default: runs/plots/EXPERIMENT.svg)')
    .addOption(new Option('--y-scale <scale>', 'y axis scale').choices(['linear', 'log']).default('linear'))
    .addOption(readDbOption())
    .action(async (name: string | undefined, options: PlotOptions) => {
      const store = openReadDatabases(options.db);
      try {
        const experiment = chooseExperiment(store, name, 'plot');
        const out = options.out ?? join('runs', 'plots', `${reportFileStem(experiment)}.svg`);
        plotFormat(out); // check the extension before any work
        const result = await writePlot(store, experiment, out, {
          metrics: splitList(options.metric),
          by: options.by === undefined ? null : splitList(options.by),
          yScale: options.yScale,
        });
        process.stdout.write(`wrote ${result.path} (${result.lines} line${result.lines === 1 ? '' : 's'}: ${result.title})\n`);
      } finally {
        store.close();
      }
    });
}
