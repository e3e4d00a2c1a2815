// Real text to measure generated samples against: same-length slices of documents no run trained on or counted.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface HeldOutText {
  corpusDir: string;
  /** Documents numbered above this were read (none of them is in any run's training, vocabulary or validation). */
  afterDocument: number;
  /** Characters (code points) per slice: the length of the generated samples being compared. */
  characters: number;
  /** One slice per document: its first `characters` characters, lower-cased as the models see text. */
  slices: { document: string; text: string }[];
}

/**
 * The first `characters` characters of each of the first `count` documents numbered above `afterDocument` that are
 * at least that long, lower-cased (the book lower-cases every document), line endings as LF. The book's validation
 * tails are too short for this (100 bigrams = 200 characters against 2000-character samples), and the distinct
 * n-gram fraction depends on length, so the real text is cut to the samples' length. Returns null when the
 * directory cannot be read or holds no such document.
 */
export function readHeldOutText(
  corpusDir: string,
  options: { afterDocument: number; characters: number; count: number },
): HeldOutText | null {
  let names: string[];
  try {
    names = readdirSync(corpusDir);
  } catch {
    return null;
  }
  const numbered = names
    .filter((name) => /^\d+\.txt$/.test(name))
    .map((name) => ({ name, index: Number(name.slice(0, -4)) }))
    .filter(({ index }) => index > options.afterDocument)
    .sort((a, b) => a.index - b.index);
  const slices: HeldOutText['slices'] = [];
  for (const { name } of numbered) {
    if (slices.length >= options.count) break;
    const text = readFileSync(join(corpusDir, name), 'utf8').replace(/\r\n?/g, '\n').toLowerCase();
    const chars = Array.from(text);
    if (chars.length < options.characters) continue;
    slices.push({ document: name, text: chars.slice(0, options.characters).join('') });
  }
  if (slices.length === 0) return null;
  return { corpusDir, afterDocument: options.afterDocument, characters: options.characters, slices };
}
