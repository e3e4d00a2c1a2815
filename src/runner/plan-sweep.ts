// Decides, for each run of an expanded grid, whether this sweep trains it or skips it (resume semantics).
import type { RunConfig } from '../config/run-config.js';
import type { RunStatus } from '../store/results-store.js';
import type { ReuseMatch } from './find-reusable-runs.js';

/** The part of an expanded run the sweep needs (structurally config/load-experiment's ExpandedRun). */
export interface SweepRun {
  id: string;
  /** The digest of the corpus files the run reads (part of its id; stored with it). */
  corpusDigest?: string;
  config: RunConfig;
  params: Record<string, unknown>;
  gridPoint: number;
}

/** What the store knows about a run already registered. */
export interface StoredRunState {
  status: RunStatus;
  pid: number | null;
  host: string | null;
}

export interface PlannedRun {
  run: SweepRun;
  /** Status in the store before this sweep, null if never registered. */
  storedStatus: RunStatus | null;
  train: boolean;
  /** Why it is trained or skipped, for --dry-run and the log. */
  reason: string;
  /** Set when the run is not trained because a finished copy is copied in instead (--reuse). */
  reuse?: ReuseMatch;
}

/**
 * Resume is the default: finished and diverged runs are kept (a diverged run is a result, not an accident),
 * queued/failed/interrupted ones are (re)trained, from their checkpoint when they have one (the worker decides);
 * `restart` says they start over from epoch 1 instead. `force` retrains finished and diverged runs too (from scratch).
 * A run still `running` here belongs to a live process (dead owners were reaped before) and is never taken over.
 */
export function planSweep(
  runs: readonly SweepRun[],
  stored: ReadonlyMap<string, StoredRunState>,
  force: boolean,
  restart = false,
): PlannedRun[] {
  const again = restart ? 'restart (--restart; ' : 'retry (';
  return runs.map((run) => {
    const state = stored.get(run.id);
    if (state === undefined) return { run, storedStatus: null, train: true, reason: 'new' };
    const storedStatus = state.status;
    switch (state.status) {
      case 'queued':
        return { run, storedStatus, train: true, reason: 'queued' };
      case 'failed':
        return { run, storedStatus, train: true, reason: `${again}failed before)` };
      case 'interrupted':
        return { run, storedStatus, train: true, reason: `${again}interrupted before)` };
      case 'finished':
      case 'diverged':
        return force
          ? { run, storedStatus, train: true, reason: `rerun (--force; was ${state.status})` }
          : { run, storedStatus, train: false, reason: `skip (${state.status})` };
      case 'running':
        return {
          run,
          storedStatus,
          train: false,
          reason: `skip (running in process ${state.pid ?? '?'} on ${state.host ?? '?'})`,
        };
    }
  });
}

/**
 * The runs a sweep would train that a finished copy elsewhere can stand for (--reuse) are copied instead. Not under
 * --force, which asks for training.
 */
export function planReuse(planned: readonly PlannedRun[], matches: ReadonlyMap<string, ReuseMatch>, force: boolean): PlannedRun[] {
  if (force) return [...planned];
  return planned.map((plan) => {
    const reuse = plan.train ? matches.get(plan.run.id) : undefined;
    if (reuse === undefined) return plan;
    return { ...plan, train: false, reuse, reason: `reuse (${reuse.status} as run ${reuse.runId} of ${reuse.experiment} in ${reuse.path})` };
  });
}
