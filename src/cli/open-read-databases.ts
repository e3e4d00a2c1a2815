// The --db option of the read commands (repeatable; a folder reads every *.sqlite in it) and opening what it names.
import { Option } from 'commander';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../config/user-error.js';
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

/** Shard folders of `rnnlab run --shard` in the current directory, for the hint when the default database is missing. */
function shardFolders(): string[] {
  const root = join('runs', 'shards');
  return existsSync(root) ? readdirSync(root).sort().map((name) => join(root, name)) : [];
}

/** Opens the databases --db names (read-only); disagreements between them are said on stderr. */
export function openReadDatabases(db: string[] | undefined): ResultsStore {
  if (db === undefined && !existsSync(DEFAULT_DB_PATH) && shardFolders().length > 0) {
    throw new UserError(
      `no results database at ${DEFAULT_DB_PATH}, but there are shard databases: read them with --db ` +
        `${shardFolders().join(' or --db ')}, or merge them first (rnnlab merge ${shardFolders()[0]})`,
    );
  }
  const { store, warnings } = openReadOnlyUnion(db ?? [DEFAULT_DB_PATH]);
  for (const warning of warnings) process.stderr.write(`rnnlab: ${warning}\n`);
  return store;
}
