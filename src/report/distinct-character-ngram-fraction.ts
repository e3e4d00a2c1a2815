// Fraction of distinct character n-grams in a text: the character-level companion of the word measure, which a
// loop inside one "word" (ererer…, or a text with no spaces) escapes.

/** The character n-gram size the report uses: about a word and a half, so ordinary prose rarely repeats one,
 *  while any loop shorter than the text repeats them all. */
export const CHARACTER_NGRAM = 8;

/** distinct n-grams / all n-grams over the text's code points (every character counts, whitespace included; n-grams
 *  overlap, so a text of L characters has L-n+1). null when the text has fewer than n characters. */
export function distinctCharacterNgramFraction(text: string, n: number): number | null {
  if (!Number.isInteger(n) || n < 1) throw new Error(`distinctCharacterNgramFraction: n must be a positive integer, got ${n}`);
  const chars = Array.from(text);
  const total = chars.length - n + 1;
  if (total <= 0) return null;
  const seen = new Set<string>();
  for (let i = 0; i < total; i++) seen.add(chars.slice(i, i + n).join(''));
  return seen.size / total;
}
