// Run ids: the same config on the same corpus always gives the same id; any changed value or corpus content gives a
// new one; a moved corpus folder or a new option left at its old behaviour does not. The quickstart's ids are pinned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadExperiment } from '../../src/config/load-experiment.js';
import type { RunConfig } from '../../src/config/run-config.js';
import { KEYS_ADDED_SINCE_FORM, runId } from '../../src/config/run-id.js';
import { createCorpusIdentifier } from '../../src/corpus/identify-corpus.js';
import { identifyRuns } from '../../src/runner/identify-runs.js';
import { fixturesDir, projectRoot } from '../helpers/paths.js';
import { grimmCorpusDir, needsRealCorpus } from '../helpers/real-corpus.js';

const DIGEST = 'c0ffee'.repeat(10) + 'c0ffee00';

function baseConfig(): RunConfig {
  return loadExperiment(join(fixturesDir, 'specs', 'minimal.yaml')).runs[0].config;
}

/** Every leaf path of a config (arrays as leaves). */
function leafPaths(value: unknown, prefix: string[] = []): string[][] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
  }
  return [prefix];
}

function changed(value: unknown): unknown {
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'string') return `${value}x`;
  if (value === null) return 'x';
  if (Array.isArray(value)) return [...value, 1];
  throw new Error(`unexpected leaf ${String(value)}`);
}

function withValue(config: RunConfig, path: string[], value: unknown): RunConfig {
  const copy = structuredClone(config) as unknown as Record<string, unknown>;
  let parent = copy;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string, unknown>;
  parent[path[path.length - 1]] = value;
  return copy as unknown as RunConfig;
}

test('the id is 12 hex digits of the SHA-256 of {form 2, experiment, config without corpus.path, with corpus.digest}, keys sorted', () => {
  const config = baseConfig();
  const reversed = JSON.parse(JSON.stringify(config, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
  )) as RunConfig;
  assert.notEqual(JSON.stringify(reversed), JSON.stringify(config));
  assert.equal(runId('exp', reversed, DIGEST), runId('exp', config, DIGEST));
  assert.match(runId('exp', config, DIGEST), /^[0-9a-f]{12}$/);
  // Independent canonical form: sort keys by hand.
  const sorted = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])]))
      : v;
  // Keys added since form 2, at their old-behaviour values, are left out by hand.
  const { path: _path, validation, test: testSet, ...corpus } = config.corpus;
  const { stream, ...rule } = validation;
  const { tokens_per_step, validate_every, ...train } = config.train;
  const { measure, ...generation } = config.generation;
  assert.deepEqual([stream, tokens_per_step, validate_every, measure, testSet], ['per_document', null, 1, null, null]);
  const hashed = { form: 2, experiment: 'exp', config: { ...config, corpus: { ...corpus, validation: rule, digest: DIGEST }, train, generation } };
  const expected = createHash('sha256').update(JSON.stringify(sorted(hashed))).digest('hex').slice(0, 12);
  assert.equal(runId('exp', config, DIGEST), expected);
});

test('changing any single value, seed included, or the corpus digest changes the id; the corpus folder does not', () => {
  const config = baseConfig();
  const ids = new Set([runId('exp', config, DIGEST)]);
  const paths = leafPaths(config);
  assert.ok(paths.some((p) => p.join('.') === 'seed'));
  for (const path of paths) {
    const copy = withValue(config, path, changed(valueAt(config, path)));
    const id = runId('exp', copy, DIGEST);
    if (path.join('.') === 'corpus.path') {
      assert.equal(id, runId('exp', config, DIGEST), 'moving the corpus folder changed the id');
      continue;
    }
    assert.ok(!ids.has(id), `changing ${path.join('.')} kept an existing id`);
    ids.add(id);
  }
  assert.notEqual(runId('exp', config, DIGEST.replace(/^c/, 'd')), runId('exp', config, DIGEST));
});

function valueAt(config: RunConfig, path: string[]): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], config);
}

test('the same config in two experiments gets two ids, so each experiment owns its runs', () => {
  const config = baseConfig();
  assert.notEqual(runId('book-ch6', config, DIGEST), runId('ablation-alpha', config, DIGEST));
  assert.equal(runId('book-ch6', config, DIGEST), runId('book-ch6', baseConfig(), DIGEST));
});

/** Every key of RunConfig when canonical form 2 was fixed. A key not here must be in KEYS_ADDED_SINCE_FORM. */
const FORM_2_KEYS = [
  'corpus.path', 'corpus.documents', 'corpus.vocabulary_documents', 'corpus.ngram', 'corpus.min_count',
  'corpus.validation.rule', 'corpus.validation.documents', 'corpus.validation.tokens_per_document', 'corpus.validation.fraction',
  'corpus.layout',
  'model.type', 'model.hidden', 'model.context', 'model.alpha', 'model.learn_alpha', 'model.activation', 'model.variant',
  'model.layers', 'model.bias', 'model.init_std', 'model.forget_bias',
  'train.num_unroll', 'train.batch_size', 'train.optimizer', 'train.learning_rate', 'train.clip_norm', 'train.schedule',
  'train.num_steps', 'train.docs_per_step', 'train.updates_per_document', 'train.epochs', 'train.state_reset',
  'generation.length', 'generation.segments', 'generation.decoding', 'generation.temperature', 'generation.top_k',
  'generation.reset', 'generation.noise_std', 'generation.seed_text',
  'seed',
];

