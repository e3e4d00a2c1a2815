// What a merge compares about each run of a database: experiment, status, epochs stored, and a digest of its results.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { RunState } from './choose-run-copy.js';
import type { RunStatus } from './results-store.js';

/** JSON that keeps ±Infinity apart from null (NaN is stored as the text 'NaN' already). */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}

/** The state of every run in `db` (or of the runs given). */
export function readRunStates(db: Database.Database, runIds?: readonly string[]): Map<string, RunState> {
  const filter = runIds === undefined ? '' : 'WHERE run_id IN (SELECT value FROM json_each(@ids))';
  const bound = runIds === undefined ? {} : { ids: JSON.stringify(runIds) };
  const results = new Map<string, unknown[][]>();
  const add = (runId: string, row: unknown[]) => {
    let rows = results.get(runId);
    if (rows === undefined) results.set(runId, (rows = []));
    rows.push(row);
  };
  const queries = [
    `SELECT run_id, 'e', epoch, train_loss_nats, train_perplexity, valid_loss_nats, valid_perplexity FROM epochs ${filter}
     ORDER BY run_id, epoch`,
    `SELECT run_id, 'd', epoch, document, updates, loss_nats, perplexity FROM document_perplexities ${filter}
     ORDER BY run_id, epoch, document`,
    `SELECT run_id, 's', epoch, sample_index, seed_text, decoding, text FROM samples ${filter}
     ORDER BY run_id, epoch, sample_index`,
  ];
  for (const sql of queries) {
    for (const row of db.prepare(sql).raw(true).all(bound) as unknown[][]) add(row[0] as string, row.slice(1));
  }
  const runs = db
    .prepare(
      `SELECT r.id, r.experiment, r.status, (SELECT count(*) FROM epochs AS e WHERE e.run_id = r.id) AS epochs
       FROM runs AS r ${runIds === undefined ? '' : 'WHERE r.id IN (SELECT value FROM json_each(@ids))'}`,
    )
    .all(bound) as { id: string; experiment: string; status: RunStatus; epochs: number }[];
  return new Map(
    runs.map((run) => [
      run.id,
      {
        experiment: run.experiment,
        status: run.status,
        epochs: run.epochs,
        fingerprint: createHash('sha256')
          .update(stableJson([run.status, results.get(run.id) ?? []]))
          .digest('hex'),
      },
    ]),
  );
}
