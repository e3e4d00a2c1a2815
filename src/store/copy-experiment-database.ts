// A compact copy of one experiment's results: VACUUM INTO a new file, then every other experiment's rows deleted.
import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { openForReading } from './open-for-reading.js';

export interface ExperimentCopy {
  path: string;
  runs: number;
  bytes: number;
}

/**
 * Writes `target`: the database at `source` reduced to `experiment`'s rows (its experiment row, runs, params,
 * epochs and everything keyed by them, through the schema's ON DELETE CASCADE; the id-change log of its runs only),
 * vacuumed, in rollback-journal mode so it is one self-contained file with no -wal/-shm. Checkpoints are files
 * beside a database, not in it, so none come along. Built under a temporary name and renamed: a reader never sees a
 * half-written copy, and a failure leaves no file.
 */
export function copyExperimentDatabase(source: string, experiment: string, target: string): ExperimentCopy {
  const temporary = `${target}.tmp-${process.pid}`;
  rmSync(temporary, { force: true });
  const from = openForReading(source);
  try {
    // VACUUM INTO writes only the new file, but query_only (how openForReading keeps a writable file unchanged)
    // refuses it too; the source is still never written.
    from.pragma('query_only = OFF');
    from.prepare('VACUUM INTO ?').run(temporary);
  } finally {
    from.close();
  }
  let runs = 0;
  try {
    const db = new Database(temporary);
    try {
      db.pragma('foreign_keys = ON');
      db.pragma('journal_mode = DELETE');
      db.transaction(() => {
        db.prepare('DELETE FROM experiments WHERE name <> ?').run(experiment);
        const hasIdLog = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'run_id_changes'`).get() !== undefined;
        if (hasIdLog) db.prepare('DELETE FROM run_id_changes WHERE new_id NOT IN (SELECT id FROM runs)').run();
      })();
      runs = (db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n;
      db.exec('VACUUM');
    } finally {
      db.close();
    }
    renameSync(temporary, target);
  } finally {
    for (const leftover of [temporary, `${temporary}-journal`]) if (existsSync(leftover)) rmSync(leftover, { force: true });
  }
  return { path: target, runs, bytes: statSync(target).size };
}
