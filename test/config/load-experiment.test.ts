// Loading good experiment files: defaults filled, grid × zip × seeds expanded, paths resolved, --set applied.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadExperiment, type Experiment } from '../../src/config/load-experiment.js';
import type { RunConfig } from '../../src/config/run-config.js';
import { createCorpusIdentifier } from '../../src/corpus/identify-corpus.js';
import { identifyRuns } from '../../src/runner/identify-runs.js';
import { fixturesDir } from '../helpers/paths.js';

/** The run ids (corpus identified from the fixture files, or the Grimm manifest for the default corpus). */
function idsOf(experiment: Experiment): string[] {
  return identifyRuns(experiment, createCorpusIdentifier({ env: {}, defaultDir: join(tmpdir(), 'no-such-corpus') })).runs.map((r) => r.id);
}

const spec = (name: string) => join(fixturesDir, 'specs', name);

/** The chapter-6 settings as the brief lists them, written out independently of the schema. */
const bookDefaults: Omit<RunConfig, 'seed'> = {
  corpus: {
    path: null,
    documents: 20,
    vocabulary_documents: 100,
    ngram: 2,
    min_count: 10,
    validation: { rule: 'book', documents: 10, tokens_per_document: 100, stream: 'per_document' },
    test: null,
    layout: 'book',
  },
  model: {
    type: 'rnn',
    hidden: 64,
    context: 64,
    alpha: 0.9,
    learn_alpha: false,
    activation: 'sigmoid',
    variant: 'paper',
    layers: [128, 64, 32],
    bias: false,
    init_std: 0.02,
    forget_bias: 1,
  },
  train: {
    num_unroll: 50,
    batch_size: 64,
    optimizer: 'adam',
    learning_rate: 0.001,
    clip_norm: 5,
    schedule: 'book',
    num_steps: 26,
    docs_per_step: 5,
    updates_per_document: 100,
    tokens_per_step: null,
    epochs: 10,
    state_reset: 'document',
    validate_every: 1,
  },
  generation: {
    length: 1000,
    segments: 1,
    decoding: 'greedy',
    temperature: 1,
    top_k: 5,
    reset: 'noise',
    noise_std: 0.01,
    seed_text: null,
    measure: null,
  },
};

