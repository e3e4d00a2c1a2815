// corpus.test: its schema (a range of documents, null by default), the rule that no test document is trained on or
// counted into the vocabulary (exact text, at the value to change), and run ids unchanged without it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadExperiment, type Experiment as LoadedExperiment } from '../../src/config/load-experiment.js';
import { runId } from '../../src/config/run-id.js';
import { UserError } from '../../src/config/user-error.js';

const DIGEST = 'c0ffee'.repeat(10) + 'c0ffee00';

/** Loads `yaml` as spec.yaml: the experiment, or the UserError's text with the temporary folder left out. */
function load(yaml: string, overrides: string[] = []): LoadedExperiment | string {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-test-set-'));
  try {
    writeFileSync(join(dir, 'spec.yaml'), yaml);
    try {
      return loadExperiment(join(dir, 'spec.yaml'), overrides);
    } catch (error) {
      if (error instanceof UserError) return error.message.replaceAll(join(dir, 'spec.yaml'), 'spec.yaml');
      throw error;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function loaded(yaml: string, overrides: string[] = []): LoadedExperiment {
  const out = load(yaml, overrides);
  if (typeof out === 'string') assert.fail(out);
  return out;
}

test('corpus.test is null by default; a range resolves with tokens_per_document null unless given', () => {
  assert.equal(loaded('name: t\n').runs[0].config.corpus.test, null);
  assert.deepEqual(loaded('name: t\ncorpus:\n  test: {from: 101, count: 20}\n').runs[0].config.corpus.test, {
    from: 101,
    count: 20,
    tokens_per_document: null,
  });
  assert.deepEqual(loaded('name: t\ncorpus:\n  test: {from: 101, count: 2, tokens_per_document: 50}\n').runs[0].config.corpus.test, {
    from: 101,
    count: 2,
    tokens_per_document: 50,
  });
});

test('a test set without from or count, or with values out of range, is refused where it is written', () => {
  assert.equal(
    load('name: t\ncorpus:\n  test: {count: 0, tokens_per_document: 0, form: 3}\n'),
    [
      'spec.yaml:3:9: /corpus/test missing required key "from"',
      'spec.yaml:3:17: /corpus/test/count must be >= 1; got 0',
      'spec.yaml:3:41: /corpus/test/tokens_per_document must be >= 1; got 0',
      'spec.yaml:3:44: /corpus/test unknown key "form" (did you mean "from"?)',
    ].join('\n'),
  );
});

test('test documents that are trained on, or counted into the vocabulary, are refused, naming them', () => {
  assert.equal(
    load('name: t\ncorpus:\n  documents: 20\n  test: {from: 15, count: 10}\n'),
    'spec.yaml:4:16: /corpus/test/from test documents 015.txt–020.txt are trained on or hold validation tails ' +
      '(corpus.documents 20: 001.txt–020.txt); a test document must come after 001.txt–020.txt, from 21',
  );
  // After the training documents but inside the vocabulary's (vocabulary_documents 100 by default).
  assert.equal(
    load('name: t\ncorpus:\n  documents: 20\n  test: {from: 100, count: 3}\n'),
    'spec.yaml:4:16: /corpus/test/from test documents 100.txt are counted into the vocabulary and may hold ' +
      'validation tails (corpus.vocabulary_documents 100: 001.txt–100.txt); a test document must come after ' +
      '001.txt–100.txt, from 101',
  );
  assert.equal(typeof load('name: t\ncorpus:\n  vocabulary_documents: 20\n  test: {from: 21, count: 3}\n'), 'object');
});

test('a swept test set is checked per grid point, at the grid value', () => {
  assert.equal(
    load('name: t\ngrid:\n  corpus.test: [{from: 101, count: 5}, {from: 2, count: 1}]\n'),
    'spec.yaml:3:47: /grid/corpus.test/1/from test documents 002.txt are trained on or hold validation tails ' +
      '(corpus.documents 20: 001.txt–020.txt); a test document must come after 001.txt–020.txt, from 21 ' +
      '(grid point {corpus.test: {from: 2, count: 1}})',
  );
});

test('run ids: corpus.test null (written or not) keeps every id; a test set gives new ones', () => {
  const ids = (experiment: LoadedExperiment) => experiment.runs.map((run) => runId('t', run.config, DIGEST));
  const without = ids(loaded('name: t\nseeds: [1, 2]\n'));
  assert.deepEqual(ids(loaded('name: t\nseeds: [1, 2]\ncorpus: {test: null}\n')), without);
  const withTest = ids(loaded('name: t\nseeds: [1, 2]\ncorpus: {test: {from: 101, count: 5}}\n'));
  assert.ok(withTest.every((id) => !without.includes(id)));
});
