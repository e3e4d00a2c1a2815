// Entry point of a sweep worker process (forked by the sweep): the real engine served over process IPC.
import { prepareCorpus } from '../corpus/prepare-corpus.js';
import { initBackend } from '../train/backend.js';
import { checkRunnable } from '../train/check-runnable.js';
import { trainRun } from '../train/train-run.js';
import { createRunTrainer } from './create-run-trainer.js';
import { serveProcessWorker } from './serve-process-worker.js';

await serveProcessWorker((settings) =>
  createRunTrainer(settings, { initBackend, prepareCorpus, checkRunnable, trainRun }),
);