function withTempSpec(text: string, body: (path: string, dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-spec-'));
  try {
    const path = join(dir, 'spec.yaml');
    writeFileSync(path, text);
    body(path, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a file with only a name gives one run with every book default and seed 1', () => {
  const experiment = loadExperiment(spec('minimal.yaml'));
  assert.equal(experiment.name, 'minimal');
  assert.equal(experiment.description, null);
  assert.equal(experiment.runs.length, 1);
  assert.equal(experiment.gridPointCount, 1);
  assert.deepEqual(experiment.seeds, [1]);
  assert.deepEqual(experiment.gridKeys, []);
  const [run] = experiment.runs;
  assert.deepEqual(run.config, { ...bookDefaults, seed: 1 });
  assert.deepEqual(run.params, { seed: 1 });
  assert.equal(run.gridPoint, 0);
  assert.equal(experiment.specText, 'name: minimal\n');
});

test('grid × zip × seeds: every combination once, zip values paired, params matching the configs', () => {
  const experiment = loadExperiment(spec('zip-groups.yaml'));
  // grid model.type (2) × zip group 0 (2 pairs) × zip group 1 (3 pairs) = 12 points, × 2 seeds.
  assert.equal(experiment.gridPointCount, 12);
  assert.equal(experiment.runs.length, 24);
  assert.deepEqual(experiment.gridKeys, [
    'model.type',
    'corpus.documents',
    'train.docs_per_step',
    'train.learning_rate',
    'train.clip_norm',
  ]);
  const seen = new Set<string>();
  for (const run of experiment.runs) {
    const { config, params } = run;
    assert.equal(params['model.type'], config.model.type);
    assert.equal(params['corpus.documents'], config.corpus.documents);
    assert.equal(params['train.docs_per_step'], config.train.docs_per_step);
    assert.equal(params['train.learning_rate'], config.train.learning_rate);
    assert.equal(params['train.clip_norm'], config.train.clip_norm);
    assert.equal(params.seed, config.seed);
    // zip pairs move together: 20 documents with 5 per step, 100 with 10; learning rate i with clip norm i.
    assert.equal(config.train.docs_per_step, config.corpus.documents === 20 ? 5 : 10);
    assert.equal(config.train.clip_norm, Math.round(config.train.learning_rate * 1000));
    assert.equal(config.model.hidden, 8, 'base values stay');
    seen.add(JSON.stringify([config.model.type, config.corpus.documents, config.train.learning_rate, config.seed]));
  }
  assert.equal(seen.size, 24);
  assert.equal(new Set(idsOf(experiment)).size, 24);
  // Order: grid point by grid point (the last factor varies fastest), seeds within a point.
  assert.deepEqual(
    experiment.runs.map((r) => r.gridPoint),
    Array.from({ length: 24 }, (_, i) => Math.floor(i / 2)),
  );
  assert.deepEqual(
    experiment.runs.slice(0, 8).map((r) => [r.params['model.type'], r.params['corpus.documents'], r.params['train.learning_rate'], r.params.seed]),
    [
      ['rnn', 20, 0.001, 1],
      ['rnn', 20, 0.001, 2],
      ['rnn', 20, 0.002, 1],
      ['rnn', 20, 0.002, 2],
      ['rnn', 20, 0.003, 1],
      ['rnn', 20, 0.003, 2],
      ['rnn', 100, 0.001, 1],
      ['rnn', 100, 0.001, 2],
    ],
  );
});

test('a single zip mapping, the yaml-language-server comment, and a relative corpus path read from the file folder', () => {
  const experiment = loadExperiment(spec('good-grid.yaml'));
  assert.equal(experiment.runs.length, 12);
  assert.equal(experiment.gridPointCount, 4);
  assert.deepEqual(experiment.seeds, [1, 2, 3]);
  for (const run of experiment.runs) assert.equal(run.config.corpus.path, join(fixturesDir, 'corpus'));
});

test('the same file loads to the same run ids from any working directory', () => {
  const first = idsOf(loadExperiment(spec('good-grid.yaml')));
  const cwd = process.cwd();
  process.chdir(tmpdir());
  try {
    assert.deepEqual(idsOf(loadExperiment(spec('good-grid.yaml'))), first);
  } finally {
    process.chdir(cwd);
  }
});

test('activation resolves from the variant unless set; validation keeps only its rule\'s fields', () => {
  const text = [
    'name: resolve',
    'corpus:',
    '  validation: {rule: fraction, fraction: 0.2}',
    'grid:',
    '  model.variant: [book, paper]',
    '',
  ].join('\n');
  withTempSpec(text, (path) => {
    const runs = loadExperiment(path).runs;
    assert.deepEqual(runs.map((r) => [r.config.model.variant, r.config.model.activation]), [
      ['book', 'tanh'],
      ['paper', 'sigmoid'],
    ]);
    assert.deepEqual(runs[0].config.corpus.validation, { rule: 'fraction', fraction: 0.2, stream: 'per_document' });
  });
  withTempSpec('name: tanh-paper\nmodel: {variant: paper, activation: tanh}\ncorpus: {validation: {rule: fraction}}\n', (path) => {
    const [run] = loadExperiment(path).runs;
    assert.equal(run.config.model.activation, 'tanh');
    assert.deepEqual(run.config.corpus.validation, { rule: 'fraction', fraction: 0.1, stream: 'per_document' });
  });
  withTempSpec('name: partial-validation\ncorpus: {validation: {documents: 3}}\n', (path) => {
    assert.deepEqual(loadExperiment(path).runs[0].config.corpus.validation, { rule: 'book', documents: 3, tokens_per_document: 100, stream: 'per_document' });
  });
});

test('--set values are typed as YAML, applied before validation, and take a swept path out of the grid', () => {
  const base = loadExperiment(spec('good-grid.yaml'));
  const experiment = loadExperiment(spec('good-grid.yaml'), [
    'train.num_unroll=10',
    'model.type=rnncf',
    'model.layers=[16, 8]',
    'generation.seed_text=once upon',
    'seeds=[7]',
  ]);
  assert.deepEqual(experiment.gridKeys, ['corpus.documents', 'train.docs_per_step']);
  assert.equal(experiment.runs.length, 2);
  for (const run of experiment.runs) {
    assert.equal(run.config.train.num_unroll, 10);
    assert.equal(run.config.model.type, 'rnncf');
    assert.deepEqual(run.config.model.layers, [16, 8]);
    assert.equal(run.config.generation.seed_text, 'once upon');
    assert.equal(run.config.seed, 7);
    assert.deepEqual(Object.keys(run.params), ['corpus.documents', 'train.docs_per_step', 'seed']);
  }
  assert.deepEqual(experiment.overrides.length, 5);
  assert.equal(experiment.specText, base.specText, 'the spec text stays as written');
  // A later --set wins; a grid list can be replaced.
  const regridded = loadExperiment(spec('good-grid.yaml'), ['grid.model.type=[lstm]', 'seeds=[1]', 'seeds=[4, 5]']);
  assert.deepEqual(regridded.runs.map((r) => r.config.model.type), ['lstm', 'lstm', 'lstm', 'lstm']);
  assert.deepEqual(regridded.seeds, [4, 5]);
});

test('a run keeps its id when only an unrelated grid key is added or removed', () => {
  withTempSpec('name: a\ngrid:\n  model.type: [rnn, rnncf]\n', (path) => {
    const swept = idsOf(loadExperiment(path));
    const fixed = idsOf(loadExperiment(path, ['model.type=rnncf']));
    assert.equal(fixed.length, 1);
    assert.equal(fixed[0], swept[1]);
  });
});
