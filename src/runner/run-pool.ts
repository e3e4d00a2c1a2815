// Runs sweep jobs N at a time on worker processes: dispatch, fail-fast, interrupt, and runs lost with their worker.
import { availableParallelism, loadavg } from 'node:os';
import { blasThreadsPerRun, coresFreeForBlas } from './blas-threads-per-run.js';
import type { EpochSummary, JobResult, SweepJob, UpdateProgress, WorkerSettings } from './sweep-job.js';
import type { StartWorker, WorkerChannel } from './worker-channel.js';

export type StopReason = 'interrupted' | 'fail-fast' | 'setup-failed';

export type PoolEvent =
  | { type: 'worker-ready'; worker: number; backend: string }
  | { type: 'run-started'; worker: number; job: SweepJob; totalEpochs: number; notice?: string | null }
  | { type: 'progress'; worker: number; job: SweepJob; progress: UpdateProgress }
  | { type: 'epoch'; worker: number; job: SweepJob; summary: EpochSummary }
  | { type: 'run-done'; worker: number; job: SweepJob; result: JobResult }
  | { type: 'worker-log'; worker: number; line: string }
  | { type: 'stopping'; reason: StopReason };

export interface PoolOptions {
  jobs: SweepJob[];
  /** Worker processes to start (at most one per job). */
  workers: number;
  settings: WorkerSettings;
  startWorker: StartWorker;
  /** Stop every worker after the first failed run. */
  failFast: boolean;
  /** Aborting it stops the sweep: runs in flight end `interrupted`. */
  signal: AbortSignal;
  /** After a stop request, workers still alive this long later are killed. */
  stopTimeoutMs: number;
  /** CPU cores the runs in flight share for their BLAS threads (default: os.availableParallelism()). */
  cores?: number;
  /** The machine's 1-minute load average (default: os.loadavg()[0]); cores other processes keep busy get no BLAS threads. */
  loadAverage?: () => number;
  onEvent(event: PoolEvent): void;
  /** A run whose worker died without reporting its end: the caller records `status` in the store. */
  onLostRun(job: SweepJob, status: 'failed' | 'interrupted', error: string): void;
}

export interface PoolResult {
  /** Every dispatched run's result, by run id. */
  results: Map<string, JobResult>;
  /** Jobs never handed to a worker (the sweep stopped first). */
  notStarted: SweepJob[];
  stopReason: StopReason | null;
  /** Why workers could not start (e.g. an unavailable backend); `userError` = the user can fix it. */
  setupError: { message: string; userError: boolean } | null;
  /** The backend the workers reported, e.g. "wasm". */
  backend: string | null;
}

interface WorkerState {
  index: number;
  channel: WorkerChannel;
  ready: boolean;
  exited: boolean;
  job: SweepJob | null;
  jobStartedAt: number;
  recentLog: string[];
  /** Told `exit`: it will take no more runs. */
  retiring: boolean;
  /** The BLAS thread budget last sent with or for its current run. */
  blasThreads: number;
}

/** Log lines kept per worker to explain a crash. */
const RECENT_LOG_LINES = 20;

