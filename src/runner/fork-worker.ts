// Starts one sweep worker as a child process (child_process.fork of the compiled worker entry).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import type { FromWorker, ToWorker } from './sweep-job.js';
import type { WorkerChannel } from './worker-channel.js';

/** The compiled entry that production workers run (dist/src/runner/sweep-worker-main.js). */
export const sweepWorkerEntry = fileURLToPath(new URL('./sweep-worker-main.js', import.meta.url));

/** Forks `entry` (a compiled module that calls serveWorker on process IPC). */
export function forkWorker(entry: string = sweepWorkerEntry): WorkerChannel {
  const child = fork(entry, [], {
    // stdout/stderr piped so their lines are shown above the progress display instead of tearing it.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // Structured clone, not JSON: NaN and Infinity metrics must survive the trip.
    serialization: 'advanced',
    execArgv: ['--enable-source-maps'],
  });
  const logListeners: ((line: string) => void)[] = [];
  const forwardLines = (stream: Readable | null): void => {
    if (!stream) return;
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) for (const listener of logListeners) listener(line);
    });
    stream.on('end', () => {
      if (pending) for (const listener of logListeners) listener(pending);
      pending = '';
    });
  };
  forwardLines(child.stdout);
  forwardLines(child.stderr);
  // A failed send (worker already gone) surfaces as an 'error' event; the exit handler deals with the worker.
  child.on('error', () => {});
  return {
    pid: child.pid ?? null,
    send(message: ToWorker) {
      if (!child.connected) return;
      child.send(message, (error) => void error);
    },
    onMessage(listener) {
      child.on('message', (message) => listener(message as FromWorker));
    },
    onLog(listener) {
      logListeners.push(listener);
    },
    onExit(listener) {
      // 'close' (not 'exit') so the last log lines have been read when the listener runs.
      child.once('close', (code, signal) => listener(code, signal));
    },
    kill() {
      child.kill('SIGKILL');
    },
  };
}
