// An analytic estimate of a run's training cost in floating-point operations, for balancing shards by cost.
import type { ModelConfig, RunConfig } from '../config/run-config.js';

/**
 * The vocabulary is known only once the corpus is read; the book's bigram vocabulary (544, min count 10 over 100
 * documents) stands in for every run. It scales runs on the same corpus settings alike, so the split barely depends on it.
 */
const NOMINAL_VOCABULARY: Record<1 | 2 | 3, number> = { 1: 80, 2: 544, 3: 3000 };
/** Training tokens per document for the `epochs` schedule (Grimm documents 001–100: 449177 bigrams / 100). */
const NOMINAL_TOKENS_PER_DOCUMENT = 4500;
/** Forward + backward ≈ 3 × the forward pass's multiply-adds, each 2 flops. */
const FLOPS_PER_MULTIPLY_ADD_TRAINED = 6;

/** Multiply-adds of one token's forward step (input rows are table lookups, so they cost the hidden size). */
export function multiplyAddsPerToken(model: ModelConfig, vocabulary: number): number {
  const h = model.hidden;
  switch (model.type) {
    case 'rnn':
      return h + h * h + h * vocabulary;
    case 'rnncf': {
      const c = model.context;
      // x·A, x·B lookups; s·P, h·R; output h·U + s·V
      return h + c + c * h + h * h + (h + c) * vocabulary;
    }
    case 'lstm':
      // four gates, each x·W (lookup) + h·U
      return 4 * (h + h * h) + h * vocabulary;
    case 'stacked': {
      let total = 0;
      let below = 0; // the first layer reads a lookup
      for (const size of model.layers) {
        total += (below === 0 ? size : below * size) + size * size;
        below = size;
      }
      return total + below * vocabulary;
    }
  }
}

/** Tokens a run trains on: updates × unroll × batch on the book schedule, the step budget on the tokens schedule;
 *  passes over the documents otherwise. */
export function trainingTokens(config: RunConfig): number {
  const train = config.train;
  if (train.schedule === 'book') {
    return train.num_steps * train.docs_per_step * train.updates_per_document * train.num_unroll * train.batch_size;
  }
  if (train.schedule === 'tokens') return train.num_steps * (train.tokens_per_step ?? 0);
  return train.epochs * config.corpus.documents * NOMINAL_TOKENS_PER_DOCUMENT;
}

/** Training flops of a run (validation and generation, a few percent at the book's settings, are left out). */
export function estimateRunCost(config: RunConfig): number {
  const vocabulary = NOMINAL_VOCABULARY[config.corpus.ngram];
  return trainingTokens(config) * multiplyAddsPerToken(config.model, vocabulary) * FLOPS_PER_MULTIPLY_ADD_TRAINED;
}
