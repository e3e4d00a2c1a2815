// Publishes one experiment into a folder: a compact copy of its results database, the report made from that copy
// (so every number in it can be checked against the published file), its plots, and RUN-INFO.md.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirectory } from '../config/make-directory.js';
import { UserError } from '../config/user-error.js';
import { copyExperimentDatabase } from '../store/copy-experiment-database.js';
import { openStore, type ResultsStore } from '../store/results-store.js';
import type { MachineInfo } from './describe-machine.js';
import { loadExperimentResults, runsWithEpochs } from './experiment-results.js';
import { checkRunsPoolable } from './check-runs-poolable.js';
import { gridKeys } from './group-runs.js';
import { formatRunInfo, summarizeRunInfo } from './format-run-info.js';
import { writeOutputFile } from './write-output-file.js';
import { writeReport } from './write-report.js';

export const PUBLISHED_DB = 'results.sqlite';
export const RUN_INFO = 'RUN-INFO.md';

export interface PublishOptions {
  outDir: string;
  corpusDirs: string[];
  machine: MachineInfo;
  now: Date;
  /** Publish even when some runs are queued or running (their numbers are then partial). */
  allowUnfinished: boolean;
}

/** Checks everything first (the experiment exists, has epochs, has no run in progress), so bad input writes
 *  nothing; returns the files written. `store` must be one database file, opened for reading. */
export async function publishExperiment(store: ResultsStore, experiment: string, options: PublishOptions): Promise<string[]> {
  const results = loadExperimentResults(store, experiment);
  // The report would refuse runs whose configs differ beyond the grid keys: refuse before writing anything.
  checkRunsPoolable(runsWithEpochs(results), gridKeys(results.runs), experiment);
  const unfinished = results.runs.filter(({ run }) => run.status === 'queued' || run.status === 'running');
  if (unfinished.length > 0 && !options.allowUnfinished) {
    throw new UserError(
      `publish ${experiment}: ${unfinished.length} of its ${results.runs.length} runs are not done ` +
        `(${unfinished.map(({ run }) => `${run.id} ${run.status}`).join(', ')}); finish the sweep first ` +
        `(rnnlab run ${results.experiment.specPath}), or publish partial results with --allow-unfinished`,
    );
  }
  // Anything that fails from here on (a file in the way, the report refusing the runs) takes back what this call
  // wrote, so a failed publish leaves no half-published folder behind.
  const createdDir = !existsSync(options.outDir);
  const before = createdDir ? new Set<string>() : new Set(readdirSync(options.outDir));
  makeDirectory(options.outDir);
  try {
    const copy = copyExperimentDatabase(store.path, experiment, join(options.outDir, PUBLISHED_DB));
    const published = openStore(copy.path, { readonly: true });
    try {
      const report = await writeReport(published, experiment, {
        outDir: options.outDir,
        corpusDirs: options.corpusDirs,
        now: options.now,
        reportName: 'report',
      });
      const info = summarizeRunInfo(experiment, published.listRuns({ experiment }), published.runSummaries(experiment));
      const runInfo = join(options.outDir, RUN_INFO);
      writeOutputFile(runInfo, formatRunInfo(info, options.machine, options.now));
      return [copy.path, report.html, report.markdown, ...report.images, runInfo];
    } finally {
      published.close();
    }
  } catch (error) {
    if (createdDir) rmSync(options.outDir, { recursive: true, force: true });
    else for (const file of readdirSync(options.outDir)) if (!before.has(file)) rmSync(join(options.outDir, file), { recursive: true, force: true });
    throw error;
  }
}
