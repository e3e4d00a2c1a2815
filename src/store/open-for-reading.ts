// Opens a results database for reading only, leaving no trace: not a byte of it changed, no -wal/-shm files left.
import Database from 'better-sqlite3';
import { accessSync, constants, copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** How long a reader waits for another process's write lock (the store's BUSY_TIMEOUT_MS). */
const BUSY_TIMEOUT_MS = 10_000;

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * A connection that cannot write:
 * - where the file and its folder are writable, a read-write connection with PRAGMA query_only: SQLite then refuses
 *   every write, and closing the last connection removes the -wal and -shm files a WAL database needs while open
 *   (a read-only connection would leave them behind);
 * - else a read-only connection;
 * - and where even that cannot open a WAL database (its -shm can be neither found nor created: a read-only mount),
 *   a snapshot copy of the file and its -wal, read from a temporary folder removed when the connection closes.
 */
export function openForReading(path: string): Database.Database {
  if (writable(path) && writable(dirname(resolve(path)))) {
    const db = new Database(path, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    db.pragma('query_only = ON');
    return db;
  }
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    db.pragma('user_version');
    return db;
  } catch (error) {
    // CANTOPEN, or READONLY_CANTINIT and kin: SQLite could not set up the WAL index (-shm) it needs to read.
    const code = (error as { code?: string }).code ?? '';
    if (!code.startsWith('SQLITE_CANTOPEN') && !code.startsWith('SQLITE_READONLY')) throw error;
  }
  const copyDir = mkdtempSync(join(tmpdir(), 'rnnlab-readonly-'));
  const copy = join(copyDir, 'results.sqlite');
  copyFileSync(path, copy);
  if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
  const db = new Database(copy, { readonly: true, fileMustExist: true });
  const close = db.close.bind(db);
  db.close = () => {
    close();
    rmSync(copyDir, { recursive: true, force: true });
    return db;
  };
  return db;
}
