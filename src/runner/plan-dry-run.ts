// What `rnnlab run --dry-run` would do, read without writing: the store opened read-only (if it exists at all).
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { openStore } from '../store/results-store.js';
import { isRunOwnerAlive, pidExists, STALE_HEARTBEAT_MS } from './check-run-owner-alive.js';
import { planSweep, type PlannedRun, type StoredRunState } from './plan-sweep.js';
import type { SweepExperiment } from './run-sweep.js';

/** Plans as runSweep would, treating runs left `running` by a dead process as the reaper would (interrupted). */
export function planDryRun(experiment: SweepExperiment, dbPath: string, force: boolean, restart = false): PlannedRun[] {
  const stored = new Map<string, StoredRunState>();
  if (existsSync(dbPath)) {
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
  return planSweep(experiment.runs, stored, force, restart);
}
