// The pipeline on the real Grimm files 001–100 with the book's settings reproduces the notebook's printed numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../src/config/user-error.js';
import { prepareCorpus } from '../../src/corpus/prepare-corpus.js';
import type { CorpusConfig } from '../../src/config/run-config.js';
import { fixturesDir } from '../helpers/paths.js';
import { grimmCorpusDir, needsRealCorpus } from '../helpers/real-corpus.js';

const book: CorpusConfig = {
  path: null,
  documents: 100,
  vocabulary_documents: 100,
  ngram: 2,
  min_count: 10,
  validation: { rule: 'book', documents: 10, tokens_per_document: 100, stream: 'per_document' },
  test: null,
  layout: 'book',
};

test('files 001–100, book settings: the notebook\'s counts, vocabulary and validation documents', needsRealCorpus, () => {
  const prepared = prepareCorpus({ dir: grimmCorpusDir, corpus: book, numSteps: 26 });
  // Printed by the book's notebook: "449177 Characters found", document 0 "3667", vocabulary 544, most_common()[:5].
  const total = prepared.seedDocuments.reduce((sum, document) => sum + document.tokens.length, 0);
  assert.equal(total, 449177);
  assert.equal(prepared.seedDocuments[0].tokens.length, 3667);
  assert.equal(prepared.vocabulary.tokens.length, 544);
  assert.deepEqual(
    prepared.vocabulary.tokens.slice(1, 6).map((token, i) => [token, prepared.vocabulary.counts[i + 1]]),
    [['e ', 15229], ['he', 15164], [' t', 13443], ['th', 13076], ['d ', 10687]],
  );
  // The files are ASCII, so bigram counts follow from byte sizes: ⌊(L − 1) / 2⌋ for L ≥ 2.
  prepared.seedDocuments.forEach((document) => {
    const bytes = readFileSync(join(grimmCorpusDir, document.name)).length;
    assert.equal(document.tokens.length, Math.floor((bytes - 1) / 2), document.name);
  });
  // Validation: 001–010, each more than (26 + 1) × 100 = 2700 bigrams, its last 100 held out, 50 predictions each.
  assert.deepEqual(prepared.validation.map((d) => d.name), ['001.txt', '002.txt', '003.txt', '004.txt', '005.txt', '006.txt', '007.txt', '008.txt', '009.txt', '010.txt']);
  assert.ok(prepared.seedDocuments.slice(0, 10).every((d) => d.tokens.length > 2700));
  assert.deepEqual(prepared.validationPredictions, Array(10).fill(50));
  prepared.validation.forEach((tail, i) => {
    const full = prepared.seedDocuments[i].tokens;
    assert.deepEqual([...tail.tokens], [...full.slice(full.length - 100)]);
    assert.deepEqual([...prepared.train[i].tokens], [...full.slice(0, full.length - 100)]);
  });
  assert.equal(prepared.train.length, 100);
  assert.deepEqual([...prepared.train[10].tokens], [...prepared.seedDocuments[10].tokens]);
  // UNK count = occurrences of the bigrams seen at most 10 times.
  const unk = prepared.seedDocuments.reduce((sum, d) => sum + d.tokens.filter((id) => id === 0).length, 0);
  assert.equal(prepared.vocabulary.counts[0], unk);
  assert.equal(prepared.vocabulary.counts.reduce((a, b) => a + b, 0), 449177);
});

test('training on 20 documents still counts the vocabulary over 100 and reads all 100 as seeds', needsRealCorpus, () => {
  const prepared = prepareCorpus({ dir: grimmCorpusDir, corpus: { ...book, documents: 20 }, numSteps: 26 });
  assert.equal(prepared.train.length, 20);
  assert.equal(prepared.seedDocuments.length, 100);
  assert.equal(prepared.vocabulary.tokens.length, 544);
  assert.equal(prepared.validation.length, 10);
});

