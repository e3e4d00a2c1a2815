// Looks at a results database file before anything writes to it: refuses what is not rnnlab's or cannot be written.
import type Database from 'better-sqlite3';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { nearestExisting } from '../config/make-directory.js';
import { UserError } from '../config/user-error.js';
import { checkNotNewer } from './migrate-schema.js';
import { openForReading } from './open-for-reading.js';
import { schemaMigrations } from './schema-migrations.js';

/** Tables and columns every rnnlab results database has had since schema version 1. */
const RNNLAB_COLUMNS: Record<string, string[]> = {
  experiments: ['name', 'spec_path', 'spec_text'],
  runs: ['id', 'experiment', 'config_json', 'status'],
};

/** What a database file holds, read without changing a byte (not even its journal mode). */
interface FileContents {
  userVersion: number;
  /** Table name → column names (SQLite's own sqlite_* tables left out). */
  tables: Map<string, string[]>;
}

function readContents(path: string): FileContents {
  let db: Database.Database | undefined;
  try {
    db = openForReading(path);
    const reader = db;
    // One read transaction, so the version and the tables come from the same snapshot: read apart, another process's
    // first migration committing in between shows rnnlab's tables under version 0 ("another application's").
    return reader.transaction((): FileContents => {
      const userVersion = Number(reader.pragma('user_version', { simple: true }));
      const names = reader
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`)
        .pluck()
        .all() as string[];
      const tables = new Map(
        names.map((name) => [name, (reader.pragma(`table_info(${JSON.stringify(name)})`) as { name: string }[]).map((c) => c.name)]),
      );
      return { userVersion, tables };
    })();
  } finally {
    db?.close();
  }
}

function sqliteCode(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

/** Whether this process may write `path`: W_OK (EROFS on a read-only mount, EACCES without permission). */
function writeProblem(path: string): string | null {
  try {
    accessSync(path, constants.W_OK);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EROFS' ? 'on a read-only file system' : `not writable (${code ?? String(error)})`;
  }
}

/**
 * Throws a UserError, before anything is created or changed, when `path` cannot serve as an rnnlab results
 * database: an empty path or a folder; (`forWriting`) a file or folder that cannot be written, a parent that is not
 * a folder; an existing file that is not SQLite, or an SQLite file of another application (schema version 0 with
 * tables of its own) or with tables clashing with rnnlab's. A missing file is fine for writing (openStore creates it).
 */
export function checkDatabaseFile(path: string, options: { forWriting: boolean }): void {
  if (path.trim() === '') throw new UserError('--db: the results database path is empty; give a file path such as runs/rnnlab.sqlite');
  if (existsSync(path)) {
    const stats = statSync(path);
    if (stats.isDirectory()) throw new UserError(`--db ${path}: is a folder; give the path of a database file inside it`);
    if (!stats.isFile()) throw new UserError(`--db ${path}: not a regular file (a device, pipe or socket); give a database file`);
  } else {
    if (!options.forWriting) return;
    const existing = nearestExisting(dirname(path));
    if (!statSync(existing).isDirectory()) {
      throw new UserError(`--db ${path}: cannot create its folder: ${existing} is a file, not a folder`);
    }
    const problem = writeProblem(existing);
    if (problem !== null) throw new UserError(`--db ${path}: cannot create the results database: ${existing} is ${problem}`);
    return;
  }

  let contents: FileContents;
  try {
    contents = readContents(path);
  } catch (error) {
    const code = sqliteCode(error);
    if (code === 'SQLITE_NOTADB') throw new UserError(`${path}: not an SQLite database (${(error as Error).message})`);
    throw new UserError(`${path}: cannot read the results database (${(error as Error).message})`);
  }
  const tableNames = [...contents.tables.keys()];
  if (contents.userVersion === 0 && tableNames.length > 0) {
    throw new UserError(
      `${path}: not an rnnlab results database (it has the tables ${tableNames.join(', ')} and no rnnlab schema version); ` +
        'rnnlab leaves it as it is: give another --db',
    );
  }
  const latest = schemaMigrations.length;
  const hasOwnTables = Object.keys(RNNLAB_COLUMNS).some((table) => contents.tables.has(table));
  // A newer rnnlab's database (or one with only a version number) says so; another application's with a high
  // user_version of its own is told apart by its tables.
  if (contents.userVersion > latest && (hasOwnTables || tableNames.length === 0)) checkNotNewer(contents.userVersion, latest, path);
  if (contents.userVersion > 0) {
    for (const [table, columns] of Object.entries(RNNLAB_COLUMNS)) {
      const found = contents.tables.get(table);
      const missing = found === undefined ? columns : columns.filter((c) => !found.includes(c));
      if (missing.length > 0) {
        throw new UserError(
          `${path}: not an rnnlab results database: ` +
            (found === undefined ? `it has no ${table} table` : `its ${table} table lacks the columns ${missing.join(', ')}`) +
            ` (schema version ${contents.userVersion}); rnnlab leaves it as it is: give another --db`,
        );
      }
    }
  }
  if (options.forWriting) {
    // SQLite writes the file and, beside it, its -wal and -shm files: both the file and its folder must be writable.
    const problem = writeProblem(path) ?? writeProblem(dirname(resolve(path)));
    if (problem !== null) throw readOnlyError(path, problem);
  }
}

function readOnlyError(path: string, problem: string): UserError {
  return new UserError(
    `${path}: the results database is read-only (${problem}); rnnlab run writes to it: give another --db, or make it ` +
      'and its folder writable. Read commands (status, compare, query, show, plot, report) still work on it.',
  );
}
