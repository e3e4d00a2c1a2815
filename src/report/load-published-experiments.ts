// Reads every published experiment under a folder (FOLDER/*/results.sqlite, as rnnlab publish writes them).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UserError } from '../config/user-error.js';
import { openStore } from '../store/results-store.js';
import type { PublishedExperiment } from './build-findings-table.js';
import { loadExperimentResults } from './experiment-results.js';
import { PUBLISHED_DB, RUN_INFO } from './publish-experiment.js';
import { summarizeRunInfo } from './format-run-info.js';
import { readPublisherMachine } from './read-publisher-machine.js';

/** Each experiment of each FOLDER/NAME/results.sqlite, with its report linked relative to `linkBase` (the folder
 *  of the file the table goes into). */
export function loadPublishedExperiments(folder: string, linkBase: string): PublishedExperiment[] {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new UserError(`--summary ${folder}: no such folder (it should hold one folder per experiment, as rnnlab publish writes)`);
  }
  const published: PublishedExperiment[] = [];
  for (const entry of readdirSync(folder).sort()) {
    const db = join(folder, entry, PUBLISHED_DB);
    if (!existsSync(db)) continue;
    const report = join(folder, entry, 'report.md');
    const machine = readPublisherMachine(join(folder, entry, RUN_INFO));
    const store = openStore(db, { readonly: true });
    try {
      for (const experiment of store.listExperiments()) {
        published.push({
          results: loadExperimentResults(store, experiment.name),
          reportLink: existsSync(report) ? relative(linkBase, report).split('\\').join('/') : null,
          runInfo: summarizeRunInfo(experiment.name, store.listRuns({ experiment: experiment.name }), store.runSummaries(experiment.name)),
          machine,
        });
      }
    } finally {
      store.close();
    }
  }
  return published;
}
