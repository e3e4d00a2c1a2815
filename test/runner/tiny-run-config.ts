// A complete, tiny RunConfig for runner tests (a handful of updates on a few short documents).
import type { RunConfig } from '../../src/config/run-config.js';

export function tinyRunConfig(overrides: { seed?: number; type?: RunConfig['model']['type'] } = {}): RunConfig {
  return {
    corpus: {
      path: null,
      documents: 3,
      vocabulary_documents: 3,
      ngram: 2,
      min_count: 0,
      validation: { rule: 'fraction', fraction: 0.2, stream: 'per_document' },
      test: null,
      layout: 'book',
    },
    model: {
      type: overrides.type ?? 'rnn',
      hidden: 8,
      context: 4,
      alpha: 0.9,
      learn_alpha: false,
      activation: 'tanh',
      variant: 'book',
      layers: [8],
      bias: false,
      init_std: 0.02,
      forget_bias: 1,
    },
    train: {
      num_unroll: 5,
      batch_size: 4,
      optimizer: 'adam',
      learning_rate: 0.01,
      clip_norm: 5,
      schedule: 'epochs',
      num_steps: 2,
      docs_per_step: 2,
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
    seed: overrides.seed ?? 1,
  };
}
