// The parent's handle on one sweep worker: messages in and out, its log lines, its exit.
import type { FromWorker, ToWorker } from './sweep-job.js';

export interface WorkerChannel {
  /** OS process id, or null for an in-process worker (tests). */
  readonly pid: number | null;
  /** Sends a message; a worker that already exited ignores it. */
  send(message: ToWorker): void;
  onMessage(listener: (message: FromWorker) => void): void;
  /** Lines the worker printed (stdout and stderr). */
  onLog(listener: (line: string) => void): void;
  /** Fires exactly once when the worker is gone. */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  /** Ends the worker at once (SIGKILL): only for workers that ignored a stop request. */
  kill(): void;
}

export type StartWorker = () => WorkerChannel;