test('a vocabulary counted over fewer documents differs, and ngram 1 gives characters', needsRealCorpus, () => {
  const small = prepareCorpus({
    dir: grimmCorpusDir,
    corpus: { ...book, documents: 12, vocabulary_documents: 12, ngram: 1, validation: { rule: 'fraction', fraction: 0.1, stream: 'per_document' } },
    numSteps: 26,
  });
  assert.equal(small.seedDocuments.length, 12);
  assert.ok(small.vocabulary.tokens.slice(1).every((token) => token.length === 1));
  const bytes = readFileSync(join(grimmCorpusDir, '001.txt')).length;
  assert.equal(small.seedDocuments[0].tokens.length, bytes - 1);
  const tail = Math.floor((bytes - 1) * 0.1);
  assert.equal(small.validation[0].tokens.length, tail);
  assert.equal(small.validationPredictions[0], tail - 1);
});

test('a hand-worked corpus: ids, training streams, validation tail, seeds', () => {
  // tiny: 001 → th, "e ", ca, t. │ 002 → th, "e ", ha, t! │ 003 → th, "e ", th, "e ", th
  const prepared = prepareCorpus({
    dir: join(fixturesDir, 'corpus', 'tiny'),
    corpus: { ...book, documents: 2, vocabulary_documents: 3, min_count: 0, validation: { rule: 'book', documents: 1, tokens_per_document: 2, stream: 'per_document' } },
    numSteps: 0, // threshold (0 + 1) × 2 = 2: 001.txt (4 tokens) is the first to qualify
  });
  assert.deepEqual(prepared.vocabulary, { ngram: 2, tokens: ['UNK', 'th', 'e ', 'ca', 't.', 'ha', 't!'], counts: [0, 5, 4, 1, 1, 1, 1] });
  assert.deepEqual(prepared.seedDocuments.map((d) => [d.name, [...d.tokens]]), [
    ['001.txt', [1, 2, 3, 4]],
    ['002.txt', [1, 2, 5, 6]],
    ['003.txt', [1, 2, 1, 2, 1]],
  ]);
  assert.deepEqual(prepared.train.map((d) => [d.name, [...d.tokens]]), [
    ['001.txt', [1, 2]],
    ['002.txt', [1, 2, 5, 6]],
  ]);
  assert.deepEqual(prepared.validation.map((d) => [d.name, [...d.tokens]]), [['001.txt', [3, 4]]]);
  assert.deepEqual(prepared.validationPredictions, [1]);
  // min_count 1 sends the four single bigrams to UNK.
  const pruned = prepareCorpus({ dir: join(fixturesDir, 'corpus', 'tiny'), corpus: { ...book, documents: 3, vocabulary_documents: 3, min_count: 1, validation: { rule: 'fraction', fraction: 0.5, stream: 'per_document' } }, numSteps: 26 });
  assert.deepEqual(pruned.train.map((d) => [...d.tokens]), [[1, 2], [1, 2], [1, 2, 1]]);
  assert.deepEqual(pruned.validation.map((d) => [...d.tokens]), [[0, 0], [0, 0], [2, 1]]);
  assert.deepEqual(pruned.validationPredictions, [1, 1, 1]);
});

test('a document with fewer than 2 tokens is a user error naming it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-prepare-'));
  try {
    writeFileSync(join(dir, '001.txt'), 'once upon a time');
    writeFileSync(join(dir, '002.txt'), 'abcd'); // range(0, 2, 2): one bigram
    assert.throws(
      () => prepareCorpus({ dir, corpus: { ...book, documents: 1, vocabulary_documents: 2 }, numSteps: 26 }),
      (error: unknown) => {
        assert.ok(error instanceof UserError);
        assert.equal(error.message, `${join(dir, '002.txt')}: its 4 characters give 1 bigrams (the last one is always dropped); every document needs at least 2`);
        return true;
      },
    );
  } finally {
    rmSync(dir, { recursive: true });
  }
});
