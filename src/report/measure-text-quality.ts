// The text-quality measures of one text: distinct word n-gram fractions (n = 1..4), the distinct character 8-gram
// fraction, and the longest repeated substring.

import { CHARACTER_NGRAM, distinctCharacterNgramFraction } from './distinct-character-ngram-fraction.js';
import { distinctNgramFractionOfWords } from './distinct-ngram-fraction.js';
import { longestRepeatedSubstring } from './longest-repeated-substring.js';
import { wordTokens } from './word-tokens.js';

/** The n-gram sizes reported, in order. */
export const NGRAM_SIZES = [1, 2, 3, 4] as const;

export interface TextQuality {
  /** Length in code points. */
  characters: number;
  words: number;
  /** distinct[n-1] = distinct word n-grams / word n-grams (null when the text has fewer than n words). */
  distinct: (number | null)[];
  /** Distinct character 8-gram fraction (catches loops inside a word, e.g. "ererer…"); null under 8 characters. */
  distinctCharacters: number | null;
  /** Longest substring occurring twice or more (overlaps allowed), in characters, and the substring itself. */
  longestRepeatLength: number;
  longestRepeatText: string;
}

export function measureTextQuality(text: string): TextQuality {
  const words = wordTokens(text);
  const repeat = longestRepeatedSubstring(text);
  return {
    characters: Array.from(text).length,
    words: words.length,
    distinct: NGRAM_SIZES.map((n) => distinctNgramFractionOfWords(words, n)),
    distinctCharacters: distinctCharacterNgramFraction(text, CHARACTER_NGRAM),
    longestRepeatLength: repeat.length,
    longestRepeatText: repeat.text,
  };
}
