// Plain-data fixtures for results-store tests: a tiny resolved run config and epoch reports.
import type { RunConfig } from '../../src/config/run-config.js';
import type { EpochReport } from '../../src/train/training-events.js';

/** A small, fully resolved run config (values shaped like the book's, sizes tiny). */
export function tinyRunConfig(seed: number, model: Partial<RunConfig['model']> = {}): RunConfig {
  return {
    corpus: {
      path: null,
      documents: 3,
      vocabulary_documents: 3,
      ngram: 2,
      min_count: 1,
      validation: { rule: 'fraction', fraction: 0.1, stream: 'per_document' },
      test: null,
      layout: 'book',
    },
    model: {
      type: 'rnn',
      hidden: 8,
      context: 4,
      alpha: 0.95,
      learn_alpha: false,
      activation: 'tanh',
      variant: 'book',
      layers: [8],
      bias: false,
      init_std: 0.02,
      forget_bias: 1,
      ...model,
    },
    train: {
      num_unroll: 5,
      batch_size: 4,
      optimizer: 'adam',
      learning_rate: 0.001,
      clip_norm: 5,
      schedule: 'epochs',
      num_steps: 2,
      docs_per_step: 1,
      updates_per_document: 2,
      tokens_per_step: null,
      epochs: 2,
      state_reset: 'document',
      validate_every: 1,
    },
    generation: {
      length: 10,
      segments: 1,
      decoding: 'greedy',
      temperature: 1,
      top_k: 5,
      reset: 'zeros',
      noise_std: 0.01,
      seed_text: null,
      measure: null,
    },
    seed,
  };
}

/** An epoch report; validation perplexity given, losses derived from it (ln ppl), no documents or samples. */
export function epochReport(epoch: number, validPerplexity: number | null, extra: Partial<EpochReport> = {}): EpochReport {
  return {
    epoch,
    trainLossNats: 2,
    trainPerplexity: Math.exp(2),
    validLossNats: validPerplexity === null ? null : Math.log(validPerplexity),
    validPerplexity,
    tokensPerSec: 1000,
    durationMs: 250,
    documents: [],
    samples: [],
    ...extra,
  };
}
