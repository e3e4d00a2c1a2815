// Builds the vocabulary as the book does: UNK = id 0, then every token seen more than min_count times, most common first.
import type { NgramSize } from '../config/run-config.js';
import { UNK_TOKEN, type Vocabulary } from './prepared-corpus.js';

/**
 * Counts `documents` (token lists, in file order) like Python's `Counter(tokens).most_common()`: count descending,
 * ties in first-seen order. Keeps tokens with count > `minCount` after UNK; counts[0] is how many token occurrences
 * in these documents fall outside the vocabulary (map to UNK).
 */
export function buildVocabulary(documents: readonly (readonly string[])[], ngram: NgramSize, minCount: number): Vocabulary {
  // A Map iterates in insertion order, i.e. first-seen order.
  const seen = new Map<string, number>();
  for (const tokens of documents) {
    for (const token of tokens) seen.set(token, (seen.get(token) ?? 0) + 1);
  }
  const ranked = [...seen.entries()]; // first-seen order
  // Array.prototype.sort is stable, so equal counts keep first-seen order.
  ranked.sort((a, b) => b[1] - a[1]);
  const tokens = [UNK_TOKEN];
  const counts = [0];
  for (const [token, count] of ranked) {
    if (count > minCount) {
      tokens.push(token);
      counts.push(count);
    } else counts[0] += count;
  }
  return { ngram, tokens, counts };
}
