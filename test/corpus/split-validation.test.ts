// The validation split: the book's rule (first long documents lose their tails) and the fraction rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitValidation } from '../../src/corpus/split-validation.js';
import type { TokenDocument } from '../../src/corpus/prepared-corpus.js';

// Documents whose token values encode (document, position): 100·d + i.
function makeDocuments(lengths: number[]): TokenDocument[] {
  return lengths.map((length, d) => ({
    name: `00${d + 1}.txt`,
    tokens: Int32Array.from({ length }, (_, i) => 100 * d + i),
  }));
}

test('book rule: the first long documents in file order give up their last tokens_per_document tokens', () => {
  // num_steps 1, tokens_per_document 3 → threshold (1 + 1) × 3 = 6: documents 1 (7) and 3 (10) qualify, 4 (6) does not.
  const documents = makeDocuments([7, 5, 10, 6, 8]);
  const split = splitValidation({
    documents,
    trainCount: 4,
    validation: { rule: 'book', documents: 2, tokens_per_document: 3 },
    numSteps: 1,
  });
  assert.deepEqual(split.train.map((d) => d.name), ['001.txt', '002.txt', '003.txt', '004.txt']);
  assert.deepEqual([...split.train[0].tokens], [0, 1, 2, 3]);
  assert.deepEqual([...split.train[1].tokens], [100, 101, 102, 103, 104]);
  assert.deepEqual([...split.train[2].tokens], [200, 201, 202, 203, 204, 205, 206]);
  assert.deepEqual([...split.train[3].tokens], [300, 301, 302, 303, 304, 305]);
  assert.deepEqual(split.validation.map((d) => d.name), ['001.txt', '003.txt']);
  assert.deepEqual([...split.validation[0].tokens], [4, 5, 6]);
  assert.deepEqual([...split.validation[1].tokens], [207, 208, 209]);
  assert.deepEqual(split.validationPredictions, [1, 1]); // ⌊3 / 2⌋
  // The inputs are untouched.
  assert.equal(documents[0].tokens.length, 7);
});

test('book rule: validation documents are picked among all documents read, not only the training ones', () => {
  const split = splitValidation({
    documents: makeDocuments([7, 5, 10, 6, 8]),
    trainCount: 2,
    validation: { rule: 'book', documents: 3, tokens_per_document: 3 },
    numSteps: 1,
  });
  assert.deepEqual(split.validation.map((d) => d.name), ['001.txt', '003.txt', '005.txt']);
  assert.deepEqual(split.train.map((d) => [d.name, d.tokens.length]), [['001.txt', 4], ['002.txt', 5]]);
  assert.deepEqual(split.validationPredictions, [1, 1, 1]);
});

test('book rule: the threshold grows with num_steps', () => {
  // num_steps 2 → threshold 9: only document 3 (10 tokens) qualifies.
  assert.throws(
    () =>
      splitValidation({
        documents: makeDocuments([7, 5, 10, 6, 8]),
        trainCount: 5,
        validation: { rule: 'book', documents: 2, tokens_per_document: 3 },
        numSteps: 2,
      }),
    {
      message:
        'corpus.validation: the book rule needs 2 documents with more than 9 tokens ((num_steps 2 + 1) × ' +
        'tokens_per_document 3) among the 5 read; 1 qualify. Lower validation.documents or tokens_per_document, ' +
        'read more documents, or use validation rule "fraction"',
    },
  );
});

test('fraction rule: every training document loses its last ⌊N × fraction⌋ tokens, all scored', () => {
  const split = splitValidation({
    documents: makeDocuments([8, 10, 12]),
    trainCount: 2,
    validation: { rule: 'fraction', fraction: 0.25 },
    numSteps: 26,
  });
  assert.deepEqual(split.train.map((d) => [...d.tokens]), [
    [0, 1, 2, 3, 4, 5],
    [100, 101, 102, 103, 104, 105, 106, 107],
  ]);
  assert.deepEqual(split.validation.map((d) => [...d.tokens]), [
    [6, 7],
    [108, 109],
  ]);
  assert.deepEqual(split.validationPredictions, [1, 1]);
});

test('fraction rule: a document too short for a 2-token tail is a user error naming it', () => {
  assert.throws(
    () =>
      splitValidation({
        documents: makeDocuments([8, 7]),
        trainCount: 2,
        validation: { rule: 'fraction', fraction: 0.25 },
        numSteps: 26,
      }),
    {
      message:
        'corpus.validation.fraction: 002.txt has 7 tokens, so fraction 0.25 holds out 1; every training document ' +
        'needs at least 2 held-out tokens and 2 left for training',
    },
  );
  assert.throws(
    () =>
      splitValidation({
        documents: makeDocuments([8]),
        trainCount: 1,
        validation: { rule: 'fraction', fraction: 1 },
        numSteps: 26,
      }),
    { message: 'corpus.validation.fraction: must be greater than 0 and less than 1; got 1' },
  );
});
