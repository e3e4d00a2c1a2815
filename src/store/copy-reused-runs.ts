// Writes finished runs of another database into this one under this sweep's run ids (rnnlab run --reuse).
import type Database from 'better-sqlite3';

/** One run to copy: the source's run `sourceRunId` becomes the target's registered run `targetId`. */
export interface ReusedRunCopy {
  targetId: string;
  source: Database.Database;
  sourceRunId: string;
  /** Stored in runs.reused_from: "run ID of EXPERIMENT in FILE" (unless the source run was itself a copy: see below). */
  reusedFrom: string;
}

/** Statuses a registered run may have to be replaced by a reused copy: what a sweep would otherwise (re)train. */
const REPLACEABLE = ['queued', 'failed', 'interrupted'];

/** The runs row's columns that travel with a reused run: its results and where and how they were computed. */
const RUN_COLUMNS = [
  'vocabulary_json', 'status', 'error', 'host', 'heartbeat_at', 'started_at', 'finished_at', 'backend', 'blas',
  'package_version', 'attempts',
] as const;

function columnsOf(db: Database.Database, table: string): string[] {
  return (db.pragma(`table_info(${JSON.stringify(table)})`) as { name: string }[]).map((column) => column.name);
}

/** Tables holding a run's results, keyed by run_id, parents first. run_params is not among them: a run's grid
 *  parameters are those of the experiment that registered it here, not of the one it was trained for. */
function resultTables(db: Database.Database): string[] {
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid`)
    .all() as { name: string }[];
  const keyed = tables.map((table) => table.name).filter((name) => name !== 'run_params' && columnsOf(db, name).includes('run_id'));
  // epochs first: the other tables' rows point at an epoch.
  return [...keyed.filter((name) => name === 'epochs'), ...keyed.filter((name) => name !== 'epochs')];
}

/**
 * Copies each run in `copies` into `target`, which must run this inside one write transaction. A target run that is no
 * longer replaceable (a concurrent sweep claimed or finished it meanwhile) is left alone. The source rows are copied
 * column by column as the target has them, so a source of an older schema (migrated in memory) leaves the newer
 * columns NULL ("not measured"). Returns the target ids copied.
 */
export function copyReusedRuns(target: Database.Database, copies: readonly ReusedRunCopy[]): string[] {
  target.pragma('defer_foreign_keys = ON');
  const tables = resultTables(target);
  const copied: string[] = [];
  for (const copy of copies) {
    const stored = target.prepare('SELECT status FROM runs WHERE id = ?').get(copy.targetId) as { status: string } | undefined;
    if (stored === undefined) throw new Error(`results store: cannot reuse into unknown run ${copy.targetId}`);
    if (!REPLACEABLE.includes(stored.status)) continue;
    const run = copy.source.prepare(`SELECT ${RUN_COLUMNS.join(', ')}, reused_from FROM runs WHERE id = ?`).get(copy.sourceRunId) as
      | Record<string, unknown>
      | undefined;
    if (run === undefined) throw new Error(`results store: the source has no run ${copy.sourceRunId}`);
    // A copy of a copy names where the run was trained, not the database it passed through.
    const reusedFrom = (run.reused_from as string | null) ?? copy.reusedFrom;
    delete run.reused_from;
    for (const table of [...tables].reverse()) target.prepare(`DELETE FROM ${table} WHERE run_id = ?`).run(copy.targetId);
    target
      .prepare(`UPDATE runs SET ${RUN_COLUMNS.map((column) => `${column} = @${column}`).join(', ')}, pid = NULL, reused_from = @reused_from WHERE id = @id`)
      .run({ ...run, reused_from: reusedFrom, id: copy.targetId });
    for (const table of tables) {
      const sourceColumns = new Set(columnsOf(copy.source, table));
      const columns = columnsOf(target, table).filter((column) => column !== 'run_id' && sourceColumns.has(column));
      const insert = target.prepare(
        `INSERT INTO ${table} (run_id, ${columns.join(', ')}) VALUES (@run_id, ${columns.map((column) => `@${column}`).join(', ')})`,
      );
      const rows = copy.source.prepare(`SELECT ${columns.join(', ')} FROM ${table} WHERE run_id = ?`).all(copy.sourceRunId) as Record<string, unknown>[];
      for (const row of rows) insert.run({ ...row, run_id: copy.targetId });
    }
    copied.push(copy.targetId);
  }
  return copied;
}
