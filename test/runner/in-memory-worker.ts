// TEST DOUBLE: a sweep worker served in this process over an in-memory channel (same messages as fork IPC).
import { serveWorker, type CreateRunTrainer, type WorkerPort } from '../../src/runner/serve-worker.js';
import type { FromWorker, ToWorker } from '../../src/runner/sweep-job.js';
import type { WorkerChannel } from '../../src/runner/worker-channel.js';

/** Starts serveWorker in-process; `makeTrainer(crash)` gets a function that simulates the worker process dying. */
export function startInMemoryWorker(makeTrainer: (crash: () => void) => CreateRunTrainer): WorkerChannel {
  const toWorker: ((message: ToWorker) => void)[] = [];
  const fromWorker: ((message: FromWorker) => void)[] = [];
  const exitListeners: ((code: number | null, signal: string | null) => void)[] = [];
  let exited = false;
  let exitReported = false;
  const reportExit = (code: number | null, signal: string | null): void => {
    exited = true;
    if (exitReported) return;
    exitReported = true;
    exitListeners.forEach((listener) => listener(code, signal));
  };
  // A crash or kill drops messages still in flight; a clean exit comes after them, as with a real process.
  const exit = (code: number | null, signal: string | null): void => {
    if (signal || code !== 0) {
      exited = true;
      setImmediate(() => reportExit(code, signal));
    } else setImmediate(() => reportExit(code, signal));
  };
  // Asynchronous delivery of cloned messages, as over IPC with structured clone.
  const deliver = <T>(listeners: ((message: T) => void)[], message: T): void => {
    setImmediate(() => {
      if (!exited) listeners.forEach((listener) => listener(structuredClone(message)));
    });
  };
  const port: WorkerPort = {
    send: (message) => deliver(fromWorker, message),
    onMessage: (listener) => toWorker.push(listener),
    onShutdown: () => {},
  };
  void serveWorker(port, makeTrainer(() => exit(1, null))).then(() => exit(0, null));
  return {
    pid: null,
    send: (message) => deliver(toWorker, message),
    onMessage: (listener) => fromWorker.push(listener),
    onLog: () => {},
    onExit: (listener) => exitListeners.push(listener),
    kill: () => exit(null, 'SIGKILL'),
  };
}
