// Measures a corpus under given settings: tokens per document, vocabulary, UNK rate, the book rule's validation picks.
import type { NgramSize } from '../config/run-config.js';
import { UserError } from '../config/user-error.js';
import { buildVocabulary } from './build-vocabulary.js';
import { encodeTokens } from './encode-tokens.js';
import { readDocuments } from './read-documents.js';
import { bookValidationThreshold, selectBookValidation } from './select-book-validation.js';
import { tokenize } from './tokenize.js';

export interface InspectCorpusOptions {
  dir: string;
  /** Documents used (the first N). */
  documents: number;
  /** Documents the vocabulary is counted over (the first N). */
  vocabularyDocuments: number;
  ngram: NgramSize;
  minCount: number;
  /** The book rule's settings, for its validation picks. */
  numSteps: number;
  validationDocuments: number;
  tokensPerDocument: number;
  /** How many of the most common tokens to list. */
  top: number;
}

/** Plain, JSON-ready facts about a corpus (snake_case keys: printed by `rnnlab corpus inspect --json`). */
export interface CorpusInspection {
  corpus_dir: string;
  ngram: NgramSize;
  min_count: number;
  /** Documents used, i.e. the first N. */
  documents: number;
  vocabulary_documents: number;
  /** Each document used: characters (code points, line endings as read), tokens, tokens mapped to UNK. */
  per_document: { name: string; characters: number; tokens: number; unk_tokens: number }[];
  /** Tokens in the documents used. */
  total_tokens: number;
  unk_tokens: number;
  /** unk_tokens / total_tokens. */
  unk_rate: number;
  /** Vocabulary size, UNK included. */
  vocabulary_size: number;
  /** Every token in id order; vocabulary[0] = "UNK". */
  vocabulary: string[];
  /** Counts over the vocabulary documents, in id order; vocabulary_counts[0] = occurrences mapped to UNK. */
  vocabulary_counts: number[];
  /** The most common tokens over the vocabulary documents (UNK left out). */
  most_common: { token: string; count: number }[];
  /** The book rule's validation documents, picked among all documents read (max(documents, vocabulary_documents)). */
  book_validation: {
    num_steps: number;
    tokens_per_document: number;
    threshold: number;
    requested: number;
    documents: string[];
    predictions_per_document: number;
  };
}

export function inspectCorpus(options: InspectCorpusOptions): CorpusInspection {
  const { dir, documents, vocabularyDocuments, ngram, minCount, numSteps, validationDocuments, tokensPerDocument } = options;
  if (!Number.isInteger(minCount) || minCount < 0) throw new UserError(`min_count: must be a non-negative integer; got ${minCount}`);
  const texts = readDocuments(dir, Math.max(documents, vocabularyDocuments));
  const tokenLists = texts.map(({ text }) => tokenize(text, ngram));
  const vocabulary = buildVocabulary(tokenLists.slice(0, vocabularyDocuments), ngram, minCount);
  const perDocument = texts.slice(0, documents).map(({ name, text }, i) => {
    const ids = encodeTokens(tokenLists[i], vocabulary);
    return { name, characters: Array.from(text).length, tokens: ids.length, unk_tokens: ids.filter((id) => id === 0).length };
  });
  const totalTokens = perDocument.reduce((sum, d) => sum + d.tokens, 0);
  const unkTokens = perDocument.reduce((sum, d) => sum + d.unk_tokens, 0);
  const threshold = bookValidationThreshold(numSteps, tokensPerDocument);
  const picked = selectBookValidation(tokenLists.map((tokens) => tokens.length), validationDocuments, threshold);
  return {
    corpus_dir: dir,
    ngram,
    min_count: minCount,
    documents,
    vocabulary_documents: vocabularyDocuments,
    per_document: perDocument,
    total_tokens: totalTokens,
    unk_tokens: unkTokens,
    unk_rate: totalTokens === 0 ? 0 : unkTokens / totalTokens,
    vocabulary_size: vocabulary.tokens.length,
    vocabulary: vocabulary.tokens,
    vocabulary_counts: vocabulary.counts,
    // Ids are already ordered by count, ties first-seen: the top ids are the most common tokens.
    most_common: vocabulary.tokens.slice(1, 1 + options.top).map((token, i) => ({ token, count: vocabulary.counts[i + 1] })),
    book_validation: {
      num_steps: numSteps,
      tokens_per_document: tokensPerDocument,
      threshold,
      requested: validationDocuments,
      documents: picked.map((i) => texts[i].name),
      predictions_per_document: Math.floor(tokensPerDocument / 2),
    },
  };
}
