// `rnnlab report`: one self-contained HTML report of an experiment, with a Markdown twin and its plot images.
import { Command } from 'commander';
import { dirname, join, resolve } from 'node:path';
import { defaultCorpusDir } from '../corpus/locate-corpus.js';
import type { ResultsStore } from '../store/results-store.js';
import { reportFileStem, writeReport } from '../report/write-report.js';
import { chooseExperiment } from './choose-experiment.js';
import { reportSummary } from './report-summary.js';
import { UserError } from '../config/user-error.js';
import { openReadDatabases, readDbOption } from './open-read-databases.js';
import { parseWhere, whereOption } from './where-option.js';

interface ReportOptions {
  out?: string;
  where: string[];
  corpus?: string;
  db?: string[];
  summary?: string;
  write?: string;
  experiments: string;
  claims?: string;
}

export function reportCommand(): Command {
  return new Command('report')
    .description(
      'Write an HTML report (and a Markdown twin) of an experiment: spec, comparison table, plots, samples, ' +
        'text quality against held-out text, and the claims the experiment file declares, decided',
    )
    .argument('[experiment]', 'experiment name (default: the only one in the database)')
    .option('--out <dir>', 'output folder (default: runs/reports/EXPERIMENT)')
    .option(
      '--corpus <dir>',
      'corpus folder for the held-out reference text (default: the runs’ corpus.path, $RNNLAB_CORPUS_DIR, data/grimm)',
    )
    .option(
      '--claims <file>',
      'decide the claims of this experiment file (same experiment name) instead of those stored with the runs, e.g. claims declared after the runs',
    )
    .addOption(whereOption())
    .addOption(readDbOption())
    .option('--summary <folder>', 'instead: the findings table across the experiments published in FOLDER (e.g. docs/results)')
    .option('--write <file>', 'with --summary: put the table between the findings markers of FILE (e.g. README.md)')
    .option('--experiments <folder>', 'with --summary: the experiment files that should have results', 'experiments')
    .action(async (name: string | undefined, options: ReportOptions) => {
      if (options.summary !== undefined) {
        if (options.claims !== undefined) throw new UserError('--claims goes with one experiment’s report; --summary reads each experiment’s file in --experiments');
        return reportSummary(name, { ...options, summary: options.summary });
      }
      if (options.write !== undefined) throw new UserError('--write goes with --summary FOLDER');
      const where = parseWhere(options.where);
      const store = openReadDatabases(options.db);
      try {
        const experiment = chooseExperiment(store, name, 'report');
        const outDir = options.out ?? join('runs', 'reports', reportFileStem(experiment));
        const files = await writeReport(store, experiment, {
          outDir,
          corpusDirs: corpusCandidates(store, experiment, options),
          where,
          claimsFile: options.claims,
        });
        process.stdout.write(`wrote ${files.html}\nwrote ${files.markdown}\n${files.images.map((f) => `wrote ${f}\n`).join('')}`);
      } finally {
        store.close();
      }
    });
}

/** Where held-out text may be: --corpus, then each run's corpus.path (as given, and relative to the experiment
 *  file's folder), then $RNNLAB_CORPUS_DIR, then the project's data/grimm. Never fetched from here. */
export function corpusCandidates(store: ResultsStore, experiment: string, options: { corpus?: string }): string[] {
  const candidates: string[] = [];
  if (options.corpus !== undefined) return [resolve(options.corpus)];
  const specPath = store.getExperiment(experiment)?.specPath ?? '.';
  for (const run of store.listRuns({ experiment })) {
    const path = run.config.corpus.path;
    if (path === null) continue;
    candidates.push(resolve(path), resolve(dirname(specPath), path));
  }
  const fromEnv = process.env.RNNLAB_CORPUS_DIR;
  if (fromEnv !== undefined && fromEnv !== '') candidates.push(resolve(fromEnv));
  candidates.push(defaultCorpusDir());
  return [...new Set(candidates)];
}
