// TEST DOUBLE: a TrainingEngine whose trainRun only pretends (no tfjs): epochs take a few ms and report made-up numbers.
// Behaviour is read from the run config: learning_rate ≥ 1e6 → the loss turns NaN at epoch 2 (diverged);
// model.hidden === 13 → throws "boom" in epoch 1; model.hidden === 99 → the worker process dies (via `crash`).
import { prepareCorpus } from '../../src/corpus/prepare-corpus.js';
import type { TrainingEngine } from '../../src/runner/create-run-trainer.js';
import type { EpochReport, TrainingCallbacks, TrainingOutcome } from '../../src/train/training-events.js';
import type { RunConfig } from '../../src/config/run-config.js';
import type { PreparedCorpus } from '../../src/corpus/prepared-corpus.js';

export const FAKE_EPOCH_MS = 15;

const sleep = (ms: number): Promise<void> => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

/** `blas`: the engine reports a BLAS ("fake BLAS, N threads") whose thread count the sweep sets, as native does. */
export function fakeTrainingEngine(options: { crash?: () => void; epochMs?: number; blas?: boolean } = {}): TrainingEngine {
  let threads = 1;
  const blas = options.blas
    ? {
        nativeBlasDescription: () => `fake BLAS, ${threads} thread${threads === 1 ? '' : 's'}`,
        setNativeBlasThreads: (budget: number) => (threads = budget),
      }
    : {};
  return {
    ...blas,
    initBackend: async () => 'fake',
    prepareCorpus,
    checkRunnable: () => {},
    trainRun: async (
      config: RunConfig,
      _corpus: PreparedCorpus,
      callbacks: TrainingCallbacks,
      runOptions: { signal?: AbortSignal },
    ): Promise<TrainingOutcome> => {
      const epochs = config.train.schedule === 'book' ? config.train.num_steps : config.train.epochs;
      let best: { epoch: number; ppl: number } | null = null;
      for (let epoch = 1; epoch <= epochs; epoch++) {
        for (let update = 1; update <= 2; update++) {
          if (runOptions.signal?.aborted) throw new Error('aborted');
          callbacks.onProgress?.({ epoch, update, updatesPerEpoch: 2, lossNats: 2 });
          await sleep((options.epochMs ?? FAKE_EPOCH_MS) / 2);
        }
        if (config.model.hidden === 13) throw new Error('boom');
        if (config.model.hidden === 99) {
          options.crash?.();
          await new Promise(() => {});
        }
        const diverged = config.train.learning_rate >= 1e6 && epoch === 2;
        const lossNats = diverged ? NaN : 3 / epoch + config.seed / 100;
        const report: EpochReport = {
          epoch,
          trainLossNats: lossNats,
          trainPerplexity: Math.exp(lossNats),
          validLossNats: lossNats + 0.1,
          validPerplexity: Math.exp(lossNats + 0.1),
          tokensPerSec: 1000,
          durationMs: options.epochMs ?? FAKE_EPOCH_MS,
          documents: [],
          samples: [{ seedText: 'th', decoding: 'greedy', text: `sample ${epoch}` }],
        };
        await callbacks.onEpoch(report);
        if (!diverged && (best === null || report.validPerplexity! < best.ppl)) best = { epoch, ppl: report.validPerplexity! };
        if (diverged) {
          return { status: 'diverged', epochs: epoch, backend: 'fake', bestEpoch: best?.epoch ?? null, bestValidPerplexity: best?.ppl ?? null };
        }
      }
      return { status: 'finished', epochs, backend: 'fake', bestEpoch: best?.epoch ?? null, bestValidPerplexity: best?.ppl ?? null };
    },
  };
}
