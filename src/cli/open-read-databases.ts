// The --db option of the read commands (repeatable; a folder reads every *.sqlite in it) and opening what it names.
import { Option } from 'commander';
import { DEFAULT_DB_PATH } from '../store/default-db-path.js';
import { openReadOnlyUnion } from '../store/open-read-only-union.js';
import type { ResultsStore } from '../store/results-store.js';

export function readDbOption(): Option {
  return new Option(
    '--db <path>',
    `results database (default: ${DEFAULT_DB_PATH}); repeat it, or give a folder such as runs/shards/EXPERIMENT, ` +
      'to read several databases as one',
  ).argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
}

/** Opens the databases --db names (read-only); disagreements between them are said on stderr. */
export function openReadDatabases(db: string[] | undefined): ResultsStore {
  const { store, warnings } = openReadOnlyUnion(db ?? [DEFAULT_DB_PATH]);
  for (const warning of warnings) process.stderr.write(`rnnlab: ${warning}\n`);
  return store;
}
