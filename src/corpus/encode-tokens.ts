// Maps tokens to vocabulary ids; tokens outside the vocabulary become 0 (UNK).
import type { Vocabulary } from './prepared-corpus.js';

// One token → id map per vocabulary object, built on first use (vocabularies are not mutated once built).
const indexes = new WeakMap<Vocabulary, Map<string, number>>();

/** The id of each token: ids: [tokens.length], 0 for tokens not in the vocabulary. */
export function encodeTokens(tokens: readonly string[], vocabulary: Vocabulary): Int32Array {
  let index = indexes.get(vocabulary);
  if (index === undefined) {
    // Id 0 is UNK itself, so it is left out: the text "UNK" can never be a lower-cased token anyway.
    index = new Map(vocabulary.tokens.slice(1).map((token, i) => [token, i + 1]));
    indexes.set(vocabulary, index);
  }
  const ids = new Int32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) ids[i] = index.get(tokens[i]) ?? 0;
  return ids;
}
