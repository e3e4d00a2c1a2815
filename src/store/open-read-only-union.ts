// Opens several results databases (or folders of shard databases) as one read-only store, for the read commands:
// each file is read into memory, merged there by the merge's rules, and served from a read-only connection.
import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { listDatabaseFiles } from './list-database-files.js';
import { mergeDatabase } from './merge-databases.js';
import { readExperiments, specDigest } from './read-experiments.js';
import { migrateSchema } from './migrate-schema.js';
import { readDatabaseCopy } from './read-database-copy.js';
import { openStore, ResultsStore } from './results-store.js';
import { schemaMigrations } from './schema-migrations.js';

export interface ReadOnlyUnion {
  store: ResultsStore;
  /** Runs that disagree between files (the first file's copy is shown) and experiments run from different files. */
  warnings: string[];
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * One file: the store opened read-only as before. Several (or a folder): their union, where each run appears once,
 * chosen as `rnnlab merge` would (a finished copy over an unfinished one, else the one further along). Nothing is
 * written to any file, and the connection is read-only (so `query` keeps its guarantees: no ATTACH of new files,
 * no writes). Files still being written are read as of their last commit.
 */
export function openReadOnlyUnion(paths: readonly string[]): ReadOnlyUnion {
  if (paths.length === 1 && !isFolder(paths[0])) return { store: openStore(paths[0], { readonly: true }), warnings: [] };
  const files = listDatabaseFiles(paths);
  if (files.length === 1) return { store: openStore(files[0], { readonly: true }), warnings: [] };

  const union = new Database(':memory:');
  const warnings: string[] = [];
  let image: Buffer;
  try {
    union.pragma('foreign_keys = ON');
    migrateSchema(union, schemaMigrations, ':memory:');
    const origin = new Map<string, string>();
    const specs = new Map<string, { text: string; file: string }>();
    for (const file of files) {
      const copy = readDatabaseCopy(file);
      try {
        for (const experiment of readExperiments(copy)) {
          const first = specs.get(experiment.name);
          if (first === undefined) specs.set(experiment.name, { text: experiment.specText, file });
          else if (first.text !== experiment.specText) {
            warnings.push(
              `experiment "${experiment.name}" was run from another version of its file in ${file} ` +
                `(sha256 ${specDigest(experiment.specText)}…) than in ${first.file} (${specDigest(first.text)}…), whose file is shown`,
            );
          }
        }
        const outcome = mergeDatabase({ label: '', db: union }, { label: file, db: copy }, 'keep-target', origin);
        warnings.push(...outcome.conflicts.map((conflict) => `${conflict}; showing the first`));
      } finally {
        copy.close();
      }
    }
    image = union.serialize();
  } finally {
    union.close();
  }
  const label = `${paths.join(', ')} (${files.length} databases)`;
  return { store: new ResultsStore(new Database(image, { readonly: true }), label, true, Date.now), warnings };
}
