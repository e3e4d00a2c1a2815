// `rnnlab merge`: checks every shard database first (rnnlab's, same experiment file versions, no conflicting runs,
// not still being written), then merges each into the target in one transaction and copies its checkpoints.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readdirSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeDirectory } from '../config/make-directory.js';
import { UserError } from '../config/user-error.js';
import { listDatabaseFiles } from '../store/list-database-files.js';
import {
  mergeDatabase,
  MergeConflictError,
  type LabeledDatabase,
  type MergeOutcome,
} from '../store/merge-databases.js';
import { readExperiments, specDigest } from '../store/read-experiments.js';
import { migrateSchema } from '../store/migrate-schema.js';
import { readDatabaseCopy } from '../store/read-database-copy.js';
import { BUSY_TIMEOUT_MS, openStore } from '../store/results-store.js';
import { schemaMigrations } from '../store/schema-migrations.js';
import { checkpointDir } from '../store/checkpoint-path.js';
import { isRunOwnerAlive, pidExists, STALE_HEARTBEAT_MS } from './check-run-owner-alive.js';

export interface MergeShardsOptions {
  /** Shard database files and folders of them. */
  inputs: string[];
  /** The database merged into (created if missing). */
  into: string;
  /** Merge shards whose runs are still running (a snapshot; a later merge brings their newer epochs). */
  allowRunning: boolean;
  host: string;
  now: number;
}

export interface ShardMergeReport extends MergeOutcome {
  path: string;
  /** Checkpoint files copied beside the target. */
  checkpoints: number;
}

/** "runs/x.sqlite: run 1a2b… is running in process 7 on node3 (heartbeat 4s ago)" for every live run. */
function liveRuns(shard: LabeledDatabase, host: string, now: number): string[] {
  const rows = shard.db.prepare(`SELECT id, pid, host, heartbeat_at FROM runs WHERE status = 'running' ORDER BY id`).all() as {
    id: string;
    pid: number | null;
    host: string | null;
    heartbeat_at: string | null;
  }[];
  return rows
    .filter((row) =>
      isRunOwnerAlive(
        { pid: row.pid ?? -1, host: row.host ?? '', heartbeatAt: row.heartbeat_at === null ? 0 : Date.parse(row.heartbeat_at) },
        { host, now, staleAfterMs: STALE_HEARTBEAT_MS, pidExists },
      ),
    )
    .map((row) => {
      const age = row.heartbeat_at === null ? '' : `, heartbeat ${Math.round((now - Date.parse(row.heartbeat_at)) / 1000)}s ago`;
      return `${shard.label}: run ${row.id} is still running (process ${row.pid ?? '?'} on ${row.host ?? '?'}${age})`;
    });
}

/** Problems with experiment file versions: one experiment name must come from one file text everywhere. */
function specProblems(target: LabeledDatabase | null, shards: readonly LabeledDatabase[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, { specText: string; label: string }>();
  for (const source of target === null ? shards : [target, ...shards]) {
    for (const experiment of readExperiments(source.db)) {
      const first = seen.get(experiment.name);
      if (first === undefined) seen.set(experiment.name, { specText: experiment.specText, label: source.label });
      else if (first.specText !== experiment.specText) {
        problems.push(
          `${source.label}: experiment "${experiment.name}" was run from another version of its file than in ${first.label} ` +
            `(file sha256 ${specDigest(experiment.specText)}… vs ${specDigest(first.specText)}…); ` +
            'merge it into another database (--into), or rerun the shard from the same file',
        );
      }
    }
  }
  return problems;
}

function emptyDatabase(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrateSchema(db, schemaMigrations, ':memory:');
  return db;
}

/** Copies the `RUN.*` files of these runs from beside one database to beside another, each atomically (temp, rename). */
function copyCheckpoints(fromDb: string, toDb: string, runIds: readonly string[]): number {
  const from = checkpointDir(fromDb);
  if (!existsSync(from) || runIds.length === 0) return 0;
  const to = checkpointDir(toDb);
  const wanted = new Set(runIds);
  let copied = 0;
  for (const name of readdirSync(from).sort()) {
    const runId = name.split('.')[0];
    if (!wanted.has(runId) || name.includes('.tmp')) continue;
    makeDirectory(to);
    const temporary = join(to, `.${name}.merge-${process.pid}.tmp`);
    copyFileSync(join(from, name), temporary);
    renameSync(temporary, join(to, name));
    copied++;
  }
  return copied;
}

export function mergeShards(options: MergeShardsOptions): ShardMergeReport[] {
  const paths = listDatabaseFiles(options.inputs, options.into);
  const into = resolve(options.into);
  if (paths.some((path) => resolve(path) === into)) {
    throw new UserError(`merge: ${options.into} is the target (--into); a database cannot be merged into itself`);
  }
  const shards: LabeledDatabase[] = [];
  let target: LabeledDatabase | null = null;
  try {
    for (const path of paths) shards.push({ label: path, db: readDatabaseCopy(path) });
    if (existsSync(options.into)) target = { label: options.into, db: readDatabaseCopy(options.into) };

    // Everything is checked before the target is touched: a merge that would fail writes nothing.
    const problems = specProblems(target, shards);
    if (!options.allowRunning) problems.push(...shards.flatMap((shard) => liveRuns(shard, options.host, options.now)));
    const rehearsal: LabeledDatabase = target ?? { label: options.into, db: emptyDatabase() };
    const origin = new Map<string, string>();
    for (const shard of shards) problems.push(...mergeDatabase(rehearsal, shard, 'keep-target', origin).conflicts);
    if (target === null) rehearsal.db.close();
    if (problems.length > 0) {
      const hint = problems.some((problem) => problem.includes('still running'))
        ? '\n(wait for those shards to finish, merge with --allow-running for a snapshot, or read them as they are: rnnlab status --db FOLDER)'
        : '';
      throw new UserError(
        `merge: nothing merged into ${options.into}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n` +
          `${problems.map((problem) => `  ${problem}`).join('\n')}${hint}`,
      );
    }
    target?.db.close();
    target = null;

    openStore(options.into).close(); // creates or migrates the target as every writer does
    const db = new Database(options.into, { timeout: BUSY_TIMEOUT_MS });
    try {
      db.pragma('foreign_keys = ON');
      const reports: ShardMergeReport[] = [];
      for (const [index, shard] of shards.entries()) {
        let outcome: MergeOutcome & { conflicts: string[] };
        try {
          outcome = mergeDatabase({ label: options.into, db }, shard, 'refuse');
        } catch (error) {
          // Only a writer that changed the target since the checks above gets here; earlier shards stay merged.
          if (!(error instanceof MergeConflictError)) throw error;
          const done = reports.map((report) => report.path).join(', ') || 'none';
          throw new UserError(`merge: ${shard.label} not merged (shards merged before it: ${done}):\n  ${error.conflicts.join('\n  ')}`);
        }
        // After the shard's transaction committed: a checkpoint is never beside a run the target does not hold.
        const checkpoints = copyCheckpoints(paths[index], options.into, [...outcome.added, ...outcome.updated]);
        const { conflicts: _conflicts, ...counts } = outcome;
        reports.push({ path: paths[index], ...counts, checkpoints });
      }
      return reports;
    } finally {
      db.close();
    }
  } finally {
    target?.db.close();
    for (const shard of shards) shard.db.close();
  }
}
