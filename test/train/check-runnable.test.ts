// checkRunnable: configurations that pass the schema but cannot run fail with a message naming the document or value.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkRunnable } from '../../src/train/check-runnable.js';
import { bookRunConfig, handCorpus, periodicIds } from '../helpers/engine-fixtures.js';

const config = bookRunConfig({
  train: { batch_size: 4, num_unroll: 5, docs_per_step: 2, num_steps: 3 },
  corpus: { validation: { rule: 'book', documents: 1, tokens_per_document: 10, stream: 'per_document' } },
});
const corpus = () => handCorpus({ vocabSize: 5, train: [periodicIds(4, 40), periodicIds(4, 30)], validation: [periodicIds(4, 10)], predictions: [5] });

function throwsUserError(fn: () => void, message: string): void {
  assert.throws(fn, (error: Error) => {
    assert.equal(error.name, 'UserError');
    assert.equal(error.message, message);
    return true;
  });
}

test('a runnable configuration passes', () => {
  checkRunnable(config, corpus());
});

test('a training document shorter than the batch needs', () => {
  const c = corpus();
  c.train[1].tokens = c.train[1].tokens.slice(0, 7);
  throwsUserError(
    () => checkRunnable({ ...config, corpus: { ...config.corpus, layout: 'segments' } }, c),
    '002.txt: training document has 7 tokens after its validation tail is removed; train.batch_size 4 with corpus.layout segments needs at least 8',
  );
});

test('more documents per step than training documents', () => {
  throwsUserError(
    () => checkRunnable({ ...config, train: { ...config.train, docs_per_step: 3 } }, corpus()),
    'train.docs_per_step is 3 but there are only 2 training documents (corpus.documents 20)',
  );
});

test('no validation document under the book rule', () => {
  const c = corpus();
  c.validation = [];
  c.validationPredictions = [];
  throwsUserError(
    () => checkRunnable(config, c),
    'corpus.validation: no validation document; the book rule needs documents with more than (train.num_steps + 1) × tokens_per_document = 40 tokens',
  );
});

test('a validation sequence too short for its predictions', () => {
  const c = corpus();
  c.validationPredictions = [10];
  throwsUserError(() => checkRunnable(config, c), '001.txt: validation sequence of 10 tokens cannot score 10 predictions (needs 1 to 9)');
});

test('a vocabulary of one token', () => {
  const c = corpus();
  c.vocabulary = { ngram: 1, tokens: ['UNK'], counts: [70] };
  throwsUserError(
    () => checkRunnable(config, c),
    'corpus: the vocabulary has 1 token (UNK only); nothing can be learned (lower corpus.min_count, now 10, or use more corpus.vocabulary_documents)',
  );
});

test('a seed text shorter than one token', () => {
  throwsUserError(
    () => checkRunnable(bookRunConfig({ ...config, generation: { seed_text: 'a' } }), { ...corpus(), vocabulary: { ngram: 2, tokens: ['UNK', 'ab'], counts: [1, 1] } }),
    'generation.seed_text: "a" is shorter than one token (corpus.ngram 2 characters)',
  );
});

test('RNN-CF: a fixed alpha of 0 or 1 runs (the ablation sweeps 0); a learned one must stay inside (0, 1)', () => {
  for (const alpha of [0, 1]) {
    checkRunnable({ ...config, model: { ...config.model, type: 'rnncf', alpha, learn_alpha: false } }, corpus());
  }
  throwsUserError(
    () => checkRunnable({ ...config, model: { ...config.model, type: 'rnncf', alpha: 0, learn_alpha: true } }, corpus()),
    'model.alpha: must be strictly between 0 and 1 when learn_alpha is true; got 0',
  );
});

test('no training documents', () => {
  throwsUserError(() => checkRunnable(config, { ...corpus(), train: [] }), 'corpus.documents: no training documents');
});

test('a training document of exactly the tokens the layout needs runs; one token fewer does not', () => {
  // book layout: batch_size + 1 tokens (each row's first input and the target after it).
  const c = corpus();
  c.train[1].tokens = c.train[1].tokens.slice(0, 5);
  checkRunnable(config, c);
  c.train[1].tokens = c.train[1].tokens.slice(0, 4);
  throwsUserError(
    () => checkRunnable(config, c),
    '002.txt: training document has 4 tokens after its validation tail is removed; train.batch_size 4 with corpus.layout book needs at least 5',
  );
});

