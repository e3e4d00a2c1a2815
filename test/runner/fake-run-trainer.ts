// TEST DOUBLE: a RunTrainer that trains nothing; each run follows a script (epochs, fail, diverge, crash, hang).
import type { CreateRunTrainer, JobContext, RunTrainer } from '../../src/runner/serve-worker.js';
import type { JobResult, SweepJob } from '../../src/runner/sweep-job.js';

export interface FakeRunScript {
  epochs: number;
  /** Throw this error message during this epoch. */
  failAt?: { epoch: number; message: string };
  /** The loss becomes NaN at this epoch: report it and stop as diverged. */
  divergeAt?: number;
  /** The worker process dies during this epoch (the in-memory worker simulates the exit). */
  crashAt?: number;
  /** Ignore the abort signal (a stuck worker the pool must kill). */
  ignoreAbort?: boolean;
}

export interface FakeTrainerLog {
  /** Run ids in the order trainOne was entered. */
  started: string[];
  /** Highest number of runs in flight at once, across all fake workers sharing this log. */
  maxConcurrent: number;
  inFlight: number;
  /** Every BLAS thread budget a worker got: `run` is the run in progress then, null between runs. */
  blasThreads: { run: string | null; threads: number }[];
}

export function newFakeTrainerLog(): FakeTrainerLog {
  return { started: [], maxConcurrent: 0, inFlight: 0, blasThreads: [] };
}

const sleep = (ms: number): Promise<void> => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

/**
 * A CreateRunTrainer whose runs follow `scripts[runId]` (default: `defaultEpochs` clean epochs).
 * `crash` is called when a script says the worker dies.
 */
export function fakeRunTrainer(options: {
  scripts?: Record<string, FakeRunScript>;
  defaultEpochs?: number;
  epochMs: number;
  log: FakeTrainerLog;
  setupError?: Error;
  crash?: () => void;
}): CreateRunTrainer {
  return async () => {
    if (options.setupError) throw options.setupError;
    let current: string | null = null;
    const trainer: RunTrainer = {
      backend: 'fake',
      close: () => {},
      setBlasThreads: (threads) => void options.log.blasThreads.push({ run: current, threads }),
      async trainOne(job: SweepJob, context: JobContext): Promise<JobResult> {
        const script = options.scripts?.[job.runId] ?? { epochs: options.defaultEpochs ?? 2 };
        const log = options.log;
        log.started.push(job.runId);
        current = job.runId;
        log.inFlight++;
        log.maxConcurrent = Math.max(log.maxConcurrent, log.inFlight);
        const result = (status: JobResult['status'], epochs: number, error: string | null = null): JobResult => {
          current = null;
          log.inFlight--;
          return { status, error, epochs, bestValidPerplexity: null, durationMs: 0 };
        };
        context.onStarted(script.epochs);
        for (let epoch = 1; epoch <= script.epochs; epoch++) {
          context.onProgress({ epoch, totalEpochs: script.epochs, update: 1, updatesPerEpoch: 2, lossNats: 1 });
          await sleep(options.epochMs);
          if (script.crashAt === epoch) {
            options.crash?.();
            return new Promise<JobResult>(() => {});
          }
          if (context.signal.aborted && !script.ignoreAbort) return result('interrupted', epoch - 1);
          if (script.failAt?.epoch === epoch) return result('failed', epoch - 1, script.failAt.message);
          const diverged = script.divergeAt === epoch;
          context.onEpoch({
            epoch,
            totalEpochs: script.epochs,
            trainPerplexity: diverged ? NaN : 10 / epoch,
            validPerplexity: diverged ? NaN : 12 / epoch,
            tokensPerSec: 1000,
            durationMs: options.epochMs,
          });
          if (diverged) return result('diverged', epoch);
        }
        if (script.ignoreAbort) return new Promise<JobResult>(() => {});
        return result('finished', script.epochs);
      },
    };
    return trainer;
  };
}
