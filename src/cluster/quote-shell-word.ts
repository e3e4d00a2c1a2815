// Quotes one word for a POSIX shell script, so paths and values with spaces or quotes pass through unchanged.

/** `word` as a single shell word: unchanged when it is plainly safe, else in single quotes. */
export function quoteShellWord(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
