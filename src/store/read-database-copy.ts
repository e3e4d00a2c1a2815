// Reads a results database into memory, checked to be rnnlab's and brought to the current schema there, so that
// merging or reading several databases never writes to (or migrates) the files themselves.
import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { UserError } from '../config/user-error.js';
import { migrateSchema } from './migrate-schema.js';
import { openForReading } from './open-for-reading.js';
import { schemaMigrations } from './schema-migrations.js';

type Columns = Map<string, string[]>;

function tableColumns(db: Database.Database): Columns {
  const tables = db
    .prepare(`SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .all() as { name: string; type: string }[];
  return new Map(
    tables.map(({ name }) => [name, (db.pragma(`table_info(${JSON.stringify(name)})`) as { name: string }[]).map((c) => c.name)]),
  );
}

/** Tables and columns an rnnlab database of schema `version` has, from the migrations themselves. */
function expectedColumns(version: number): Columns {
  const reference = new Database(':memory:');
  try {
    migrateSchema(reference, schemaMigrations.slice(0, version), ':memory:');
    return tableColumns(reference);
  } finally {
    reference.close();
  }
}

/** Throws unless `db` has exactly the tables and columns of rnnlab's schema at its user_version. */
function checkRnnlabSchema(db: Database.Database, path: string): void {
  const version = Number(db.pragma('user_version', { simple: true }));
  const latest = schemaMigrations.length;
  const found = tableColumns(db);
  if (version === 0 || !found.has('runs') || !found.has('experiments')) {
    const tables = [...found.keys()];
    throw new UserError(
      `${path}: not an rnnlab results database (schema version ${version}; ` +
        `${tables.length === 0 ? 'no tables' : `tables: ${tables.join(', ')}`})`,
    );
  }
  if (version > latest) {
    throw new UserError(
      `${path}: results database has schema version ${version}, but this rnnlab knows versions up to ${latest}; ` +
        'it was written by a newer rnnlab: upgrade rnnlab to read it',
    );
  }
  const missingTables: string[] = [];
  const missingColumns: string[] = [];
  for (const [table, columns] of expectedColumns(version)) {
    const actual = found.get(table);
    if (actual === undefined) missingTables.push(table);
    else {
      const missing = columns.filter((column) => !actual.includes(column));
      if (missing.length > 0) missingColumns.push(`table ${table} lacks ${missing.join(', ')}`);
    }
  }
  const problems = [...(missingTables.length > 0 ? [`no ${missingTables.join(', ')}`] : []), ...missingColumns];
  if (problems.length > 0) {
    throw new UserError(`${path}: not an rnnlab results database of schema version ${version}: ${problems.join('; ')}`);
  }
}

/** Opens `path` for reading only after checking it is a file; `body` then reads it, with SQLite's "not a database"
 *  error turned into a sentence naming the file. The connection is closed afterwards either way. */
function withFileForReading<T>(path: string, body: (file: Database.Database) => T): T {
  if (!existsSync(path)) throw new UserError(`${path}: no such file`);
  if (!statSync(path).isFile()) throw new UserError(`${path}: not a file`);
  let file: Database.Database;
  try {
    // Not a plain read-only connection: that leaves -wal and -shm files beside a WAL database it only read.
    file = openForReading(path);
  } catch (error) {
    throw new UserError(`${path}: cannot open: ${(error as Error).message}`);
  }
  try {
    return body(file);
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') {
      throw new UserError(`${path}: not an SQLite database (${(error as Error).message})`);
    }
    throw error;
  } finally {
    file.close();
  }
}

/** Throws the error readDatabaseCopy would unless `path` is an rnnlab results database it can read, without reading
 *  the data (a check at submit time should not load a database of gigabytes into memory). */
export function checkResultsDatabase(path: string): void {
  withFileForReading(path, (file) => checkRnnlabSchema(file, path));
}

/**
 * An in-memory, writable copy of the rnnlab database at `path`, migrated to the current schema. The file is opened
 * for reading only (openForReading), so a database still being written (WAL) is read as of its last commit and never
 * blocked or changed, and no -wal or -shm file is left beside it.
 */
export function readDatabaseCopy(path: string): Database.Database {
  const image = withFileForReading(path, (file) => {
    checkRnnlabSchema(file, path);
    return file.serialize();
  });
  // Header bytes 18–19 say "WAL" for a database in WAL mode; an in-memory database cannot open in WAL mode.
  image[18] = 1;
  image[19] = 1;
  const copy = new Database(image);
  copy.pragma('foreign_keys = ON');
  migrateSchema(copy, schemaMigrations, path);
  return copy;
}
