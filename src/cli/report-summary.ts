// `rnnlab report --summary FOLDER`: the findings table across published experiments, printed or written into a file
// between its findings markers.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from '../config/user-error.js';
import { findExperimentFile } from '../config/find-experiment-file.js';
import { listExperimentNames } from '../config/list-experiment-names.js';
import { readClaimsFile } from '../report/claims/read-declared-claims.js';
import { buildFindingsTable } from '../report/build-findings-table.js';
import { buildSweepRows } from '../report/build-sweep-rows.js';
import { formatFindingsTable, replaceFindings } from '../report/format-findings-table.js';
import { loadPublishedExperiments } from '../report/load-published-experiments.js';

export interface SummaryOptions {
  summary: string;
  write?: string;
  experiments: string;
}

export function reportSummary(experiment: string | undefined, options: SummaryOptions): void {
  if (experiment !== undefined) {
    throw new UserError(`report --summary ${options.summary} covers every published experiment; leave out "${experiment}"`);
  }
  if (options.write !== undefined && !existsSync(options.write)) {
    throw new UserError(`--write ${options.write}: no such file`);
  }
  // Links are relative to where the table is read: the written file's folder, else the current folder.
  const linkBase = options.write === undefined ? resolve('.') : dirname(resolve(options.write));
  // The claims decided are those of the experiment files as they are now (claims may be declared, or restated,
  // after the runs were published); an experiment without a file keeps the claims stored with its runs.
  const published = loadPublishedExperiments(options.summary, linkBase).map((entry) => {
    const file = findExperimentFile(options.experiments, entry.results.experiment.name);
    return file === null ? entry : { ...entry, claims: readClaimsFile(file, entry.results.experiment.name) };
  });
  const findings = buildFindingsTable(listExperimentNames(options.experiments), published, options.summary);
  const table = formatFindingsTable(findings, options.summary, buildSweepRows(published));
  if (options.write === undefined) {
    process.stdout.write(table);
    return;
  }
  const updated = replaceFindings(readFileSync(options.write, 'utf8'), table, options.write);
  const temporary = `${options.write}.tmp-${process.pid}`;
  writeFileSync(temporary, updated);
  renameSync(temporary, options.write);
  process.stdout.write(`wrote the findings table (${published.length} published experiment${published.length === 1 ? '' : 's'}) into ${options.write}\n`);
}
