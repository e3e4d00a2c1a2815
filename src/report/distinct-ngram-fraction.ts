// Fraction of distinct word n-grams in a text: 1 means no n-gram repeats, near 0 means the text loops.

import { wordTokens } from './word-tokens.js';

/** distinct n-grams / all n-grams over `wordTokens(text)`, n-grams overlapping (a text of W words has W-n+1).
 *  null when the text has fewer than n words (the fraction is undefined, not 0 or 1). */
export function distinctNgramFraction(text: string, n: number): number | null {
  return distinctNgramFractionOfWords(wordTokens(text), n);
}

/** The same, on words already split. */
export function distinctNgramFractionOfWords(words: readonly string[], n: number): number | null {
  if (!Number.isInteger(n) || n < 1) throw new Error(`distinctNgramFraction: n must be a positive integer, got ${n}`);
  const total = words.length - n + 1;
  if (total <= 0) return null;
  const seen = new Set<string>();
  // A separator that cannot occur inside a word keeps ["ab","c"] and ["a","bc"] apart.
  for (let i = 0; i < total; i++) seen.add(words.slice(i, i + n).join('\u0000'));
  return seen.size / total;
}
