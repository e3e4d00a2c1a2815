// The corpus digest in a run's id: the files a run reads, by content, wherever they are; the Grimm manifest stands in
// for a default folder still to be fetched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCorpusIdentifier, grimmManifestDigest } from '../../src/corpus/identify-corpus.js';
import { GRIMM_MANIFEST } from '../../src/corpus/grimm-manifest.js';
import { fixturesDir } from '../helpers/paths.js';

const fixtureCorpus = join(fixturesDir, 'runner', 'corpus'); // 001.txt–004.txt
const corpusOf = (path: string | null, documents: number, vocabulary = 1) => ({ path, documents, vocabulary_documents: vocabulary });
const noDefault = join(tmpdir(), 'rnnlab-no-default-corpus');

/** Independently: SHA-256 of "NAME SHA256\n" over the first `count` files. */
function expectedDigest(dir: string, count: number): string {
  let lines = '';
  for (let i = 1; i <= count; i++) {
    const name = `00${i}.txt`;
    lines += `${name} ${createHash('sha256').update(readFileSync(join(dir, name))).digest('hex')}\n`;
  }
  return createHash('sha256').update(lines).digest('hex');
}

function withCopy(body: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-identify-'));
  try {
    cpSync(fixtureCorpus, dir, { recursive: true });
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the digest covers the files the run reads (max of documents and vocabulary_documents), by content', () => {
  const identify = createCorpusIdentifier({ env: {}, defaultDir: noDefault });
  assert.deepEqual(identify(corpusOf(fixtureCorpus, 3)), { digest: expectedDigest(fixtureCorpus, 3), from: 'files', dir: fixtureCorpus });
  assert.equal(identify(corpusOf(fixtureCorpus, 2, 4)).digest, expectedDigest(fixtureCorpus, 4));
  assert.notEqual(identify(corpusOf(fixtureCorpus, 3)).digest, identify(corpusOf(fixtureCorpus, 4)).digest);
});

test('a copy in another folder has the same digest; a changed byte in a file read changes it; files not read do not count', () => {
  withCopy((dir) => {
    const fresh = () => createCorpusIdentifier({ env: {}, defaultDir: noDefault });
    const original = fresh()(corpusOf(fixtureCorpus, 3)).digest;
    assert.equal(fresh()(corpusOf(dir, 3)).digest, original);
    appendFileSync(join(dir, '004.txt'), 'more');
    writeFileSync(join(dir, '005.txt'), 'a new story');
    assert.equal(fresh()(corpusOf(dir, 3)).digest, original);
    appendFileSync(join(dir, '002.txt'), '!');
    assert.notEqual(fresh()(corpusOf(dir, 3)).digest, original);
  });
});

test('RNNLAB_CORPUS_DIR is hashed when corpus.path is null; a missing folder is a user error naming its source', () => {
  withCopy((dir) => {
    const identify = createCorpusIdentifier({ env: { RNNLAB_CORPUS_DIR: dir }, defaultDir: noDefault });
    assert.deepEqual(identify(corpusOf(null, 4)), { digest: expectedDigest(fixtureCorpus, 4), from: 'files', dir });
  });
  const missing = join(tmpdir(), 'rnnlab-missing-corpus');
  assert.throws(() => createCorpusIdentifier({ env: {} })(corpusOf(missing, 2)), {
    name: 'UserError',
    message: `corpus directory not found: ${missing} (from --corpus / corpus.path). To download the Grimm stories there: rnnlab corpus fetch --to ${missing}`,
  });
  assert.throws(() => createCorpusIdentifier({ env: { RNNLAB_CORPUS_DIR: missing } })(corpusOf(null, 2)), {
    message: `corpus directory not found: ${missing} (from RNNLAB_CORPUS_DIR). To download the Grimm stories there: rnnlab corpus fetch --to ${missing}`,
  });
});

test('a default folder still to be fetched is identified by the Grimm manifest, as the verified fetch will write it', () => {
  withCopy((incomplete) => {
    const identify = createCorpusIdentifier({ env: {}, defaultDir: incomplete });
    assert.deepEqual(identify(corpusOf(null, 10, 100)), { digest: grimmManifestDigest(100), from: 'manifest', dir: null });
  });
  // The manifest digest is the same list digest over the manifest's entries.
  const lines = GRIMM_MANIFEST.slice(0, 2).map((entry) => `${entry.name} ${entry.sha256}\n`).join('');
  assert.equal(grimmManifestDigest(2), createHash('sha256').update(lines).digest('hex'));
});
