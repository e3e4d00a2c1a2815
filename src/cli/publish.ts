// `rnnlab publish`: an experiment's results database (compact, its runs only), report, plots and RUN-INFO.md in one
// folder, ready to commit under docs/results/EXPERIMENT.
import { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../config/user-error.js';
import { DEFAULT_DB_PATH } from '../store/default-db-path.js';
import { describeMachine } from '../report/describe-machine.js';
import { publishExperiment } from '../report/publish-experiment.js';
import { reportFileStem } from '../report/write-report.js';
import { chooseExperiment } from './choose-experiment.js';
import { openReadDatabases } from './open-read-databases.js';
import { corpusCandidates } from './report.js';

interface PublishOptions {
  db: string;
  out?: string;
  corpus?: string;
  allowUnfinished?: boolean;
}

export function publishCommand(): Command {
  return new Command('publish')
    .description(
      'Publish an experiment into a folder: results.sqlite (its runs only, no checkpoints), report.html and ' +
        'report.md made from that copy, their plots, and RUN-INFO.md (sweep wall time, machine, code)',
    )
    .argument('[experiment]', 'experiment name (default: the only one in the database)')
    .option('--db <path>', `results database file (default: ${DEFAULT_DB_PATH}); merge shards into one first`, DEFAULT_DB_PATH)
    .option('--out <dir>', 'output folder (default: docs/results/EXPERIMENT)')
    .option('--corpus <dir>', 'corpus folder for the report’s held-out reference text (as rnnlab report)')
    .option('--allow-unfinished', 'publish even when runs are queued or running')
    .action(async (name: string | undefined, options: PublishOptions) => {
      if (existsSync(options.db) && statSync(options.db).isDirectory()) {
        throw new UserError(`--db ${options.db}: publish reads one database file, not a folder; merge the shards first (rnnlab merge ${options.db})`);
      }
      const store = openReadDatabases([options.db]);
      try {
        const experiment = chooseExperiment(store, name, 'publish');
        const outDir = options.out ?? join('docs', 'results', reportFileStem(experiment));
        const files = await publishExperiment(store, experiment, {
          outDir,
          corpusDirs: corpusCandidates(store, experiment, options),
          machine: describeMachine(),
          now: new Date(),
          allowUnfinished: options.allowUnfinished === true,
        });
        process.stdout.write(files.map((file) => `wrote ${file}\n`).join(''));
      } finally {
        store.close();
      }
    });
}
