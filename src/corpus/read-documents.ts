// Reads numbered documents (001.txt, 002.txt, …) of a corpus directory as text: the first N, or a range; each file checked.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../config/user-error.js';
import { documentName } from './document-name.js';
import { findInvalidUtf8 } from './find-invalid-utf8.js';

/** One document as read: its file name ("001.txt") and its text, line endings as Python's text mode reads them. */
export interface TextDocument {
  name: string;
  text: string;
}

/**
 * Reads documents 1…`count` of `dir`. Like the book's Python (`open(f).read()` in text mode, UTF-8), CRLF and lone CR
 * line endings read as LF; every other character, a byte-order mark included, is kept. Throws a UserError naming
 * the directory or file when the directory is missing, holds fewer than `count` documents, lacks a file in the range,
 * or a file is empty or not UTF-8 text.
 */
export function readDocuments(dir: string, count: number): TextDocument[] {
  if (!Number.isInteger(count) || count < 1) {
    throw new UserError(`corpus ${dir}: the number of documents must be a positive integer; got ${count}`);
  }
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new UserError(`corpus ${dir}: not a directory`);
    entries = readdirSync(dir);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`corpus ${dir}: directory not found`);
  }
  const numbered = entries.filter((name) => /^\d+\.txt$/.test(name) && name === documentName(Number(name.slice(0, -4))));
  const present = new Set(numbered);
  // First gap in 1…count: a missing file when later files exist, else simply the end of the corpus.
  let gap = 0;
  for (let index = 1; index <= count && gap === 0; index++) if (!present.has(documentName(index))) gap = index;
  const highest = Math.max(0, ...numbered.map((name) => Number(name.slice(0, -4))));
  if (count > numbered.length) {
    const hole = gap > 0 && gap < highest ? `; ${documentName(gap)} is missing` : '';
    throw new UserError(
      `corpus ${dir}: ${count} documents were asked for but it holds ${numbered.length} ` +
        `(NNN.txt files numbered from 001.txt${hole})`,
    );
  }
  if (gap > 0) {
    throw new UserError(
      `${join(dir, documentName(gap))}: file not found (documents ${documentName(1)}–${documentName(count)} were asked for)`,
    );
  }
  return Array.from({ length: count }, (_, i) => {
    const name = documentName(i + 1);
    return { name, text: readTextFile(join(dir, name)) };
  });
}

/**
 * Reads documents `from` … `from` + count − 1 of `dir` (corpus.test's documents), checked as readDocuments checks
 * them. `what` names the setting that asked for them, for the error when a file is missing.
 */
export function readDocumentRange(dir: string, from: number, count: number, what: string): TextDocument[] {
  return Array.from({ length: count }, (_, i) => {
    const name = documentName(from + i);
    const path = join(dir, name);
    if (!existsSync(path)) {
      const highest = Math.max(
        0,
        ...readdirSync(dir)
          .filter((entry) => /^\d+\.txt$/.test(entry) && entry === documentName(Number(entry.slice(0, -4))))
          .map((entry) => Number(entry.slice(0, -4))),
      );
      throw new UserError(
        `${path}: file not found (${what} asks for ${documentName(from)}–${documentName(from + count - 1)}; ` +
          `the corpus's highest document is ${highest === 0 ? 'none' : documentName(highest)})`,
      );
    }
    return { name, text: readTextFile(path) };
  });
}

function readTextFile(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`${path}: cannot be read (${code === 'EISDIR' ? 'it is a directory' : (code ?? String(error))})`);
  }
  if (bytes.length === 0) throw new UserError(`${path}: empty document (0 bytes)`);
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new UserError(`${path}: not a text file (NUL byte at offset ${nul})`);
  const invalid = findInvalidUtf8(bytes);
  if (invalid >= 0) {
    const hex = bytes[invalid].toString(16).padStart(2, '0');
    throw new UserError(`${path}: not a UTF-8 text file (invalid byte 0x${hex} at offset ${invalid})`);
  }
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}
