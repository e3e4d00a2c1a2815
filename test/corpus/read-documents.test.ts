// Reading documents: numeric order, first N, Python text-mode line endings, and one clear error per bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDocuments } from '../../src/corpus/read-documents.js';
import { UserError } from '../../src/config/user-error.js';

function corpusDir(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-read-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

function throwsUserError(action: () => unknown, message: string): void {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof UserError, `expected a UserError, got ${String(error)}`);
    assert.equal(error.message, message);
    return true;
  });
}

test('reads the first N documents in numeric order, ignoring other files', () => {
  const dir = corpusDir({ '002.txt': 'two', '010.txt': 'ten', '001.txt': 'one', 'notes.md': 'x', '1.txt': 'x', '003.txt': 'three' });
  try {
    assert.deepEqual(readDocuments(dir, 2), [
      { name: '001.txt', text: 'one' },
      { name: '002.txt', text: 'two' },
    ]);
    assert.deepEqual(readDocuments(dir, 3).map((d) => d.name), ['001.txt', '002.txt', '003.txt']);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('reads CRLF and CR line endings as LF, as Python text mode does; keeps everything else', () => {
  const dir = corpusDir({ '001.txt': 'a\r\nb\rc\n\td  é\u{1F600}' });
  try {
    assert.equal(readDocuments(dir, 1)[0].text, 'a\nb\nc\n\td  é\u{1F600}');
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('bad inputs: one message naming the directory or file', () => {
  const dir = corpusDir({
    '001.txt': 'one',
    '002.txt': 'two',
    '004.txt': 'four',
    '005.txt': '',
    '006.txt': new Uint8Array([0x61, 0x62, 0x00, 0x63]),
    '007.txt': new Uint8Array([0x61, 0x62, 0xc3, 0x28]),
  });
  mkdirSync(join(dir, '008.txt'));
  try {
    const missing = join(dir, 'nope');
    throwsUserError(() => readDocuments(missing, 1), `corpus ${missing}: directory not found`);
    throwsUserError(() => readDocuments(join(dir, '001.txt'), 1), `corpus ${join(dir, '001.txt')}: not a directory`);
    throwsUserError(
      () => readDocuments(dir, 9),
      `corpus ${dir}: 9 documents were asked for but it holds 7 (NNN.txt files numbered from 001.txt; 003.txt is missing)`,
    );
    throwsUserError(
      () => readDocuments(dir, 4),
      `${join(dir, '003.txt')}: file not found (documents 001.txt–004.txt were asked for)`,
    );
    writeFileSync(join(dir, '003.txt'), 'three');
    throwsUserError(() => readDocuments(dir, 5), `${join(dir, '005.txt')}: empty document (0 bytes)`);
    writeFileSync(join(dir, '005.txt'), 'five');
    throwsUserError(() => readDocuments(dir, 6), `${join(dir, '006.txt')}: not a text file (NUL byte at offset 2)`);
    writeFileSync(join(dir, '006.txt'), 'six');
    throwsUserError(
      () => readDocuments(dir, 7),
      `${join(dir, '007.txt')}: not a UTF-8 text file (invalid byte 0xc3 at offset 2)`,
    );
    writeFileSync(join(dir, '007.txt'), 'seven');
    throwsUserError(() => readDocuments(dir, 8), `${join(dir, '008.txt')}: cannot be read (it is a directory)`);
    assert.equal(readDocuments(dir, 7).length, 7);
  } finally {
    rmSync(dir, { recursive: true });
  }
});
