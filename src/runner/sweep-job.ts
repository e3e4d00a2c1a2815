// What the sweep hands a worker for one run, and what comes back: plain data that crosses process boundaries as JSON.
import type { BackendName, RunConfig } from '../config/run-config.js';

/** One run to train: the expanded grid point plus where its corpus lives (resolved once by the parent). */
export interface SweepJob {
  runId: string;
  config: RunConfig;
  /** The grid values of this run (dotted key → value), for display. */
  params: Record<string, unknown>;
  gridPoint: number;
  /** The corpus directory, located by the parent so workers never race to fetch it. */
  corpusDir: string;
  /** Rerun even if the store says finished (`--force`). */
  force: boolean;
  /** Start from epoch 1 even when a checkpoint could resume the run (`--restart`). */
  restart?: boolean;
}

/** How one run ended, as the worker saw it. `skipped`: another process had claimed it first. */
export type JobStatus = 'finished' | 'failed' | 'diverged' | 'interrupted' | 'skipped';

export interface JobResult {
  status: JobStatus;
  /** Error text for `failed` (the message of a user error, else the stack). */
  error: string | null;
  epochs: number;
  bestValidPerplexity: number | null;
  durationMs: number;
}

/** Settings every worker needs once, before its first job. */
export interface WorkerSettings {
  dbPath: string;
  backend: BackendName;
  packageVersion: string;
  /** Directory for per-run checkpoints (`<db dir>/checkpoints`). */
  checkpointDir: string;
  /** How often a running run's heartbeat is written. */
  heartbeatMs: number;
}

/** The few numbers of an epoch the progress display needs (the full report goes to the store). */
export interface EpochSummary {
  epoch: number;
  totalEpochs: number;
  trainPerplexity: number;
  validPerplexity: number | null;
  tokensPerSec: number;
  durationMs: number;
}

/** Within-epoch progress, sent at most a few times a second. */
export interface UpdateProgress {
  epoch: number;
  totalEpochs: number;
  update: number;
  updatesPerEpoch: number;
  lossNats: number;
}

/** Parent → worker. `stop`: abort the run in progress (it ends `interrupted`) and exit; `exit`: no more work. */
export type ToWorker =
  | { type: 'init'; settings: WorkerSettings }
  | { type: 'train'; job: SweepJob }
  | { type: 'stop' }
  | { type: 'exit' };

/** Worker → parent. */
export type FromWorker =
  | { type: 'ready'; backend: string }
  | { type: 'setup-failed'; message: string; userError: boolean }
  | { type: 'started'; runId: string; totalEpochs: number; notice?: string | null }
  | { type: 'progress'; runId: string; progress: UpdateProgress }
  | { type: 'epoch'; runId: string; summary: EpochSummary }
  | { type: 'done'; runId: string; result: JobResult };
