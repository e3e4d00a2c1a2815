// Merges one rnnlab results database into another, keyed by run id, in one transaction (chooseRunCopy decides each run).
import type Database from 'better-sqlite3';
import { chooseRunCopy, describeConflict } from './choose-run-copy.js';
import { readExperiments } from './read-experiments.js';
import { readRunStates } from './read-run-states.js';

/** A database to merge and the name messages give it (its file path). */
export interface LabeledDatabase {
  label: string;
  db: Database.Database;
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
 * Copies `source` into `target` in one transaction: its experiments the target lacks, and every run `chooseRunCopy`
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
      const choice = chooseRunCopy(mine, theirs);
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
