// Merges rnnlab results databases keyed by run id: which copy of a run wins, what counts as a conflict, and the
// copying of one source database into a target in one transaction.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { RunStatus } from './results-store.js';

/** A database to merge and the name messages give it (its file path). */
export interface LabeledDatabase {
  label: string;
  db: Database.Database;
}

/** What decides which copy of a run wins. */
export interface RunState {
  experiment: string;
  status: RunStatus;
  /** Epoch rows stored. */
  epochs: number;
  /** Digest of the run's results: status, every epoch's losses and perplexities, per-document rows and samples
   *  (not timings, hosts or dates, which differ between two trainings of the same run). */
  fingerprint: string;
}

export type RunChoice = 'take' | 'keep' | 'conflict';

const TERMINAL: readonly RunStatus[] = ['finished', 'diverged'];

/** Among unfinished copies: a run that got further wins; at equal epochs an attempted run beats a queued one. */
function progress(state: RunState): [number, number] {
  return [state.epochs, state.status === 'queued' ? 0 : 1];
}

/**
 * Whether `incoming` replaces the target's copy of the same run. A finished (or diverged) copy beats an unfinished
 * one; two finished copies must hold the same results (else a conflict, never a silent pick); between unfinished
 * copies the one with more progress wins, and ties keep the target's, so merging twice changes nothing.
 */
export function chooseRun(target: RunState | undefined, incoming: RunState): RunChoice {
  if (target === undefined) return 'take';
  if (target.experiment !== incoming.experiment) return 'conflict';
  const targetDone = TERMINAL.includes(target.status);
  const incomingDone = TERMINAL.includes(incoming.status);
  if (targetDone && incomingDone) return target.fingerprint === incoming.fingerprint ? 'keep' : 'conflict';
  if (targetDone) return 'keep';
  if (incomingDone) return 'take';
  const [a, b] = [progress(target), progress(incoming)];
  return b[0] > a[0] || (b[0] === a[0] && b[1] > a[1]) ? 'take' : 'keep';
}

/** Why two copies of a run conflict, for the message. */
export function describeConflict(runId: string, target: RunState, targetLabel: string, incoming: RunState, incomingLabel: string): string {
  if (target.experiment !== incoming.experiment) {
    return `run ${runId} belongs to experiment "${target.experiment}" in ${targetLabel} but to "${incoming.experiment}" in ${incomingLabel}`;
  }
  return (
    `run ${runId} (${incoming.experiment}) is ${target.status} in ${targetLabel} and ${incoming.status} in ${incomingLabel} ` +
    `with different results (${target.epochs} vs ${incoming.epochs} epochs)`
  );
}

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

export interface StoredExperiment {
  name: string;
  specText: string;
}

export function readExperiments(db: Database.Database): StoredExperiment[] {
  return (db.prepare('SELECT name, spec_text FROM experiments ORDER BY name').all() as { name: string; spec_text: string }[]).map(
    (row) => ({ name: row.name, specText: row.spec_text }),
  );
}

/** First 12 hex digits of the SHA-256 of an experiment file's text, to tell file versions apart in messages. */
export function specDigest(specText: string): string {
  return createHash('sha256').update(specText).digest('hex').slice(0, 12);
}

/** Tables keyed by run (every table with a run_id column, and runs itself), and whether each keeps a rowid. */
function runTables(db: Database.Database): { name: string; key: string; rowid: boolean }[] {
  const tables = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as {
    name: string;
    sql: string;
  }[];
  const out: { name: string; key: string; rowid: boolean }[] = [];
  for (const table of tables) {
    const columns = (db.pragma(`table_info(${JSON.stringify(table.name)})`) as { name: string }[]).map((c) => c.name);
    const rowid = !/WITHOUT\s+ROWID/i.test(table.sql);
    if (table.name === 'runs') out.unshift({ name: 'runs', key: 'id', rowid });
    else if (columns.includes('run_id')) out.push({ name: table.name, key: 'run_id', rowid });
  }
  return out;
}

