// Updates on each drawn document in one step of the book or tokens schedule, and the tokens schedule's budget unit.
import type { TrainConfig } from './run-config.js';

/** Training predictions of one update on every document of a step: docs_per_step × num_unroll × batch_size. */
export function predictionsPerUpdateRound(train: TrainConfig): number {
  return train.docs_per_step * train.num_unroll * train.batch_size;
}

/**
 * Book: updates_per_document. Tokens: tokens_per_step / (docs_per_step × num_unroll × batch_size), the count that
 * spends the step's token budget exactly; NaN when tokens_per_step is missing or not a multiple (the config checks
 * refuse both, so a validated run never sees NaN). Epochs: NaN (updates follow each document's length).
 */
export function updatesPerDocument(train: TrainConfig): number {
  if (train.schedule === 'book') return train.updates_per_document;
  if (train.schedule === 'epochs' || train.tokens_per_step === null) return NaN;
  const updates = train.tokens_per_step / predictionsPerUpdateRound(train);
  return Number.isInteger(updates) ? updates : NaN;
}
