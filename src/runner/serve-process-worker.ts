// Runs serveWorker over this process's IPC channel; the parent vanishing or SIGINT/SIGTERM stops the run in progress.
import type { FromWorker, ToWorker } from './sweep-job.js';
import { serveWorker, type CreateRunTrainer, type WorkerPort } from './serve-worker.js';

/** For worker entry files (production and test doubles): serves until told to exit, then ends the process. */
export async function serveProcessWorker(createTrainer: CreateRunTrainer): Promise<void> {
  if (!process.send) throw new Error('a sweep worker must be started by the sweep (child_process.fork)');
  // Output goes to a pipe the parent reads; once the parent is gone a write must not kill the worker before it
  // has recorded its run as interrupted.
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
  const shutdownListeners: (() => void)[] = [];
  const shutdown = (): void => {
    for (const listener of shutdownListeners) listener();
  };
  // Ctrl-C reaches the whole process group: the worker stops its run cleanly instead of dying mid-write.
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  // The parent died (even by SIGKILL): stop rather than train on as an orphan.
  process.on('disconnect', shutdown);
  let pendingSends = 0;
  const port: WorkerPort = {
    send: (message: FromWorker) => {
      if (!process.connected) return;
      pendingSends++;
      process.send!(message, undefined, {}, () => void pendingSends--);
    },
    onMessage: (listener) => process.on('message', (message) => listener(message as ToWorker)),
    onShutdown: (listener) => shutdownListeners.push(listener),
  };
  await serveWorker(port, createTrainer);
  // The last messages (the final 'done') must reach the parent before the process ends.
  const deadline = Date.now() + 2000;
  while (pendingSends > 0 && process.connected && Date.now() < deadline) {
    await new Promise((resolveWait) => setTimeout(resolveWait, 10));
  }
  // Node would stay alive while the IPC channel is open; the worker's work is done.
  if (process.connected) process.disconnect();
  process.exit(0);
}
