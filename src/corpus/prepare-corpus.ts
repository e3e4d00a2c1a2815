// The whole corpus pipeline for one run: read documents, tokenize, count the vocabulary, encode, split off validation,
// and read the held-out test documents (corpus.test) encoded with that vocabulary.
import { join } from 'node:path';
import type { CorpusConfig } from '../config/run-config.js';
import { UserError } from '../config/user-error.js';
import { buildVocabulary } from './build-vocabulary.js';
import { encodeTokens } from './encode-tokens.js';
import { documentName } from './document-name.js';
import type { HeldOutDocuments, PreparedCorpus, TokenDocument, Vocabulary } from './prepared-corpus.js';
import { readDocumentRange, readDocuments } from './read-documents.js';
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
  return { vocabulary, ...split, seedDocuments, test: prepareTestSet(dir, corpus, vocabulary) };
}

/** corpus.test's documents, read after the vocabulary is fixed and encoded with it (unseen tokens → UNK), each kept to
 *  its first tokens_per_document + 1 tokens when capped. */
function prepareTestSet(dir: string, corpus: CorpusConfig, vocabulary: Vocabulary): HeldOutDocuments | null {
  const test = corpus.test;
  if (test === null || test === undefined) return null;
  const lastRead = Math.max(corpus.documents, corpus.vocabulary_documents);
  if (!Number.isInteger(test.from) || !Number.isInteger(test.count) || test.count < 1 || test.from <= lastRead) {
    throw new UserError(
      `corpus.test: documents ${test.from}…${test.from + test.count - 1} overlap the ${lastRead} documents read for ` +
        `training and the vocabulary; a test set must start after ${documentName(lastRead)}`,
    );
  }
  const cap = test.tokens_per_document;
  const documents = readDocumentRange(dir, test.from, test.count, 'corpus.test').map(({ name, text }) => {
    const tokens = encodeTokens(tokenize(text, corpus.ngram), vocabulary);
    if (tokens.length < 2) {
      throw new UserError(
        `${join(dir, name)}: its ${Array.from(text).length} characters give ${tokens.length} ${NOUNS[corpus.ngram]}; ` +
          'a test document needs at least 2 to score one prediction',
      );
    }
    return { name, tokens: cap === null ? tokens : tokens.slice(0, cap + 1) };
  });
  return { documents, predictions: documents.map((document) => document.tokens.length - 1) };
}
