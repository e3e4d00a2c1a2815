// Five small documents written by the tests, with a manifest in the shape of the Grimm one: fetch tests need no corpus.
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ManifestEntry } from '../../src/corpus/grimm-manifest.js';

/** Writes 001.txt … 005.txt (a few hundred bytes each, all different) into a new temporary folder. */
export function writeMadeUpCorpus(): { dir: string; manifest: ManifestEntry[] } {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-made-up-corpus-'));
  const manifest = [1, 2, 3, 4, 5].map((n) => {
    const name = `${String(n).padStart(3, '0')}.txt`;
    const bytes = Buffer.from(`Once upon a time, tale number ${n} began. `.repeat(8 + 3 * n));
    writeFileSync(join(dir, name), bytes);
    return { name, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  });
  return { dir, manifest };
}
