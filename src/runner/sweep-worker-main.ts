// Entry point of a sweep worker process (forked by the sweep): the real engine served over process IPC.
import { createRunTrainer } from './create-run-trainer.js';
import { serveProcessWorker } from './serve-process-worker.js';

await serveProcessWorker(async (settings) => {
  // Imported only now, after the signal and disconnect handlers are in place: loading tfjs takes a while, and a
  // Ctrl-C during it must stop the worker cleanly rather than kill it.
  const [{ prepareCorpus }, { initBackend, nativeBlasDescription, setNativeBlasThreads }, { checkRunnable }, { trainRun }] = await Promise.all([
    import('../corpus/prepare-corpus.js'),
    import('../models/backend.js'),
    import('../train/check-runnable.js'),
    import('../train/train-run.js'),
  ]);
  return createRunTrainer(settings, {
    initBackend,
    nativeBlasDescription,
    setNativeBlasThreads,
    prepareCorpus,
    checkRunnable,
    trainRun,
  });
});
