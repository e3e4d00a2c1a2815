// corpus.test in the corpus stage: its documents are read after the vocabulary is counted, encoded with it, capped,
// and kept out of training, validation, the vocabulary and the generation seeds; a missing file is named; the corpus
// digest of a run's id covers them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CorpusConfig } from '../../src/config/run-config.js';
import { UserError } from '../../src/config/user-error.js';
import { createCorpusIdentifier, digestFileList } from '../../src/corpus/identify-corpus.js';
import { prepareCorpus } from '../../src/corpus/prepare-corpus.js';
import { grimmCorpusDir, needsRealCorpus } from '../helpers/real-corpus.js';
import { withTempDir } from '../helpers/with-temp-dir.js';

const corpus: CorpusConfig = {
  path: null,
  documents: 2,
  vocabulary_documents: 2,
  ngram: 1,
  min_count: 0,
  validation: { rule: 'fraction', fraction: 0.25, stream: 'per_document' },
  test: { from: 3, count: 2, tokens_per_document: null },
  layout: 'book',
};

/** Training documents of a, b, c only; test documents with x, y, z, which nothing else holds. */
function writeCorpus(dir: string): void {
  writeFileSync(join(dir, '001.txt'), 'abcabcabcabc!');
  writeFileSync(join(dir, '002.txt'), 'cbacbacbacba!');
  writeFileSync(join(dir, '003.txt'), 'axbyczx!');
  writeFileSync(join(dir, '004.txt'), 'zzab!');
}

test('test documents: encoded with the training vocabulary (unseen characters → UNK), never trained on or counted', () =>
  withTempDir('test-set', (dir) => {
    writeCorpus(dir);
    const prepared = prepareCorpus({ dir, corpus, numSteps: 1 });
    // Vocabulary over 001–002 only (the last character of each document is dropped by the tokenizer): UNK, a, b, c.
    assert.deepEqual([...prepared.vocabulary.tokens].sort(), ['UNK', 'a', 'b', 'c']);
    const id = (token: string) => prepared.vocabulary.tokens.indexOf(token);
    assert.ok(prepared.test);
    assert.deepEqual(prepared.test.documents.map((d) => d.name), ['003.txt', '004.txt']);
    // 'axbyczx' → a UNK b UNK c UNK UNK; 'zzab' → UNK UNK a b.
    assert.deepEqual([...prepared.test.documents[0].tokens], [id('a'), 0, id('b'), 0, id('c'), 0, 0]);
    assert.deepEqual([...prepared.test.documents[1].tokens], [0, 0, id('a'), id('b')]);
    assert.deepEqual(prepared.test.predictions, [6, 3]);
    // Nothing of them reaches training, validation or generation seeds.
    const names = [...prepared.train, ...prepared.validation, ...prepared.seedDocuments].map((d) => d.name);
    assert.ok(names.every((name) => name === '001.txt' || name === '002.txt'), names.join(','));
    for (const d of [...prepared.train, ...prepared.validation]) assert.ok(!d.tokens.includes(0), d.name);
  }));

test('tokens_per_document caps the predictions scored per test document; no test set gives none', () =>
  withTempDir('test-set', (dir) => {
    writeCorpus(dir);
    const capped = prepareCorpus({ dir, corpus: { ...corpus, test: { from: 3, count: 2, tokens_per_document: 4 } }, numSteps: 1 });
    assert.deepEqual(capped.test?.predictions, [4, 3]);
    assert.equal(capped.test?.documents[0].tokens.length, 5);
    assert.equal(prepareCorpus({ dir, corpus: { ...corpus, test: null }, numSteps: 1 }).test, null);
  }));

test('a test document beyond the corpus is an error naming the missing file', () =>
  withTempDir('test-set', (dir) => {
    writeCorpus(dir);
    assert.throws(() => prepareCorpus({ dir, corpus: { ...corpus, test: { from: 3, count: 4, tokens_per_document: null } }, numSteps: 1 }), (error) => {
      assert.ok(error instanceof UserError);
      assert.equal(
        error.message,
        `${join(dir, '005.txt')}: file not found (corpus.test asks for 003.txt–006.txt; the corpus's highest document is 004.txt)`,
      );
      return true;
    });
  }));

test('the corpus digest covers the test documents after the others; without a test set it is as before', () =>
  withTempDir('test-set', (dir) => {
    writeCorpus(dir);
    const files = (names: string[]) =>
      names.map((name) => ({ name, sha256: createHash('sha256').update(readFileSync(join(dir, name))).digest('hex') }));
    const identify = createCorpusIdentifier({ env: {}, defaultDir: join(tmpdir(), 'no-corpus-here') });
    const base = { path: dir, documents: 2, vocabulary_documents: 2 };
    assert.equal(identify({ ...base, test: null }).digest, digestFileList(files(['001.txt', '002.txt'])));
    assert.equal(identify(base).digest, digestFileList(files(['001.txt', '002.txt'])));
    const withTest = { ...base, test: { from: 3, count: 2, tokens_per_document: null } };
    assert.equal(identify(withTest).digest, digestFileList(files(['001.txt', '002.txt', '003.txt', '004.txt'])));
    // A changed test document changes the digest (a fresh identifier: hashes are cached per identifier).
    writeFileSync(join(dir, '004.txt'), 'zzab?');
    assert.notEqual(createCorpusIdentifier({ env: {} })(withTest).digest, identify(withTest).digest);
  }));

test('the Grimm manifest gives a test set the digest its files give', needsRealCorpus, () => {
  const corpus = { path: null, documents: 100, vocabulary_documents: 100, test: { from: 101, count: 20, tokens_per_document: null } };
  const manifest = createCorpusIdentifier({ env: {}, defaultDir: join(tmpdir(), 'no-corpus-here') })(corpus);
  const files = createCorpusIdentifier({ env: { RNNLAB_CORPUS_DIR: grimmCorpusDir } })(corpus);
  assert.equal(manifest.from, 'manifest');
  assert.equal(files.from, 'files');
  assert.equal(manifest.digest, files.digest);
});