test('every key of a resolved config is in canonical form 2 or registered as added with its old-behaviour value', () => {
  const registered = new Set(KEYS_ADDED_SINCE_FORM.map((key) => key.path));
  const configs = [baseConfig(), loadExperiment(join(fixturesDir, 'specs', 'minimal.yaml'), ['corpus.validation.rule=fraction']).runs[0].config];
  for (const config of configs) {
    for (const path of leafPaths(config).map((p) => p.join('.'))) {
      assert.ok(
        FORM_2_KEYS.includes(path) || registered.has(path),
        `${path} is a new config key: add it to KEYS_ADDED_SINCE_FORM (src/config/run-id.ts) with the value that ` +
          'reproduces the behaviour before it, so existing run ids do not change',
      );
    }
  }
  for (const key of KEYS_ADDED_SINCE_FORM) assert.ok(!FORM_2_KEYS.includes(key.path), `${key.path} was already in form 2`);
});

/** The quickstart's runs, identified from the Grimm manifest (no corpus needed). */
function quickstartIds(options: Parameters<typeof createCorpusIdentifier>[0] = { env: {}, defaultDir: join(tmpdir(), 'no-corpus-here') }) {
  const experiment = loadExperiment(join(projectRoot, 'experiments', 'quickstart.yaml'));
  return identifyRuns(experiment, createCorpusIdentifier(options)).runs.map((run) => [run.id, run.params]);
}

/**
 * Pinned. If this fails, run ids changed: every stored run of every user would be retrained instead of resumed. Make
 * the change keep ids (KEYS_ADDED_SINCE_FORM), or bump CANONICAL_FORM_VERSION with a schema migration that rewrites
 * stored ids (see src/store/rewrite-run-ids.ts), then update these.
 */
const QUICKSTART_IDS = [
  ['cdddee73d9c7', { 'model.type': 'rnn', seed: 1 }],
  ['1d2e69b51fc7', { 'model.type': 'rnn', seed: 2 }],
  ['ee830a39c1f3', { 'model.type': 'rnn', seed: 3 }],
  ['760df4aaff30', { 'model.type': 'rnncf', seed: 1 }],
  ['e131828e2f60', { 'model.type': 'rnncf', seed: 2 }],
  ['0fd4f73a273c', { 'model.type': 'rnncf', seed: 3 }],
];

test('the quickstart run ids are pinned', () => {
  assert.deepEqual(quickstartIds(), QUICKSTART_IDS);
});

test('the real Grimm files give the quickstart the same ids as the manifest, from any folder', needsRealCorpus, () => {
  assert.deepEqual(quickstartIds({ env: { RNNLAB_CORPUS_DIR: grimmCorpusDir } }), QUICKSTART_IDS);
});

test('a key added with its old-behaviour value leaves every id unchanged; another value gives new ids', () => {
  const added = [...KEYS_ADDED_SINCE_FORM, { path: 'train.weight_decay', before: 0 }, { path: 'generation.stop_at', before: null }];
  const experiment = loadExperiment(join(projectRoot, 'experiments', 'quickstart.yaml'));
  for (const run of experiment.runs) {
    const id = runId('quickstart', run.config, DIGEST);
    // What a newer rnnlab resolves: the new keys present with their defaults.
    const newer = withValue(withValue(run.config, ['train', 'weight_decay'], 0), ['generation', 'stop_at'], null);
    assert.equal(runId('quickstart', newer, DIGEST, added), id);
    assert.notEqual(runId('quickstart', withValue(newer, ['train', 'weight_decay'], 0.01), DIGEST, added), id);
    assert.notEqual(runId('quickstart', withValue(newer, ['generation', 'stop_at'], '.'), DIGEST, added), id);
    // Not registered, the same key would have changed the id: the registry is what keeps it.
    assert.notEqual(runId('quickstart', newer, DIGEST), id);
  }
});

test('generation.measure: off (null) hashes as if the key did not exist; set, the run is another run', () => {
  const experiment = loadExperiment(join(projectRoot, 'experiments', 'quickstart.yaml'));
  for (const run of experiment.runs) {
    assert.equal(run.config.generation.measure, null);
    const withoutKey = structuredClone(run.config) as unknown as { generation: Record<string, unknown> };
    delete withoutKey.generation.measure;
    const id = runId('quickstart', run.config, DIGEST);
    assert.equal(runId('quickstart', withoutKey as unknown as RunConfig, DIGEST), id);
    const measured = loadExperiment(join(projectRoot, 'experiments', 'quickstart.yaml'), ['generation.measure={}']).runs.find(
      (r) => r.config.seed === run.config.seed && r.config.model.type === run.config.model.type,
    )!;
    assert.deepEqual(measured.config.generation.measure, { samples: 20, length: 200, decodings: ['greedy', 'sample'], temperature: 1, top_k: 5, at: ['best', 'final'] });
    assert.notEqual(runId('quickstart', measured.config, DIGEST), id);
  }
  assert.ok(experiment.runs.length > 0);
});

test('corpus.test written as null leaves the quickstart ids pinned above', () => {
  const experiment = loadExperiment(join(projectRoot, 'experiments', 'quickstart.yaml'), ['corpus.test=null']);
  assert.equal(experiment.runs[0].config.corpus.test, null);
  const ids = identifyRuns(experiment, createCorpusIdentifier({ env: {}, defaultDir: join(tmpdir(), 'no-corpus-here') })).runs;
  assert.deepEqual(ids.map((run) => [run.id, run.params]), QUICKSTART_IDS);
});
