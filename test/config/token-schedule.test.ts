// The tokens schedule's config: updates per document from the budget, the checks on tokens_per_step with their exact
// messages, and run ids: book runs keep theirs when a shared base config gains tokens_per_step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatTokenBudgets } from '../../src/config/format-token-budgets.js';
import { loadExperiment } from '../../src/config/load-experiment.js';
import type { RunConfig, TrainConfig } from '../../src/config/run-config.js';
import { runId } from '../../src/config/run-id.js';
import { updatesPerDocument } from '../../src/config/updates-per-document.js';
import { UserError } from '../../src/config/user-error.js';
import { projectRoot } from '../helpers/paths.js';

const DIGEST = 'c0ffee'.repeat(10) + 'c0ffee00';

function trainConfig(overrides: Partial<TrainConfig>): TrainConfig {
  return {
    ...loadExperiment(join(projectRoot, 'experiments', 'quickstart.yaml')).runs[0].config.train,
    ...overrides,
  };
}

test('updates per document: book reads updates_per_document; tokens divides the budget by docs × unroll × batch', () => {
  const base = { docs_per_step: 10, batch_size: 64, updates_per_document: 100, tokens_per_step: 3_200_000 };
  // 3 200 000 / (10 × 64) = 5000; / (10 × 10 × 64) = 500; / (10 × 50 × 64) = 100.
  assert.equal(updatesPerDocument(trainConfig({ ...base, schedule: 'tokens', num_unroll: 1 })), 5000);
  assert.equal(updatesPerDocument(trainConfig({ ...base, schedule: 'tokens', num_unroll: 10 })), 500);
  assert.equal(updatesPerDocument(trainConfig({ ...base, schedule: 'tokens', num_unroll: 50 })), 100);
  assert.equal(updatesPerDocument(trainConfig({ ...base, schedule: 'book', num_unroll: 1 })), 100);
  assert.ok(Number.isNaN(updatesPerDocument(trainConfig({ ...base, schedule: 'tokens', num_unroll: 3 }))));
  assert.ok(Number.isNaN(updatesPerDocument(trainConfig({ ...base, schedule: 'tokens', tokens_per_step: null }))));
  assert.ok(Number.isNaN(updatesPerDocument(trainConfig({ ...base, schedule: 'epochs' }))));
});

function problems(yaml: string, overrides: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-tokens-'));
  try {
    writeFileSync(join(dir, 'spec.yaml'), yaml);
    try {
      loadExperiment(join(dir, 'spec.yaml'), overrides);
    } catch (error) {
      if (error instanceof UserError) return error.message.replaceAll(join(dir, 'spec.yaml'), 'spec.yaml');
      throw error;
    }
    return 'ok';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('schedule tokens without tokens_per_step: refused, with the multiple it needs and what book would spend', () => {
  assert.equal(
    problems('name: t\ntrain:\n  schedule: tokens\n  docs_per_step: 5\n'),
    'spec.yaml:3:13: /train/schedule schedule tokens needs train.tokens_per_step (training predictions per step; no ' +
      "default, the budget is the experiment's choice), a multiple of docs_per_step × num_unroll × batch_size = 5 × 50 × " +
      '64 = 16000; the book schedule spends 1600000 at these settings (updates_per_document 100)',
  );
});

test('a budget that gives no whole number of updates is refused at its key with the nearest valid budgets', () => {
  assert.equal(
    problems('name: t\ntrain:\n  schedule: tokens\n  docs_per_step: 10\n  tokens_per_step: 1000000\n'),
    'spec.yaml:5:20: /train/tokens_per_step train.tokens_per_step 1000000 is not a multiple of docs_per_step × ' +
      'num_unroll × batch_size = 10 × 50 × 64 = 32000, so it gives no whole number of updates per document (31.25); ' +
      'nearest valid: 992000 (31 updates per document) or 1024000 (32 updates per document)',
  );
  assert.equal(
    problems('name: t\ntrain:\n  schedule: tokens\n  tokens_per_step: 100\n'),
    'spec.yaml:4:20: /train/tokens_per_step train.tokens_per_step 100 is not a multiple of docs_per_step × num_unroll × ' +
      'batch_size = 5 × 50 × 64 = 16000, so it gives no whole number of updates per document (0.006); nearest valid: ' +
      '16000 (1 update per document)',
  );
  assert.equal(problems('name: t\ntrain:\n  schedule: tokens\n  tokens_per_step: 48000\n'), 'ok');
  // docs_per_step is bounded by the documents under tokens as under book.
  assert.equal(
    problems('name: t\ncorpus: {documents: 4}\ntrain: {schedule: tokens, tokens_per_step: 16000}\n'),
    'spec.yaml:2:21: /corpus/documents train.docs_per_step (5) is larger than corpus.documents (4); each step draws ' +
      'docs_per_step different documents',
  );
});

test('tokens_per_step is resolved to null off the tokens schedule, so book runs sharing the base config keep their ids', () => {
  const experiment = loadExperiment(join(projectRoot, 'experiments', 'ablation-unroll.yaml'));
  const book = experiment.runs.filter((run) => run.config.train.schedule === 'book');
  const tokens = experiment.runs.filter((run) => run.config.train.schedule === 'tokens');
  assert.equal(book.length, 18);
  assert.equal(tokens.length, 18);
  assert.deepEqual([...new Set(tokens.map((run) => run.config.train.tokens_per_step))], [3_200_000]);
  /** The config as rnnlab resolved it before these keys existed. */
  const withoutNewKeys = (config: RunConfig): RunConfig => {
    const old = structuredClone(config) as unknown as {
      train: Record<string, unknown>;
      corpus: Record<string, unknown> & { validation: Record<string, unknown> };
      generation: Record<string, unknown>;
    };
    delete old.corpus.test;
    delete old.train.tokens_per_step;
    delete old.generation.measure;
    delete old.train.validate_every;
    delete old.corpus.validation.stream;
    return old as unknown as RunConfig;
  };
  for (const run of book) {
    assert.equal(run.config.train.tokens_per_step, null);
    assert.equal(runId('ablation-unroll', run.config, DIGEST), runId('ablation-unroll', withoutNewKeys(run.config), DIGEST, []));
  }
  // At num_unroll 50 the two protocols train alike, but they are two runs (the schedule is in the config).
  const bookIds = new Set(book.map((run) => runId('ablation-unroll', run.config, DIGEST)));
  for (const run of tokens) assert.ok(!bookIds.has(runId('ablation-unroll', run.config, DIGEST)));
});

test('the budget lines list each distinct split once, in run order; none without the tokens schedule', () => {
  const experiment = loadExperiment(join(projectRoot, 'experiments', 'ablation-unroll.yaml'));
  assert.deepEqual(formatTokenBudgets(experiment.runs), [
    'schedule tokens: 3200000 predictions per step = 10 documents × 5000 updates × num_unroll 1 × batch_size 64',
    'schedule tokens: 3200000 predictions per step = 10 documents × 500 updates × num_unroll 10 × batch_size 64',
    'schedule tokens: 3200000 predictions per step = 10 documents × 100 updates × num_unroll 50 × batch_size 64',
  ]);
  assert.deepEqual(formatTokenBudgets(loadExperiment(join(projectRoot, 'experiments', 'book-ch6.yaml')).runs), []);
});
