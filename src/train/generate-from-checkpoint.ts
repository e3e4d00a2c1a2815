// Generates text from a saved checkpoint (the `rnnlab generate` command's engine).
import type { GenerationConfig } from '../config/run-config.js';
import { UserError } from '../config/user-error.js';
import { buildModel, disposeModel } from '../models/build-model.js';
import { zeroState } from '../models/recurrent-model.js';
import { createSeededRandom } from '../models/seeded-random.js';
import type { Checkpoint } from './checkpoint.js';
import { restoreWeights } from './checkpoint.js';
import { encodeSeedText, formatTokens, generateTokens } from './generate-text.js';
import type { GeneratedSample } from './training-events.js';

export interface GenerateOptions {
  /** `best` (best validation perplexity; falls back to final when the run never validated) or `final`. */
  weights: 'best' | 'final';
  length: number;
  decoding: GenerationConfig['decoding'];
  temperature: number;
  topK: number;
  /** Seed text; null = the run's generation.seed_text, else a random vocabulary token (UNK excluded). */
  seedText: string | null;
  /** Seed of the random draws (seed token, sampling). */
  seed: number;
}

/** One sample from a zero state; `source` names the checkpoint file in errors. */
export function generateFromCheckpoint(checkpoint: Checkpoint, options: GenerateOptions, source: string): GeneratedSample {
  const vocabulary = checkpoint.vocabulary;
  const random = createSeededRandom(options.seed, 'generate');
  const text = options.seedText ?? checkpoint.config.generation.seed_text;
  let seed: Int32Array;
  if (text !== null) {
    seed = encodeSeedText(text, vocabulary);
    if (seed.length === 0) {
      throw new UserError(`--seed-text: "${text}" is shorter than one token (${vocabulary.ngram} characters)`);
    }
  } else {
    seed = Int32Array.of(1 + random.int(vocabulary.tokens.length - 1));
  }
  const weights = options.weights === 'best' ? (checkpoint.best ?? checkpoint.final) : checkpoint.final;
  const model = buildModel(checkpoint.config.model, vocabulary.tokens.length, createSeededRandom(0, 'unused'));
  const state = zeroState(model.stateSizes, 1);
  try {
    restoreWeights(model, weights, source);
    const ids = generateTokens(model, seed, state, {
      length: options.length,
      decoding: options.decoding,
      temperature: options.temperature,
      topK: options.topK,
      random,
    });
    return { seedText: text ?? formatTokens(seed, vocabulary), decoding: options.decoding, text: formatTokens(ids, vocabulary) };
  } finally {
    state.forEach((t) => t.dispose());
    disposeModel(model);
  }
}
