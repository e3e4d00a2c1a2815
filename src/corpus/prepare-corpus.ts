// The whole corpus pipeline for one run: read documents, tokenize, count the vocabulary, encode, split off validation.
import { join } from 'node:path';
import type { CorpusConfig } from '../config/run-config.js';
import { UserError } from '../config/user-error.js';
import { buildVocabulary } from './build-vocabulary.js';
import { encodeTokens } from './encode-tokens.js';
import type { PreparedCorpus, TokenDocument } from './prepared-corpus.js';
import { readDocuments } from './read-documents.js';
import { splitValidation } from './split-validation.js';
import { tokenize } from './tokenize.js';

const NOUNS = { 1: 'unigrams', 2: 'bigrams', 3: 'trigrams' } as const;

/**
 * Reads the first max(documents, vocabulary_documents) documents of `dir` (an already located corpus directory;
 * `corpus.path` is not consulted here), counts the vocabulary over the first vocabulary_documents, and splits
 * validation off the first `documents` by `corpus.validation` (the book rule's threshold depends on `numSteps`).
 * Every document read must give at least 2 tokens.
 */
export function prepareCorpus(options: { dir: string; corpus: CorpusConfig; numSteps: number }): PreparedCorpus {
  const { dir, corpus, numSteps } = options;
  for (const key of ['documents', 'vocabulary_documents', 'min_count'] as const) {
    const value = corpus[key];
    if (!Number.isInteger(value) || value < (key === 'min_count' ? 0 : 1)) {
      throw new UserError(`corpus.${key}: must be a ${key === 'min_count' ? 'non-negative' : 'positive'} integer; got ${value}`);
    }
  }
  if (corpus.ngram !== 1 && corpus.ngram !== 2 && corpus.ngram !== 3) {
    throw new UserError(`corpus.ngram: must be 1, 2 or 3; got ${String(corpus.ngram)}`);
  }
  const texts = readDocuments(dir, Math.max(corpus.documents, corpus.vocabulary_documents));
  const tokenLists = texts.map(({ text }) => tokenize(text, corpus.ngram));
  tokenLists.forEach((tokens, i) => {
    if (tokens.length < 2) {
      throw new UserError(
        `${join(dir, texts[i].name)}: its ${Array.from(texts[i].text).length} characters give ${tokens.length} ` +
          `${NOUNS[corpus.ngram]} (the last one is always dropped); every document needs at least 2`,
      );
    }
  });
  const vocabulary = buildVocabulary(tokenLists.slice(0, corpus.vocabulary_documents), corpus.ngram, corpus.min_count);
  const seedDocuments: TokenDocument[] = texts.map(({ name }, i) => ({ name, tokens: encodeTokens(tokenLists[i], vocabulary) }));
  const split = splitValidation({
    documents: seedDocuments,
    trainCount: corpus.documents,
    validation: corpus.validation,
    numSteps,
  });
  return { vocabulary, ...split, seedDocuments };
}