export function runPool(options: PoolOptions): Promise<PoolResult> {
  const queue = [...options.jobs];
  const results = new Map<string, JobResult>();
  const workers: WorkerState[] = [];
  let stopReason: StopReason | null = null;
  let setupError: PoolResult['setupError'] = null;
  let backend: string | null = null;
  let killTimer: NodeJS.Timeout | null = null;

  return new Promise((resolvePool) => {
    const settle = (): void => {
      if (workers.some((worker) => !worker.exited)) return;
      if (killTimer) clearTimeout(killTimer);
      options.signal.removeEventListener('abort', onAbort);
      resolvePool({ results, notStarted: queue.splice(0), stopReason, setupError, backend });
    };

    const stop = (reason: StopReason): void => {
      if (stopReason) return;
      stopReason = reason;
      options.onEvent({ type: 'stopping', reason });
      for (const worker of workers) if (!worker.exited) worker.channel.send({ type: 'stop' });
      killTimer = setTimeout(() => {
        for (const worker of workers) if (!worker.exited) worker.channel.kill();
      }, options.stopTimeoutMs);
    };

    const cores = options.cores ?? availableParallelism();
    const loadAverage = options.loadAverage ?? (() => loadavg()[0]);
    // Runs that will be training at once from now on: every worker that takes runs, unless fewer runs are left; they
    // share the cores that other processes leave free.
    const threadBudget = (): number => {
      const busyWorkers = workers.filter((worker) => worker.job !== null);
      const takers = workers.filter((worker) => !worker.exited && !worker.retiring).length;
      const ownThreads = busyWorkers.reduce((sum, worker) => sum + Math.max(1, worker.blasThreads), 0);
      const free = coresFreeForBlas(cores, loadAverage(), ownThreads);
      return blasThreadsPerRun(free, Math.min(takers, busyWorkers.length + queue.length));
    };
    // The tail of a sweep: a run ended and none replaced it, so the runs still training may use its core.
    const rebalance = (): void => {
      const budget = threadBudget();
      for (const worker of workers) {
        if (worker.job === null || worker.exited || worker.blasThreads === budget) continue;
        worker.blasThreads = budget;
        worker.channel.send({ type: 'threads', blasThreads: budget });
      }
    };

    const dispatch = (worker: WorkerState): void => {
      const job = stopReason ? undefined : queue.shift();
      if (!job) {
        worker.retiring = true;
        worker.channel.send({ type: 'exit' });
        if (!stopReason) rebalance();
        return;
      }
      worker.job = job;
      worker.jobStartedAt = Date.now();
      worker.blasThreads = threadBudget();
      worker.channel.send({ type: 'train', job, blasThreads: worker.blasThreads });
    };

    const start = (index: number): void => {
      const channel = options.startWorker();
      const worker: WorkerState = {
        index,
        channel,
        ready: false,
        exited: false,
        job: null,
        jobStartedAt: 0,
        recentLog: [],
        retiring: false,
        blasThreads: 0,
      };
      workers.push(worker);
      channel.onLog((line) => {
        worker.recentLog.push(line);
        if (worker.recentLog.length > RECENT_LOG_LINES) worker.recentLog.shift();
        options.onEvent({ type: 'worker-log', worker: index, line });
      });
      channel.onMessage((message) => {
        switch (message.type) {
          case 'ready':
            worker.ready = true;
            backend ??= message.backend;
            options.onEvent({ type: 'worker-ready', worker: index, backend: message.backend });
            dispatch(worker);
            return;
          case 'setup-failed':
            setupError ??= { message: message.message, userError: message.userError };
            stop('setup-failed');
            return;
          case 'started':
            if (worker.job) {
              options.onEvent({ type: 'run-started', worker: index, job: worker.job, totalEpochs: message.totalEpochs, notice: message.notice ?? null });
            }
            return;
          case 'progress':
            if (worker.job) options.onEvent({ type: 'progress', worker: index, job: worker.job, progress: message.progress });
            return;
          case 'epoch':
            if (worker.job) options.onEvent({ type: 'epoch', worker: index, job: worker.job, summary: message.summary });
            return;
          case 'done': {
            const job = worker.job;
            if (!job || job.runId !== message.runId) return;
            worker.job = null;
            results.set(job.runId, message.result);
            options.onEvent({ type: 'run-done', worker: index, job, result: message.result });
            if (message.result.status === 'failed' && options.failFast) stop('fail-fast');
            dispatch(worker);
            return;
          }
        }
      });
      channel.onExit((code, signal) => {
        worker.exited = true;
        // Ctrl-C reaches workers directly too; one that dies of it before its handlers are installed was interrupted.
        if (signal === 'SIGINT' || signal === 'SIGTERM') stop('interrupted');
        const how = signal ? `signal ${signal}` : `code ${code}`;
        const pid = channel.pid === null ? '' : ` (pid ${channel.pid})`;
        const log = worker.recentLog.length ? `\nits last output:\n${worker.recentLog.join('\n')}` : '';
        if (worker.job) {
          const job = worker.job;
          worker.job = null;
          const status = stopReason ? 'interrupted' : 'failed';
          const error =
            status === 'interrupted'
              ? `worker process${pid} ended by ${how} while stopping the sweep`
              : `worker process${pid} exited unexpectedly with ${how}${log}`;
          const result: JobResult = {
            status,
            error: status === 'failed' ? error : null,
            epochs: 0,
            bestValidPerplexity: null,
            durationMs: Date.now() - worker.jobStartedAt,
          };
          results.set(job.runId, result);
          options.onLostRun(job, status, error);
          options.onEvent({ type: 'run-done', worker: index, job, result });
          if (status === 'failed' && options.failFast) stop('fail-fast');
        } else if (!worker.ready && !stopReason) {
          // Died before it could train anything: starting another would die the same way.
          setupError ??= { message: `worker process${pid} exited during setup with ${how}${log}`, userError: false };
          stop('setup-failed');
        }
        // A worker lost mid-sweep is replaced so the remaining runs still get trained.
        if (worker.ready && !stopReason && queue.length > 0) start(index);
        else if (!stopReason) rebalance();
        settle();
      });
      channel.send({ type: 'init', settings: options.settings });
    };

    const onAbort = (): void => stop('interrupted');
    const count = Math.min(Math.max(1, options.workers), queue.length);
    if (count === 0) return settle();
    if (options.signal.aborted) {
      // Interrupted before any worker started (e.g. while the corpus was being fetched): start none.
      stopReason = 'interrupted';
      return settle();
    }
    for (let index = 0; index < count; index++) start(index);
    options.signal.addEventListener('abort', onAbort);
  });
}
