// Runs an experiment's grid: register runs, reap dead owners, plan resume, train on worker processes, summarise.
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { makeDirectory } from '../config/make-directory.js';
import { checkpointDir as checkpointDirOf } from '../store/checkpoint-path.js';
import type { BackendName } from '../config/run-config.js';
import { UserError } from '../config/user-error.js';
import { locateCorpus } from '../corpus/locate-corpus.js';
import { prepareBlasEnvironment } from '../kernels/load-native.js';
import { checkDatabaseFile } from '../store/check-database-file.js';
import { openStore, type RunStatus, type RunSummaryRow, type ResultsStore } from '../store/results-store.js';
import { checkSweepRuns } from './check-sweep-runs.js';
import { locateSweepCorpora } from './locate-sweep-corpora.js';
import { planDryRun } from './plan-dry-run.js';
import { isRunOwnerAlive, pidExists, STALE_HEARTBEAT_MS } from './check-run-owner-alive.js';
import { forkWorker } from './fork-worker.js';
import type { ReuseMatch } from './find-reusable-runs.js';
import { planReuse, planSweep, type PlannedRun, type StoredRunState, type SweepRun } from './plan-sweep.js';
import { runPool, type PoolEvent, type PoolResult } from './run-pool.js';
import type { SweepJob } from './sweep-job.js';
import type { StartWorker } from './worker-channel.js';
import { withReusableRuns } from './with-reusable-runs.js';

/** The part of a loaded experiment the sweep needs (structurally config/load-experiment's Experiment). */
export interface SweepExperiment {
  name: string;
  path: string;
  specText: string;
  runs: SweepRun[];
  gridKeys: string[];
}

export type SweepEvent =
  | PoolEvent
  | { type: 'plan'; planned: PlannedRun[]; reaped: string[]; workers: number }
  | { type: 'log'; line: string };

export interface SweepOptions {
  experiment: SweepExperiment;
  dbPath: string;
  /** Worker processes; capped by the number of runs to train. */
  workers: number;
  force: boolean;
  /** Runs that could resume from their checkpoint start over from epoch 1 (`--restart`). */
  restart?: boolean;
  /** Results databases whose finished runs of the same training (and backend) are copied instead of trained (`--reuse`),
   *  first database first. Not with `force`. */
  reuse?: readonly string[];
  failFast: boolean;
  backend: BackendName;
  /** Never download the corpus. */
  offline: boolean;
  /** Where the corpus is looked for when neither corpus.path nor RNNLAB_CORPUS_DIR says (tests; default data/grimm). */
  defaultCorpusDir?: string;
  /** What one run may need at most (default: the machine's memory). */
  memoryLimitBytes?: number;
  /** Abort to stop the sweep (Ctrl-C): runs in flight end `interrupted`. */
  signal: AbortSignal;
  onEvent(event: SweepEvent): void;
  packageVersion: string;
  /** Starts one worker; default forks dist/src/runner/sweep-worker-main.js. Tests inject doubles. */
  startWorker?: StartWorker;
  heartbeatMs?: number;
  /** Cores the runs share for BLAS threads (default: all of this machine's). */
  cores?: number;
  /** The machine's 1-minute load average (default: os.loadavg()[0]): cores others keep busy get no BLAS threads. */
  loadAverage?: () => number;
  staleAfterMs?: number;
  stopTimeoutMs?: number;
}

export interface SweepResult {
  planned: PlannedRun[];
  /** Runs found `running` under a dead process and marked interrupted before planning. */
  reaped: string[];
  pool: PoolResult;
  /** The run_summary rows of this expansion's runs, in grid order, read after the sweep. */
  summaries: RunSummaryRow[];
  /** Final store status of every run of this expansion. */
  statuses: Map<string, RunStatus>;
}

export const DEFAULT_HEARTBEAT_MS = 2000;
export const DEFAULT_STOP_TIMEOUT_MS = 30_000;

/** Reads the stored state of this experiment's runs (for planning; the dry run uses it read-only too). */
export function storedRunStates(store: ResultsStore, experiment: string): Map<string, StoredRunState> {
  return new Map(
    store.listRuns({ experiment }).map((run) => [run.id, { status: run.status, pid: run.pid, host: run.host }]),
  );
}

/**
 * Who writes to the database: this (parent) process registers the experiment and runs, reaps dead owners, and records
 * the end of a run whose worker died without doing so. Each worker, with its own connection, claims its run and writes
 * its vocabulary, heartbeats, epochs and final status. WAL + busy timeout + IMMEDIATE transactions (the store) make
 * the writers wait for each other instead of failing.
 */
export async function runSweep(options: SweepOptions): Promise<SweepResult> {
  const { experiment } = options;
  const log = (line: string): void => options.onEvent({ type: 'log', line });
  // Bad input writes nothing: everything a start can fail on is checked before the database is created or changed.
  // The database file itself (another application's, read-only, …), the databases to reuse runs from, then, for every
  // run this sweep may train (a run left `running` by a dead process included), its corpus and whether it can train.
  checkDatabaseFile(options.dbPath, { forWriting: true });
  return withReusableRuns(options.reuse ?? [], experiment.runs, options.backend, log, (matches) => trainSweep(options, matches));
}

