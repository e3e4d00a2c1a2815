// `rnnlab validate FILE… [--set path=value]…`: checks experiment files without running them.
import { Command } from 'commander';
import { loadExperiment, type Experiment } from '../config/load-experiment.js';
import { UserError } from '../config/user-error.js';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `FILE: ok, 12 runs (4 grid points × 3 seeds)`. */
export function formatValidSummary(experiment: Experiment): string {
  return `${experiment.path}: ok, ${plural(experiment.runs.length, 'run')} (${plural(experiment.gridPointCount, 'grid point')} × ${plural(experiment.seeds.length, 'seed')})`;
}

export function validateCommand(): Command {
  return new Command('validate')
    .description('Check experiment files (schema, grid, every expanded run) without running them; exit 2 if any is bad.')
    .argument('<files...>', 'experiment YAML files')
    .option(
      '--set <path=value>',
      'override a value before validation, typed as YAML (e.g. --set train.num_unroll=10); repeatable',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .action((files: string[], options: { set: string[] }) => {
      const reports: string[] = [];
      for (const file of files) {
        try {
          process.stdout.write(`${formatValidSummary(loadExperiment(file, options.set))}\n`);
        } catch (error) {
          if (!(error instanceof UserError)) throw error;
          reports.push(error.message);
        }
      }
      // Every bad file's problems together, after the good files' summaries.
      if (reports.length > 0) throw new UserError(reports.join('\n\n'));
    });
}
