// Splits token documents into training streams and held-out validation sequences, by the book's rule or by fraction.
import type { ValidationRule } from '../config/run-config.js';
import { UserError } from '../config/user-error.js';
import type { TokenDocument } from './prepared-corpus.js';
import { bookValidationThreshold, selectBookValidation } from './select-book-validation.js';

export interface ValidationSplit {
  /** The first `trainCount` documents in file order, validation tails removed. */
  train: TokenDocument[];
  /** One held-out sequence per validation document, named after its document, in file order. */
  validation: TokenDocument[];
  /** One-step predictions scored per validation sequence. */
  validationPredictions: number[];
}

/**
 * `documents` are all documents read, full length, in file order; training uses the first `trainCount`.
 * - book: the first `validation.documents` documents among all those read with more than
 *   (numSteps + 1) × tokens_per_document tokens each lose their last tokens_per_document tokens from training;
 *   those tails are scored on ⌊tokens_per_document / 2⌋ predictions each (input c → target c+1, c = 0…).
 * - fraction: every training document of N tokens loses its last ⌊N × fraction⌋ tokens; a tail of T tokens is
 *   scored on all its T − 1 predictions.
 * Throws a UserError when the rule cannot be met (too few long documents, a document too short for its tail).
 */
// Slices are copies, so the returned arrays share no buffer with `documents` (safe to transfer to a worker).
export function splitValidation(options: {
  documents: readonly TokenDocument[];
  trainCount: number;
  validation: ValidationRule;
  numSteps: number;
}): ValidationSplit {
  const { documents, trainCount, validation, numSteps } = options;
  if (!Number.isInteger(trainCount) || trainCount < 1 || trainCount > documents.length) {
    throw new UserError(`corpus.documents: must be an integer from 1 to ${documents.length}; got ${trainCount}`);
  }
  return validation.rule === 'book'
    ? splitBook(documents, trainCount, validation.documents, validation.tokens_per_document, numSteps)
    : splitFraction(documents.slice(0, trainCount), validation.fraction);
}

function splitBook(
  documents: readonly TokenDocument[],
  trainCount: number,
  count: number,
  tokensPerDocument: number,
  numSteps: number,
): ValidationSplit {
  if (!Number.isInteger(count) || count < 1) {
    throw new UserError(`corpus.validation.documents: must be a positive integer; got ${count}`);
  }
  if (!Number.isInteger(tokensPerDocument) || tokensPerDocument < 2) {
    throw new UserError(`corpus.validation.tokens_per_document: must be an integer of at least 2; got ${tokensPerDocument}`);
  }
  if (!Number.isInteger(numSteps) || numSteps < 0) {
    throw new UserError(`train.num_steps: must be a non-negative integer; got ${numSteps}`);
  }
  const threshold = bookValidationThreshold(numSteps, tokensPerDocument);
  const picked = selectBookValidation(
    documents.map((document) => document.tokens.length),
    count,
    threshold,
  );
  if (picked.length < count) {
    throw new UserError(
      `corpus.validation: the book rule needs ${count} documents with more than ${threshold} tokens ` +
        `((num_steps ${numSteps} + 1) × tokens_per_document ${tokensPerDocument}) among the ${documents.length} read; ` +
        `${picked.length} qualify. Lower validation.documents or tokens_per_document, read more documents, ` +
        `or use validation rule "fraction"`,
    );
  }
  const isValidation = new Set(picked);
  const train = documents.slice(0, trainCount).map((document, i) =>
    isValidation.has(i)
      ? { name: document.name, tokens: document.tokens.slice(0, document.tokens.length - tokensPerDocument) }
      : { name: document.name, tokens: document.tokens.slice() },
  );
  const validation = picked.map((i) => ({
    name: documents[i].name,
    tokens: documents[i].tokens.slice(documents[i].tokens.length - tokensPerDocument),
  }));
  return { train, validation, validationPredictions: picked.map(() => Math.floor(tokensPerDocument / 2)) };
}

function splitFraction(documents: readonly TokenDocument[], fraction: number): ValidationSplit {
  if (!(fraction > 0 && fraction < 1)) {
    throw new UserError(`corpus.validation.fraction: must be greater than 0 and less than 1; got ${fraction}`);
  }
  const train: TokenDocument[] = [];
  const validation: TokenDocument[] = [];
  const validationPredictions: number[] = [];
  for (const { name, tokens } of documents) {
    const tail = Math.floor(tokens.length * fraction);
    if (tail < 2 || tokens.length - tail < 2) {
      throw new UserError(
        `corpus.validation.fraction: ${name} has ${tokens.length} tokens, so fraction ${fraction} holds out ${tail}; ` +
          `every training document needs at least 2 held-out tokens and 2 left for training`,
      );
    }
    train.push({ name, tokens: tokens.slice(0, tokens.length - tail) });
    validation.push({ name, tokens: tokens.slice(tokens.length - tail) });
    validationPredictions.push(tail - 1);
  }
  return { train, validation, validationPredictions };
}
