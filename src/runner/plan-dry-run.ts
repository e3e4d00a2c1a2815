// What `rnnlab run --dry-run` would do, read without writing: the store opened read-only (if it exists at all).
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { checkDatabaseFile } from '../store/check-database-file.js';
import { checkpointPath } from '../store/checkpoint-path.js';
import { openForReading } from '../store/open-for-reading.js';
import { openStore } from '../store/results-store.js';
import { isRunOwnerAlive, pidExists, STALE_HEARTBEAT_MS } from './check-run-owner-alive.js';
import type { ReuseMatch } from './find-reusable-runs.js';
import { planReuse, planSweep, type PlannedRun, type StoredRunState } from './plan-sweep.js';
import type { SweepExperiment } from './run-sweep.js';

/** Plans as runSweep would, treating runs left `running` by a dead process as the reaper would (interrupted), and
 *  reusing what `reuse` (findReusableRuns' matches) offers. */
export function planDryRun(
  experiment: SweepExperiment,
  dbPath: string,
  force: boolean,
  restart = false,
  reuse: ReadonlyMap<string, ReuseMatch> = new Map(),
): PlannedRun[] {
  const stored = new Map<string, StoredRunState>();
  if (holdsRnnlabSchema(dbPath)) {
    const store = openStore(dbPath, { readonly: true });
    try {
      const host = hostname();
      const now = Date.now();
      for (const run of store.listRuns({ experiment: experiment.name })) {
        const dead =
          run.status === 'running' &&
          !isRunOwnerAlive(
            {
              pid: run.pid ?? -1,
              host: run.host ?? '',
              heartbeatAt: run.heartbeatAt === null ? 0 : Date.parse(run.heartbeatAt),
            },
            { host, now, staleAfterMs: STALE_HEARTBEAT_MS, pidExists },
          );
        stored.set(run.id, { status: dead ? 'interrupted' : run.status, pid: run.pid, host: run.host });
      }
    } finally {
      store.close();
    }
  }
  return planReuse(planSweep(experiment.runs, stored, force, restart), reuse, force).map((plan) => {
    if (!plan.train || restart || plan.storedStatus === null || plan.storedStatus === 'finished' || plan.storedStatus === 'diverged') return plan;
    const epoch = checkpointEpoch(checkpointPath(dbPath, plan.run.id));
    return epoch === null ? plan : { ...plan, reason: plan.reason.replace(/\)$/, `; checkpoint after epoch ${epoch})`) };
  });
}

/**
 * Whether `dbPath` has rnnlab's tables yet. An empty file, or one at schema version 0, stores nothing: openStore
 * makes it a database, and another `rnnlab run` on the same file may be doing so right now (it sets WAL mode, then
 * migrates), so a version-0 file here is not refused (checkDatabaseFile already refused another application's).
 */
function holdsRnnlabSchema(dbPath: string): boolean {
  if (!existsSync(dbPath)) return false;
  // Not SQLite, a folder, another application's tables: refused with where and what before this reads it.
  checkDatabaseFile(dbPath, { forWriting: false });
  const db = openForReading(dbPath);
  try {
    return Number(db.pragma('user_version', { simple: true })) > 0;
  } finally {
    db.close();
  }
}

/** The epoch a run's checkpoint was written after (null: none, or unreadable; the worker decides whether it resumes). */
function checkpointEpoch(path: string): number | null {
  if (!existsSync(path)) return null;
  try {
    const epoch = (JSON.parse(readFileSync(path, 'utf8')) as { epoch?: unknown }).epoch;
    return typeof epoch === 'number' && epoch > 0 ? epoch : null;
  } catch {
    return null;
  }
}
