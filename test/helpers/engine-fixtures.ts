// Fixtures for the training-engine tests: a book-like RunConfig and hand-built PreparedCorpus objects.
import type { ModelConfig, RunConfig } from '../../src/config/run-config.js';
import type { PreparedCorpus, TokenDocument } from '../../src/corpus/prepared-corpus.js';

/** The book's chapter-6 settings, scaled by `overrides` (deep-merged one level). */
export function bookRunConfig(overrides: {
  corpus?: Partial<RunConfig['corpus']>;
  model?: Partial<ModelConfig>;
  train?: Partial<RunConfig['train']>;
  generation?: Partial<RunConfig['generation']>;
  seed?: number;
} = {}): RunConfig {
  return {
    corpus: {
      path: null,
      documents: 20,
      vocabulary_documents: 100,
      ngram: 2,
      min_count: 10,
      validation: { rule: 'book', documents: 10, tokens_per_document: 100, stream: 'per_document' },
      test: null,
      layout: 'book',
      ...overrides.corpus,
    },
    model: {
      type: 'rnn',
      hidden: 64,
      context: 64,
      alpha: 0.9,
      learn_alpha: false,
      activation: 'tanh',
      variant: 'book',
      layers: [128, 64, 32],
      bias: false,
      init_std: 0.02,
      forget_bias: 1,
      ...overrides.model,
    },
    train: {
      num_unroll: 50,
      batch_size: 64,
      optimizer: 'adam',
      learning_rate: 0.001,
      clip_norm: 5,
      schedule: 'book',
      num_steps: 26,
      docs_per_step: 5,
      updates_per_document: 100,
      tokens_per_step: null,
      epochs: 1,
      state_reset: 'document',
      validate_every: 1,
      ...overrides.train,
    },
    generation: {
      length: 1000,
      segments: 1,
      decoding: 'greedy',
      temperature: 1,
      top_k: 5,
      reset: 'noise',
      noise_std: 0.01,
      seed_text: null,
      measure: null,
      ...overrides.generation,
    },
    seed: overrides.seed ?? 1,
  };
}

/** A corpus over single-character tokens "a", "b", … (id 0 = UNK) made from id arrays. */
export function handCorpus(options: {
  vocabSize: number;
  train: number[][];
  validation: number[][];
  predictions?: number[];
}): PreparedCorpus {
  const tokens = ['UNK', ...Array.from({ length: options.vocabSize - 1 }, (_, i) => String.fromCharCode(97 + (i % 26)) + (i >= 26 ? String(i) : ''))];
  const docs = (lists: number[][], prefix: string): TokenDocument[] =>
    lists.map((ids, i) => ({ name: `${prefix}${String(i + 1).padStart(3, '0')}.txt`, tokens: Int32Array.from(ids) }));
  const train = docs(options.train, '');
  const validation = docs(options.validation, '');
  return {
    vocabulary: { ngram: 1, tokens, counts: tokens.map(() => 1) },
    train,
    validation,
    validationPredictions: options.predictions ?? validation.map((d) => d.tokens.length - 1),
    seedDocuments: train,
  };
}

/** A cyclic sequence 1, 2, …, period, 1, 2, … of `length` ids. */
export function periodicIds(period: number, length: number, offset = 0): number[] {
  return Array.from({ length }, (_, i) => 1 + ((i + offset) % period));
}
