// What identifies a run's corpus in its id: the digest of the files it reads (names and SHA-256), wherever they live.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CorpusConfig } from '../config/run-config.js';
import { documentName } from './document-name.js';
import { GRIMM_MANIFEST } from './grimm-manifest.js';
import { checkDirectory, defaultCorpusDir, missingGrimmFiles } from './locate-corpus.js';

/** One file a run reads: its name and the lower-case hex SHA-256 of its bytes. */
export interface FileDigest {
  name: string;
  sha256: string;
}

export interface CorpusIdentity {
  /** SHA-256 (hex) of the lines "NAME SHA256\n" of the files read, in document order. */
  digest: string;
  /** `files`: hashed from the files in `dir`; `manifest`: the default folder is not fetched yet, and the verified
   *  fetch will write exactly the files the Grimm manifest lists. */
  from: 'files' | 'manifest';
  dir: string | null;
}

/** The digest of a list of files (the same for the files on disk and for the manifest's entries of the same files). */
export function digestFileList(files: readonly FileDigest[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file.name} ${file.sha256}\n`);
  return hash.digest('hex');
}

/** The number of documents a run reads: its training documents and its vocabulary's, whichever are more. */
export function documentsRead(corpus: Pick<CorpusConfig, 'documents' | 'vocabulary_documents'>): number {
  return Math.max(corpus.documents, corpus.vocabulary_documents);
}

/** The Grimm manifest's digest of its first `count` files. */
export function grimmManifestDigest(count: number): string {
  return digestFileList(GRIMM_MANIFEST.slice(0, count));
}

/**
 * Identifies runs' corpora as locateCorpus would find them, without fetching: `corpus.path`, else $RNNLAB_CORPUS_DIR
 * (each must be an existing folder: a UserError says which is not), else the default data folder: hashed when it is
 * complete, else the Grimm manifest's digest (what the verified fetch will write there). Files are hashed once per
 * identifier; a document missing from a folder ends the list (reading the corpus reports it later).
 */
export function createCorpusIdentifier(options: { env?: NodeJS.ProcessEnv; defaultDir?: string } = {}): (
  corpus: Pick<CorpusConfig, 'path' | 'documents' | 'vocabulary_documents'> & { test?: CorpusConfig['test'] },
) => CorpusIdentity {
  const env = options.env ?? process.env;
  const hashes = new Map<string, string | null>();
  const fileDigests = (dir: string, count: number, first = 1): FileDigest[] => {
    const files: FileDigest[] = [];
    for (let index = first; index < first + count; index++) {
      const name = documentName(index);
      const path = join(dir, name);
      if (!hashes.has(path)) hashes.set(path, existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : null);
      const sha256 = hashes.get(path)!;
      if (sha256 === null) break;
      files.push({ name, sha256 });
    }
    return files;
  };
  return (corpus) => {
    const count = documentsRead(corpus);
    // corpus.test's documents are read too, so they follow in the list; without a test set the list (and every id
    // computed from it) is what it was before test sets existed.
    const test = corpus.test ?? null;
    const fromFiles = (dir: string): CorpusIdentity => ({
      digest: digestFileList([...fileDigests(dir, count), ...(test === null ? [] : fileDigests(dir, test.count, test.from))]),
      from: 'files',
      dir,
    });
    if (corpus.path !== null && corpus.path !== '') return fromFiles(checkDirectory(resolve(corpus.path), '--corpus / corpus.path'));
    const fromEnv = env.RNNLAB_CORPUS_DIR;
    if (fromEnv !== undefined && fromEnv !== '') return fromFiles(checkDirectory(resolve(fromEnv), 'RNNLAB_CORPUS_DIR'));
    const dir = options.defaultDir ?? defaultCorpusDir();
    if (missingGrimmFiles(dir) === 0) return fromFiles(dir);
    const manifest = GRIMM_MANIFEST.slice(0, count);
    if (test !== null) manifest.push(...GRIMM_MANIFEST.slice(test.from - 1, test.from - 1 + test.count));
    return { digest: digestFileList(manifest), from: 'manifest', dir: null };
  };
}