test('docs_per_step beyond the training documents is refused under book and tokens, ignored by the epochs schedule', () => {
  checkRunnable({ ...config, train: { ...config.train, schedule: 'epochs', docs_per_step: 3 } }, corpus());
  throwsUserError(
    () => checkRunnable({ ...config, train: { ...config.train, schedule: 'tokens', tokens_per_step: 120, docs_per_step: 3 } }, corpus()),
    'train.docs_per_step is 3 but there are only 2 training documents (corpus.documents 20)',
  );
});

test('no validation document under the fraction rule', () => {
  const c = { ...corpus(), validation: [], validationPredictions: [] };
  const fraction = { ...config, corpus: { ...config.corpus, validation: { rule: 'fraction' as const, fraction: 0.01, stream: 'per_document' as const } } };
  throwsUserError(() => checkRunnable(fraction, c), 'corpus.validation: no validation document (fraction 0.01 leaves no held-out tokens)');
});

test('a validation sequence scores 1 to length − 1 predictions; 0, a fraction or NaN is refused', () => {
  for (const predictions of [1, 9]) checkRunnable(config, { ...corpus(), validationPredictions: [predictions] });
  for (const [predictions, shown] of [[0, '0'], [0.5, '0.5'], [Number.NaN, 'NaN']] as const) {
    throwsUserError(
      () => checkRunnable(config, { ...corpus(), validationPredictions: [predictions] }),
      `001.txt: validation sequence of 10 tokens cannot score ${shown} predictions (needs 1 to 9)`,
    );
  }
});

test('a stacked model needs a layer; other models ignore model.layers', () => {
  throwsUserError(
    () => checkRunnable({ ...config, model: { ...config.model, type: 'stacked', layers: [] } }, corpus()),
    'model.layers: a stacked model needs at least one layer',
  );
  for (const type of ['rnn', 'rnncf', 'lstm'] as const) checkRunnable({ ...config, model: { ...config.model, type, layers: [] } }, corpus());
});

test('a learned alpha of 1 is refused too; one inside (0, 1), or one that nothing uses, runs', () => {
  const model = { ...config.model, type: 'rnncf' as const, learn_alpha: true };
  throwsUserError(
    () => checkRunnable({ ...config, model: { ...model, alpha: 1 } }, corpus()),
    'model.alpha: must be strictly between 0 and 1 when learn_alpha is true; got 1',
  );
  checkRunnable({ ...config, model: { ...model, alpha: 0.5 } }, corpus());
  // No context units (the RNN-CF is then a plain RNN), or not an RNN-CF: alpha is not used.
  checkRunnable({ ...config, model: { ...model, alpha: 1, context: 0 } }, corpus());
  checkRunnable({ ...config, model: { ...model, alpha: 1, type: 'rnn' } }, corpus());
});

test('the seed checks apply only when something is generated: a seed text of one token runs; empty seed documents need a seed text', () => {
  const bigrams = { ...corpus(), vocabulary: { ngram: 2 as const, tokens: ['UNK', 'ab'], counts: [1, 1] } };
  checkRunnable(bookRunConfig({ ...config, generation: { seed_text: 'ab' } }), bigrams);
  checkRunnable(bookRunConfig({ ...config, generation: { seed_text: 'a', segments: 0 } }), bigrams);
  const c = corpus();
  const empty = { name: 'empty.txt', tokens: new Int32Array(0) };
  checkRunnable(config, { ...c, seedDocuments: [empty, c.train[0]] });
  throwsUserError(
    () => checkRunnable(config, { ...c, seedDocuments: [empty, empty] }),
    'generation.seed_text: null needs a document to draw the seed from, but every document is empty',
  );
  checkRunnable(bookRunConfig({ ...config, generation: { seed_text: 'ab' } }), { ...c, seedDocuments: [empty] });
  checkRunnable(bookRunConfig({ ...config, generation: { segments: 0 } }), { ...c, seedDocuments: [empty] });
  // generation.measure draws its seed texts by the book's rule whatever the display samples' seed text.
  const measure = { samples: 2, length: 5, decodings: ['greedy' as const], temperature: 1, top_k: 5, at: ['final' as const] };
  throwsUserError(
    () => checkRunnable(bookRunConfig({ ...config, generation: { seed_text: 'ab', measure } }), { ...c, seedDocuments: [empty] }),
    'generation.measure: needs a document to draw seed texts from, but every document is empty',
  );
  checkRunnable(bookRunConfig({ ...config, generation: { seed_text: 'ab', measure } }), { ...c, seedDocuments: [empty, c.train[0]] });
});
