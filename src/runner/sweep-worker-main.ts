// Entry point of a sweep worker process (forked by the sweep): wires process IPC and signals to serveWorker.
import { createRunTrainer } from './create-run-trainer.js';
import { serveProcessWorker } from './serve-process-worker.js';

await serveProcessWorker(createRunTrainer);
