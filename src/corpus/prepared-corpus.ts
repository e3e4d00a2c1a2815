// The corpus as the training engine consumes it: token ids per document, the vocabulary, the held-out sequences.

/** Tokens in id order; id 0 is always the UNK token. */
export interface Vocabulary {
  ngram: 1 | 2 | 3;
  /** tokens[id]; tokens[0] === UNK_TOKEN. */
  tokens: string[];
  /** How often each token was seen in the vocabulary documents (counts[0] = tokens mapped to UNK). */
  counts: number[];
}

export const UNK_TOKEN = 'UNK';

/** One document's token ids, named by its file (e.g. "001.txt"). */
export interface TokenDocument {
  name: string;
  tokens: Int32Array;
}

export interface PreparedCorpus {
  vocabulary: Vocabulary;
  /** The first `documents` documents with their validation tails removed, in file order. */
  train: TokenDocument[];
  /** Held-out sequences, one per validation document, each scored independently (state reset between them). */
  validation: TokenDocument[];
  /** How many one-step predictions to score per validation sequence (book rule: tokens_per_document / 2). */
  validationPredictions: number[];
  /** Every document read (vocabulary documents included), full length: generation seeds are drawn from these. */
  seedDocuments: TokenDocument[];
  /** corpus.test's documents, encoded with this vocabulary, each scored from a zero state; absent or null = no test
   *  set. Never trained on, never counted into the vocabulary, never a generation seed. */
  test?: HeldOutDocuments | null;
}

/** Documents scored one by one (state reset between them, batch 1): sequence i on its first predictions[i]
 *  one-step predictions (token c → token c + 1). */
export interface HeldOutDocuments {
  documents: TokenDocument[];
  predictions: number[];
}
