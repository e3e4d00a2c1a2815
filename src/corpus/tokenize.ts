// Cuts a text into the book's tokens: lower-cased, non-overlapping character n-grams from offset 0, last n-gram dropped.
import type { NgramSize } from '../config/run-config.js';

/**
 * The book's `[text[i:i+2] for i in range(0, len(text)-2, 2)]` generalised to n: tokens start at 0, n, 2n, … while
 * i < length − n, so the final chunk is always dropped (a full n-gram when n divides the length, else the partial rest).
 * Characters are Unicode code points (as Python counts them); every character is kept, whitespace and punctuation too.
 * Length L gives max(0, ⌈(L − n) / n⌉) tokens: bigrams (L−2)/2 for even L, (L−1)/2 for odd L.
 */
export function tokenize(text: string, ngram: NgramSize): string[] {
  const lower = text.toLowerCase();
  // Fast path: no surrogate pairs, so UTF-16 code units are code points.
  const chars: string | string[] = /[\uD800-\uDFFF]/.test(lower) ? Array.from(lower) : lower;
  const tokens: string[] = [];
  const end = chars.length - ngram;
  for (let i = 0; i < end; i += ngram) {
    tokens.push(typeof chars === 'string' ? chars.slice(i, i + ngram) : chars.slice(i, i + ngram).join(''));
  }
  return tokens;
}
