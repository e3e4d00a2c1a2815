// Splits text into the words the text-quality measures count: lower-cased runs of letters and digits.

/** A word: a maximal run of Unicode letters, marks and digits, optionally joined by single inner apostrophes
 *  ("don't", "king's"). Everything else (whitespace, punctuation, the generator's literal "UNK" marker excepted,
 *  which is a word like any other) separates words and is dropped. */
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu;

/** Words of `text`, lower-cased, in order. "The king's Son, the KING!" → ["the", "king's", "son", "the", "king"]. */
export function wordTokens(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}
