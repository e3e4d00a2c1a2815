// A sweep worker's life: wait for settings, set up a trainer once, train the runs the parent sends, stop on request.
import type {
  EpochSummary,
  FromWorker,
  JobResult,
  SweepJob,
  ToWorker,
  UpdateProgress,
  WorkerSettings,
} from './sweep-job.js';

/** How a worker talks to its parent: process IPC in production, an in-memory pair in tests. */
export interface WorkerPort {
  send(message: FromWorker): void;
  onMessage(listener: (message: ToWorker) => void): void;
  /** The parent is gone (IPC disconnected) or the worker got SIGINT/SIGTERM: finish the run as interrupted and leave. */
  onShutdown(listener: () => void): void;
}

/** What a run's trainer reports while it works; the worker forwards it to the parent. */
export interface JobContext {
  signal: AbortSignal;
  /** `notice`: one line for the user about how the run starts (resumed after epoch N, or why not). */
  onStarted(totalEpochs: number, notice?: string | null): void;
  onProgress(progress: UpdateProgress): void;
  onEpoch(summary: EpochSummary): void;
}

/** Trains one run end to end (claim, train, record, finish); never throws for a run's own failure. */
export interface RunTrainer {
  /** The backend actually in use, e.g. "wasm". */
  backend: string;
  trainOne(job: SweepJob, context: JobContext): Promise<JobResult>;
  close(): void;
}

export type CreateRunTrainer = (settings: WorkerSettings) => Promise<RunTrainer>;

/** Minimum time between two progress messages: the parent redraws at most this often anyway. */
const PROGRESS_INTERVAL_MS = 200;

/** Serves one parent until it says exit or stop (or disappears); resolves when the worker may exit. */
export function serveWorker(port: WorkerPort, createTrainer: CreateRunTrainer): Promise<void> {
  return new Promise((resolveServe) => {
    let trainer: RunTrainer | null = null;
    let settingUp = false;
    let current: AbortController | null = null;
    let stopping = false;
    let finished = false;

    const send = (message: FromWorker): void => {
      // After the parent is gone every send fails; the store still gets the run's final status.
      try {
        port.send(message);
      } catch {
        /* parent gone */
      }
    };

    const finish = (): void => {
      if (finished) return;
      finished = true;
      try {
        trainer?.close();
      } finally {
        resolveServe();
      }
    };

    const stop = (): void => {
      stopping = true;
      if (current) current.abort();
      else if (!settingUp) finish();
    };

    const train = async (job: SweepJob): Promise<void> => {
      if (!trainer || current) throw new Error(`worker: got run ${job.runId} while not idle`);
      const controller = new AbortController();
      current = controller;
      let lastProgressAt = 0;
      const result = await trainer.trainOne(job, {
        signal: controller.signal,
        onStarted: (totalEpochs, notice) => send({ type: 'started', runId: job.runId, totalEpochs, notice: notice ?? null }),
        onProgress: (progress) => {
          const now = Date.now();
          if (now - lastProgressAt < PROGRESS_INTERVAL_MS) return;
          lastProgressAt = now;
          send({ type: 'progress', runId: job.runId, progress });
        },
        onEpoch: (summary) => send({ type: 'epoch', runId: job.runId, summary }),
      });
      current = null;
      send({ type: 'done', runId: job.runId, result });
      if (stopping) finish();
    };

    port.onShutdown(stop);
    port.onMessage((message) => {
      switch (message.type) {
        case 'init':
          if (trainer || settingUp) return;
          settingUp = true;
          createTrainer(message.settings).then(
            (created) => {
              trainer = created;
              settingUp = false;
              if (stopping) return finish();
              send({ type: 'ready', backend: created.backend });
            },
            (error: unknown) => {
              settingUp = false;
              const userError = (error as Error)?.name === 'UserError';
              const text = userError ? (error as Error).message : ((error as Error)?.stack ?? String(error));
              send({ type: 'setup-failed', message: text, userError });
              finish();
            },
          );
          return;
        case 'train':
          if (stopping) return;
          train(message.job).catch((error: unknown) => {
            // trainOne records its own failures; reaching here is a bug in the worker itself.
            current = null;
            send({
              type: 'done',
              runId: message.job.runId,
              result: {
                status: 'failed',
                error: (error as Error)?.stack ?? String(error),
                epochs: 0,
                bestValidPerplexity: null,
                durationMs: 0,
              },
            });
            finish();
          });
          return;
        case 'stop':
          stop();
          return;
        case 'exit':
          stopping = true;
          if (!current && !settingUp) finish();
          return;
      }
    });
  });
}