export interface MergeOutcome {
  /** Runs the target did not have. */
  added: string[];
  /** Runs whose target copy was replaced (finished elsewhere, or further along). */
  updated: string[];
  /** Runs the target already had as they are here, or further along. */
  unchanged: string[];
  /** Experiments the target did not have. */
  experimentsAdded: string[];
}

/** Thrown inside the merge transaction (which then rolls back) when a run conflicts. */
export class MergeConflictError extends Error {
  constructor(readonly conflicts: string[]) {
    super(conflicts.join('\n'));
  }
}

/**
 * Copies `source` into `target` in one transaction: its experiments the target lacks, and every run `chooseRun`
 * takes (all its rows, replacing the target's). On a conflict with `onConflict: 'refuse'` nothing is written and
 * MergeConflictError lists every conflict; with 'keep-target' the target's copy stays and the conflict is returned.
 * Experiment file versions are not compared here (the caller decides what a different file means).
 */
export function mergeDatabase(
  target: LabeledDatabase,
  source: LabeledDatabase,
  onConflict: 'refuse' | 'keep-target',
  /** Where the target's copy of each run came from, for conflict messages (a rehearsal in memory); updated here. */
  origin?: Map<string, string>,
): MergeOutcome & { conflicts: string[] } {
  const tables = runTables(target.db);
  const merge = target.db.transaction(() => {
    // Rows go in table by table; foreign keys are checked at commit, when every row of a run is in.
    target.db.pragma('defer_foreign_keys = ON');
    const incoming = readRunStates(source.db);
    const ids = [...incoming.keys()];
    const existing = readRunStates(target.db, ids);
    const outcome: MergeOutcome & { conflicts: string[] } = { added: [], updated: [], unchanged: [], experimentsAdded: [], conflicts: [] };
    const taken: string[] = [];
    for (const id of ids.sort()) {
      const mine = existing.get(id);
      const theirs = incoming.get(id)!;
      const choice = chooseRun(mine, theirs);
      if (choice === 'conflict') {
        outcome.conflicts.push(describeConflict(id, mine!, origin?.get(id) ?? target.label, theirs, source.label));
        outcome.unchanged.push(id);
      } else if (choice === 'keep') {
        outcome.unchanged.push(id);
      } else {
        (mine === undefined ? outcome.added : outcome.updated).push(id);
        taken.push(id);
        origin?.set(id, source.label);
      }
    }
    if (outcome.conflicts.length > 0 && onConflict === 'refuse') throw new MergeConflictError(outcome.conflicts);

    const known = new Set(readExperiments(target.db).map((experiment) => experiment.name));
    const experimentColumns = (target.db.pragma('table_info(experiments)') as { name: string }[]).map((c) => c.name);
    const insertExperiment = target.db.prepare(
      `INSERT INTO experiments (${experimentColumns.join(', ')}) VALUES (${experimentColumns.map((c) => `@${c}`).join(', ')})`,
    );
    for (const row of source.db.prepare('SELECT * FROM experiments ORDER BY name').all() as Record<string, unknown>[]) {
      if (known.has(row.name as string)) continue;
      insertExperiment.run(row);
      outcome.experimentsAdded.push(row.name as string);
    }

    const takenJson = JSON.stringify(taken);
    for (const table of [...tables].reverse()) {
      target.db.prepare(`DELETE FROM ${table.name} WHERE ${table.key} IN (SELECT value FROM json_each(?))`).run(takenJson);
    }
    for (const table of tables) {
      const columns = (target.db.pragma(`table_info(${table.name})`) as { name: string }[]).map((c) => c.name);
      const insert = target.db.prepare(
        `INSERT INTO ${table.name} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
      );
      const rows = source.db
        .prepare(
          `SELECT ${columns.join(', ')} FROM ${table.name} WHERE ${table.key} IN (SELECT value FROM json_each(?))` +
            (table.rowid ? ' ORDER BY rowid' : ''),
        )
        .all(takenJson) as Record<string, unknown>[];
      for (const row of rows) insert.run(row);
    }
    return outcome;
  });
  return merge.immediate();
}
