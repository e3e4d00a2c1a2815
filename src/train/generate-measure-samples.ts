// Samples for text measures (generation.measure): many per checkpoint and decoding, each from its own book-rule seed.
import type { MeasureConfig } from '../config/run-config.js';
import type { TokenDocument, Vocabulary } from '../corpus/prepared-corpus.js';
import { zeroState, type RecurrentModel } from '../models/recurrent-model.js';
import { createSeededRandom } from '../models/seeded-random.js';
import { restoreWeights, type StoredWeights } from './checkpoint.js';
import { drawSeedToken } from './draw-seed-token.js';
import { formatTokens, generateTokens } from './generate-text.js';
import type { MeasureSample } from './training-events.js';

/** The weights to generate from: `final` is what the model holds on entry; `best` is null when no epoch validated
 *  to a finite perplexity (then no best samples are generated). */
export interface MeasureWeights {
  final: { epoch: number };
  best: { epoch: number; weights: StoredWeights } | null;
}

/** The random stream of the seed texts: its own, so the run's training and display samples are the same with and
 *  without generation.measure. */
export const MEASURE_SEED_STREAM = 'measure-samples';

/** The stream a sampled decoding draws from at one checkpoint: one per pair, so e.g. adding `top_k` or dropping
 *  `best` leaves the other pairs' samples as they were. */
export function measureDecodingStream(checkpoint: 'best' | 'final', decoding: MeasureConfig['decodings'][number]): string {
  return `${MEASURE_SEED_STREAM}/${checkpoint}/${decoding}`;
}

/**
 * measure.samples seed texts (one token each, drawn as the book draws its seed from `seedDocuments`), the same ones
 * for every checkpoint and decoding so they compare pairwise; then for each checkpoint of measure.at and each
 * decoding, one sample of measure.length tokens per seed text, every one from a zero state. The final weights go
 * first, then the model is given the best ones (it holds those afterwards). `between` is awaited after each sample
 * (the caller's chance to heartbeat or stop).
 */
export async function generateMeasureSamples(
  model: RecurrentModel,
  measure: MeasureConfig,
  seedDocuments: readonly TokenDocument[],
  vocabulary: Vocabulary,
  runSeed: number,
  weights: MeasureWeights,
  between: () => Promise<void> = async () => {},
): Promise<MeasureSample[]> {
  const seedRandom = createSeededRandom(runSeed, MEASURE_SEED_STREAM);
  const seeds = Array.from({ length: measure.samples }, () => drawSeedToken(seedDocuments, seedRandom));
  const samples: MeasureSample[] = [];
  const state = zeroState(model.stateSizes, 1); // generateTokens never changes or disposes it
  try {
    for (const checkpoint of ['final', 'best'] as const) {
      if (!measure.at.includes(checkpoint)) continue;
      const at = checkpoint === 'final' ? weights.final : weights.best;
      if (at === null) continue;
      if (checkpoint === 'best') restoreWeights(model, weights.best!.weights, 'the best checkpoint');
      for (const decoding of measure.decodings) {
        const random = createSeededRandom(runSeed, measureDecodingStream(checkpoint, decoding));
        for (const [sampleIndex, seed] of seeds.entries()) {
          const ids = generateTokens(model, seed, state, {
            length: measure.length,
            decoding,
            temperature: measure.temperature,
            topK: measure.top_k,
            random,
          });
          samples.push({
            checkpoint,
            epoch: at.epoch,
            decoding,
            sampleIndex,
            seedText: formatTokens(seed, vocabulary),
            text: formatTokens(ids, vocabulary),
          });
          await between();
        }
      }
    }
  } finally {
    state.forEach((t) => t.dispose());
  }
  return samples;
}