async function trainSweep(options: SweepOptions, reuse: ReadonlyMap<string, ReuseMatch>): Promise<SweepResult> {
  const { experiment } = options;
  const log = (line: string): void => options.onEvent({ type: 'log', line });
  const mayTrain = planDryRun(experiment, options.dbPath, options.force, options.restart ?? false, reuse)
    .filter((plan) => plan.train || plan.storedStatus === 'running')
    .map((plan) => plan.run);
  const corpusDirs = await locateSweepCorpora(mayTrain, {
    offline: options.offline,
    log,
    defaultCorpusDir: options.defaultCorpusDir,
  });
  checkSweepRuns(mayTrain, corpusDirs, { memoryLimitBytes: options.memoryLimitBytes });

  const store = openStore(options.dbPath);
  try {
    store.saveExperiment({ name: experiment.name, specPath: experiment.path, specText: experiment.specText });
    store.registerRuns(
      experiment.name,
      experiment.runs.map((run) => ({ id: run.id, config: run.config, params: run.params, corpusDigest: run.corpusDigest })),
    );
    const host = hostname();
    const staleAfterMs = options.staleAfterMs ?? STALE_HEARTBEAT_MS;
    const reaped = store.reapDeadRuns((owner) =>
      isRunOwnerAlive(owner, { host, now: Date.now(), staleAfterMs, pidExists }),
    );
    let planned = planReuse(
      planSweep(experiment.runs, storedRunStates(store, experiment.name), options.force, options.restart ?? false),
      reuse,
      options.force,
    );
    const toReuse = planned.filter((plan) => plan.reuse !== undefined);
    if (toReuse.length > 0) {
      const copied = new Set(
        store.adoptReusedRuns(
          toReuse.map((plan) => ({
            targetId: plan.run.id,
            source: plan.reuse!.db,
            sourceRunId: plan.reuse!.runId,
            reusedFrom: `run ${plan.reuse!.runId} of ${plan.reuse!.experiment} in ${plan.reuse!.path}`,
          })),
        ),
      );
      const bySource = new Map<string, Set<string>>();
      for (const plan of toReuse) {
        if (!copied.has(plan.run.id)) continue;
        const experiments = bySource.get(plan.reuse!.path) ?? new Set<string>();
        bySource.set(plan.reuse!.path, experiments.add(plan.reuse!.experiment));
      }
      for (const [path, experiments] of bySource) {
        const count = toReuse.filter((plan) => plan.reuse!.path === path && copied.has(plan.run.id)).length;
        log(`reused ${count} finished run${count === 1 ? '' : 's'} of ${[...experiments].join(', ')} from ${path} (same training, same backend)`);
      }
      // A run a concurrent sweep claimed between planning and copying is that sweep's: shown as it is stored now.
      const now = storedRunStates(store, experiment.name);
      planned = planned.map((plan) =>
        plan.reuse === undefined || copied.has(plan.run.id)
          ? plan
          : planSweep([plan.run], now, options.force, options.restart ?? false)[0],
      );
    }
    const toTrain = planned.filter((plan) => plan.train).map((plan) => plan.run);
    const workers = Math.max(0, Math.min(options.workers, toTrain.length));
    options.onEvent({ type: 'plan', planned, reaped, workers });

    // Located once above, so workers never race to fetch the same corpus. A run that only became trainable since
    // (another sweep stopped meanwhile) is located and checked now.
    const unchecked = toTrain.filter((run) => !mayTrain.includes(run));
    if (unchecked.length > 0) {
      const more = await locateSweepCorpora(unchecked, { offline: options.offline, log, defaultCorpusDir: options.defaultCorpusDir });
      for (const [path, dir] of more) corpusDirs.set(path, dir);
      checkSweepRuns(unchecked, corpusDirs, { memoryLimitBytes: options.memoryLimitBytes });
    }
    const checkpointDir = checkpointDirOf(options.dbPath);
    if (toTrain.length > 0) makeDirectory(checkpointDir);
    const jobs: SweepJob[] = toTrain.map((run) => ({
      runId: run.id,
      config: run.config,
      params: run.params,
      gridPoint: run.gridPoint,
      corpusDir: corpusDirs.get(run.config.corpus.path)!,
      force: options.force,
      restart: options.restart ?? false,
    }));

    // Forked workers inherit this process's environment: deciding the OpenBLAS core here spares each its own probe.
    if (options.startWorker === undefined && jobs.length > 0 && (options.backend === 'auto' || options.backend === 'native')) {
      prepareBlasEnvironment();
    }
    const pool = await runPool({
      jobs,
      workers,
      settings: {
        dbPath: resolve(options.dbPath),
        backend: options.backend,
        packageVersion: options.packageVersion,
        checkpointDir,
        heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
      },
      startWorker: options.startWorker ?? (() => forkWorker()),
      failFast: options.failFast,
      signal: options.signal,
      stopTimeoutMs: options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS,
      cores: options.cores,
      loadAverage: options.loadAverage,
      onEvent: options.onEvent,
      onLostRun: (job, status, error) => {
        // The worker died without recording the end of its run; the parent records it so nothing stays `running`.
        const stored = store.findRun(job.runId);
        if (stored.status === 'finished' || stored.status === 'diverged') return;
        store.finishRun(job.runId, { status, error: status === 'failed' ? error : null });
      },
    });
    if (pool.setupError) {
      if (pool.setupError.userError) throw new UserError(pool.setupError.message);
      throw new Error(`rnnlab run: workers could not start:\n${pool.setupError.message}`);
    }

    const ids = new Set(experiment.runs.map((run) => run.id));
    const statuses = new Map(
      store
        .listRuns({ experiment: experiment.name })
        .filter((run) => ids.has(run.id))
        .map((run) => [run.id, run.status] as const),
    );
    const summaryById = new Map(store.runSummaries(experiment.name).map((row) => [row.runId, row]));
    const summaries = experiment.runs.map((run) => summaryById.get(run.id)).filter((row) => row !== undefined);
    return { planned, reaped, pool, summaries, statuses };
  } finally {
    store.close();
  }
}
