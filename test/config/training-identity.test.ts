// Training identity: what --reuse matches on. Equal only for runs that train the same updates on the same data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadExperiment } from '../../src/config/load-experiment.js';
import type { RunConfig } from '../../src/config/run-config.js';
import { trainingIdentity } from '../../src/config/training-identity.js';
import { fixturesDir } from '../helpers/paths.js';

const DIGEST = 'ab'.repeat(32);

/** The fixture's config with these train values (schedule book, 2 documents per step, num_unroll 5, batch 4). */
function config(train: Partial<RunConfig['train']>, more: Partial<RunConfig> = {}): RunConfig {
  const base = loadExperiment(join(fixturesDir, 'specs', 'minimal.yaml')).runs[0].config;
  return { ...base, ...more, train: { ...base.train, docs_per_step: 2, num_unroll: 5, batch_size: 4, tokens_per_step: null, ...train } };
}

test('book with U updates per document and tokens whose budget buys U are one training; other budgets are not', () => {
  const book3 = trainingIdentity(config({ schedule: 'book', updates_per_document: 3 }), DIGEST);
  // 2 documents × 3 updates × num_unroll 5 × batch 4 = 120 predictions per step.
  assert.equal(trainingIdentity(config({ schedule: 'tokens', tokens_per_step: 120, updates_per_document: 100 }), DIGEST), book3);
  assert.notEqual(trainingIdentity(config({ schedule: 'tokens', tokens_per_step: 160 }), DIGEST), book3, '4 updates per document');
  assert.notEqual(trainingIdentity(config({ schedule: 'book', updates_per_document: 4 }), DIGEST), book3);
  // A budget at another unroll buys 3 updates too, but of other length: not the same training.
  assert.notEqual(trainingIdentity(config({ schedule: 'tokens', tokens_per_step: 240, num_unroll: 10 }), DIGEST), book3);
});

test('the seed, any model value and the corpus digest tell runs apart; where the corpus lies does not', () => {
  const base = config({ schedule: 'book', updates_per_document: 3 });
  const identity = trainingIdentity(base, DIGEST);
  assert.notEqual(trainingIdentity({ ...base, seed: base.seed + 1 }, DIGEST), identity);
  assert.notEqual(trainingIdentity({ ...base, model: { ...base.model, hidden: base.model.hidden + 1 } }, DIGEST), identity);
  assert.notEqual(trainingIdentity(base, 'cd'.repeat(32)), identity);
  assert.equal(trainingIdentity({ ...base, corpus: { ...base.corpus, path: '/somewhere/else' } }, DIGEST), identity);
});

test('the epochs schedule keeps its own keys: it is never one with a fixed-update schedule', () => {
  const epochs = config({ schedule: 'epochs', epochs: 3 });
  assert.equal(JSON.parse(trainingIdentity(epochs, DIGEST)).train.schedule, 'epochs');
  assert.notEqual(trainingIdentity(epochs, DIGEST), trainingIdentity(config({ schedule: 'book', updates_per_document: 3 }), DIGEST));
});
