// The real per-worker trainer: one backend and one store connection per worker; per run: claim, corpus, train, record.
import { rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { CorpusConfig } from '../config/run-config.js';
import { UserError } from '../config/user-error.js';
import type { PreparedCorpus } from '../corpus/prepared-corpus.js';
import type { prepareCorpus } from '../corpus/prepare-corpus.js';
import type { initBackend, nativeBlasDescription, setNativeBlasThreads } from '../models/backend.js';
import type { checkRunnable } from '../train/check-runnable.js';
import type { trainRun } from '../train/train-run.js';
import type { EpochReport, TrainingCallbacks, TrainingOutcome } from '../train/training-events.js';
import { formatBlasThreads } from '../kernels/format-blas-config.js';
import { openStore } from '../store/results-store.js';
import type { JobContext, RunTrainer } from './serve-worker.js';
import type { JobResult, SweepJob, WorkerSettings } from './sweep-job.js';
import { findResumePoint } from './find-resume-point.js';
import { totalEpochs } from '../config/total-epochs.js';

/** The text stored for a failed run, a sentence a user reads in `rnnlab show`: a user error's message as is, anything
 *  else as "internal error (…): Name: message" on one line, without its stack (the worker prints that on stderr). */
export function describeFailure(error: unknown): string {
  if (error instanceof UserError) return error.message;
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `internal error (please report it): ${text.split('\n')[0]}`;
}

/** The corpus and training functions a worker calls; the worker entry passes the real ones (tests: doubles). */
export interface TrainingEngine {
  initBackend: typeof initBackend;
  /** The BLAS behind the native backend, recorded with each run (tests may leave it out). */
  nativeBlasDescription?: typeof nativeBlasDescription;
  /** Sets the BLAS threads of the native backend (tests may leave it out). */
  setNativeBlasThreads?: typeof setNativeBlasThreads;
  prepareCorpus: typeof prepareCorpus;
  checkRunnable: typeof checkRunnable;
  trainRun: typeof trainRun;
}

/** Sets up what every run of this worker shares (backend, store connection, prepared corpora). */
export async function createRunTrainer(settings: WorkerSettings, engine: TrainingEngine): Promise<RunTrainer> {
  const { prepareCorpus, checkRunnable, trainRun } = engine;
  const backend = await engine.initBackend(settings.backend);
  // The BLAS threads of the run in progress: its count at the start and later changes, for the run's record.
  let threads: { now: number | null; changes: string[] } = { now: null, changes: [] };
  let epochNow = 0;
  const setBlasThreads = (budget: number): void => {
    const before = threads.now;
    threads.now = engine.setNativeBlasThreads?.(budget) ?? null;
    if (before !== null && threads.now !== null && threads.now !== before) {
      threads.changes.push(`${formatBlasThreads(threads.now)} from epoch ${epochNow + 1}`);
    }
  };
  // Each worker has its own connection: WAL + busy timeout + IMMEDIATE transactions make concurrent writers wait.
  const store = openStore(settings.dbPath);
  const host = hostname();
  const pid = process.pid;
  // Corpora are cheap to keep and slow-ish to prepare: a worker training several grid points reuses them.
  const corpora = new Map<string, PreparedCorpus>();
  const corpusFor = (dir: string, corpus: CorpusConfig, numSteps: number): PreparedCorpus => {
    const key = JSON.stringify([dir, corpus, numSteps]);
    let prepared = corpora.get(key);
    if (prepared === undefined) corpora.set(key, (prepared = prepareCorpus({ dir, corpus, numSteps })));
    return prepared;
  };

  const trainOne = async (job: SweepJob, context: JobContext): Promise<JobResult> => {
    const startedAt = Date.now();
    // setBlasThreads ran just before this (the 'train' message carries the budget): the description has its count.
    const blas = engine.nativeBlasDescription?.() ?? null;
    threads = { now: threads.now, changes: [] };
    epochNow = 0;
    // e.g. "…, 1 thread, then 2 threads from epoch 14" when the sweep's other runs ended during this one.
    const blasAtEnd = (): string | undefined =>
      blas === null || threads.changes.length === 0 ? undefined : `${blas}, then ${threads.changes.join(', then ')}`;
    const checkpointPath = join(settings.checkpointDir, `${job.runId}.json`);
    const resume = findResumePoint({
      checkpointPath,
      config: job.config,
      backend,
      storedStatus: store.findRun(job.runId).status,
      storedEpochs: store.epochs([job.runId]).map((row) => row.epoch),
      restart: job.restart ?? false,
    });
    // Epochs up to the checkpoint's are kept; later ones (stored after it by the attempt that stopped) are dropped.
    const claimed = store.claimRun(job.runId, {
      pid,
      host,
      backend,
      blas,
      packageVersion: settings.packageVersion,
      force: job.force,
      keepEpochsThrough: resume.keepEpochsThrough,
    });
    const result = (status: JobResult['status'], error: string | null, outcome?: TrainingOutcome): JobResult => ({
      status,
      error,
      epochs: outcome?.epochs ?? epochsDone,
      bestValidPerplexity: outcome?.bestValidPerplexity ?? null,
      durationMs: Date.now() - startedAt,
    });
    let epochsDone = resume.keepEpochsThrough;
    if (!claimed) return result('skipped', null);
    // Starting over: an older checkpoint must not outlive the rows it described.
    if (resume.checkpoint === null) rmSync(checkpointPath, { force: true });

    let lastHeartbeatAt = Date.now();
    const beat = (): void => {
      lastHeartbeatAt = Date.now();
      try {
        store.heartbeat(job.runId, pid);
      } catch {
        /* a missed heartbeat is harmless; the next one or the epoch write will do */
      }
    };
    // The timer covers slow set-up; onProgress covers a training loop that keeps the event loop busy.
    const timer = setInterval(beat, settings.heartbeatMs);
    timer.unref(); // never the thing that keeps a worker alive
    const total = totalEpochs(job.config);
    try {
      const config = job.config;
      const corpus = corpusFor(job.corpusDir, config.corpus, total);
      checkRunnable(config, corpus);
      store.setRunVocabulary(job.runId, corpus.vocabulary);
      context.onStarted(total, resume.notice);
      const outcome = await trainRun(
        config,
        corpus,
        {
          onEpoch: (report: EpochReport) => {
            store.recordEpoch(job.runId, report);
            epochsDone = report.epoch;
            epochNow = report.epoch;
            lastHeartbeatAt = Date.now();
            context.onEpoch({
              epoch: report.epoch,
              totalEpochs: total,
              trainPerplexity: report.trainPerplexity,
              validPerplexity: report.validPerplexity,
              tokensPerSec: report.tokensPerSec,
              durationMs: report.durationMs,
            });
          },
          onProgress: (progress: Parameters<NonNullable<TrainingCallbacks['onProgress']>>[0]) => {
            if (Date.now() - lastHeartbeatAt >= settings.heartbeatMs) beat();
            context.onProgress({ ...progress, totalEpochs: total });
          },
        },
        {
          backend,
          checkpointPath,
          signal: context.signal,
          resumeFrom: resume.checkpoint,
        },
      );
      if (context.signal.aborted && outcome.status === 'finished' && outcome.epochs < total) {
        store.finishRun(job.runId, { status: 'interrupted', backend: outcome.backend, blas: blasAtEnd() });
        return result('interrupted', null, outcome);
      }
      store.finishRun(job.runId, { status: outcome.status, backend: outcome.backend, blas: blasAtEnd(), measureSamples: outcome.measureSamples });
      return result(outcome.status, null, outcome);
    } catch (error) {
      const status = context.signal.aborted ? 'interrupted' : 'failed';
      const text = status === 'failed' ? describeFailure(error) : null;
      if (status === 'failed' && !(error instanceof UserError)) {
        process.stderr.write(`rnnlab: run ${job.runId} failed with an internal error:\n${(error as Error)?.stack ?? String(error)}\n`);
      }
      try {
        store.finishRun(job.runId, { status, error: text, blas: blasAtEnd() });
      } catch (storeError) {
        return result('failed', `${text ?? 'interrupted'}\n(and recording it failed: ${describeFailure(storeError)})`);
      }
      return result(status, text);
    } finally {
      clearInterval(timer);
    }
  };

  return { backend, trainOne, setBlasThreads, close: () => store.close() };
}
