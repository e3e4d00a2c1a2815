// Schema 6: test perplexity per epoch, the seed of each random stream per run, run_summary.test_perplexity_at_best;
// a version-5 database migrates with its seeds filled; published databases read without being changed on disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeDatabase } from '../../src/store/merge-databases.js';
import { readDatabaseCopy } from '../../src/store/read-database-copy.js';
import { openStore, type ResultsStore } from '../../src/store/results-store.js';
import { schemaMigrations } from '../../src/store/schema-migrations.js';
import { projectRoot } from '../helpers/paths.js';
import { epochReport, tinyRunConfig } from '../helpers/store-fixtures.js';
import { withTempDir } from '../helpers/with-temp-dir.js';

const claim = { pid: 4242, host: 'box', backend: 'cpu', packageVersion: '0.1.0' };

function withStore(dir: string, name: string, fn: (store: ResultsStore, path: string) => void): void {
  const path = join(dir, name);
  const store = openStore(path);
  try {
    fn(store, path);
  } finally {
    store.close();
  }
}

function register(store: ResultsStore, ids: string[], seeds: number[]): void {
  store.saveExperiment({ name: 'e', specPath: 'e.yaml', specText: 'name: e\n' });
  store.registerRuns('e', ids.map((id, i) => ({ id, config: tinyRunConfig(seeds[i]), params: { seed: seeds[i] } })));
}

test('test perplexity round-trips per epoch; run_summary gives it at the best validation epoch (earlier on ties)', () =>
  withTempDir('test-set-store', (dir) =>
    withStore(dir, 'r.sqlite', (store) => {
      register(store, ['tested', 'untested'], [1, 2]);
      store.claimRun('tested', claim);
      // Validation 30, 12, 12 (tie: epoch 2 is best), 15; test perplexity lowest at epoch 4, so "at best" is not "min".
      const valid = [30, 12, 12, 15];
      const testPerplexity = [40, 20, 18, 17];
      valid.forEach((v, i) =>
        store.recordEpoch('tested', epochReport(i + 1, v, { testLossNats: Math.log(testPerplexity[i]), testPerplexity: testPerplexity[i], testPredictions: 300 })),
      );
      store.recordEpoch('tested', epochReport(5, null));
      store.claimRun('untested', claim);
      store.recordEpoch('untested', epochReport(1, 10));
      const epochs = store.epochs(['tested']);
      assert.deepEqual(epochs.map((e) => e.testPerplexity), [40, 20, 18, 17, null]);
      assert.deepEqual(epochs.map((e) => e.testPredictions), [300, 300, 300, 300, null]);
      assert.ok(Math.abs(epochs[1].testLossNats! - Math.log(20)) < 1e-15);
      assert.deepEqual(store.runSummaries('e').map((s) => [s.runId, s.bestEpoch, s.testPerplexityAtBest]), [['tested', 2, 20], ['untested', 1, null]]);
      assert.deepEqual(store.query("SELECT test_perplexity_at_best FROM run_summary WHERE run_id = 'tested'").rows, [[20]]);
    })));

test('registered runs carry the seed of each random stream, which today is the run seed', () =>
  withTempDir('test-set-store', (dir) =>
    withStore(dir, 'r.sqlite', (store) => {
      register(store, ['a', 'b'], [7, 11]);
      assert.deepEqual(
        store.listRuns().map((r) => [r.id, r.dataOrderSeed, r.initSeed, r.generationSeed]),
        [['a', 7, 7, 7], ['b', 11, 11, 11]],
      );
      assert.equal(store.findRun('b').dataOrderSeed, 11);
    })));

/** A database at schema 5 (as every database before test sets), with one run of seed 42 and one epoch. */
function createVersion5Database(path: string): void {
  const db = new Database(path);
  for (const migration of schemaMigrations.slice(0, 5)) db.exec(migration.sql);
  db.pragma('user_version = 5');
  db.prepare("INSERT INTO experiments VALUES ('old', 'o.yaml', 'name: old\n', 'x', 'x')").run();
  db.prepare("INSERT INTO runs (id, experiment, config_json, status, created_at) VALUES ('r5', 'old', ?, 'finished', 'x')").run(
    JSON.stringify(tinyRunConfig(42)),
  );
  db.prepare("INSERT INTO runs (id, experiment, config_json, status, created_at) VALUES ('noseed', 'old', '{}', 'queued', 'x')").run();
  db.prepare("INSERT INTO epochs (run_id, epoch, train_loss_nats, train_perplexity, valid_loss_nats, valid_perplexity, tokens_per_sec, duration_ms) VALUES ('r5', 1, 2, 7.4, 2.3, 10, 100, 5)").run();
  db.close();
}

test('migration 6 on a version-5 database fills the seed columns from the stored config; read-only leaves the file at 5', () =>
  withTempDir('test-set-store', (dir) => {
    const path = join(dir, 'v5.sqlite');
    createVersion5Database(path);
    const before = readFileSync(path);
    const reader = openStore(path, { readonly: true });
    try {
      assert.deepEqual(reader.listRuns().map((r) => [r.id, r.dataOrderSeed, r.initSeed, r.generationSeed]), [['r5', 42, 42, 42], ['noseed', null, null, null]]);
      assert.deepEqual(reader.runSummaries('old').map((s) => [s.runId, s.bestEpoch, s.testPerplexityAtBest]), [['r5', 1, null], ['noseed', null, null]]);
      assert.deepEqual(reader.epochs(['r5']).map((e) => [e.testLossNats, e.testPerplexity, e.testPredictions]), [[null, null, null]]);
    } finally {
      reader.close();
    }
    assert.ok(readFileSync(path).equals(before), 'a read-only open changed the file');
    // A writer migrates the file itself.
    withStore(dir, 'v5.sqlite', (store) => {
      assert.deepEqual(store.findRun('r5').dataOrderSeed, 42);
    });
    const db = new Database(path, { readonly: true });
    try {
      assert.equal(db.pragma('user_version', { simple: true }), schemaMigrations.length);
      assert.deepEqual(db.prepare('SELECT id, data_order_seed, init_seed, generation_seed FROM runs ORDER BY id').raw().all(), [
        ['noseed', null, null, null],
        ['r5', 42, 42, 42],
      ]);
    } finally {
      db.close();
    }
  }));

test('merging databases carries the test columns and the seeds', () =>
  withTempDir('test-set-store', (dir) => {
    withStore(dir, 'a.sqlite', (store) => {
      register(store, ['a'], [3]);
      store.claimRun('a', claim);
      store.recordEpoch('a', epochReport(1, 10, { testLossNats: Math.log(12), testPerplexity: 12, testPredictions: 99 }));
      store.finishRun('a', { status: 'finished' });
    });
    withStore(dir, 'b.sqlite', (store) => register(store, ['b'], [4]));
    const target = readDatabaseCopy(join(dir, 'b.sqlite'));
    const source = readDatabaseCopy(join(dir, 'a.sqlite'));
    try {
      mergeDatabase({ label: 'b', db: target }, { label: 'a', db: source }, 'refuse');
      assert.deepEqual(target.prepare("SELECT test_perplexity, test_predictions FROM epochs WHERE run_id = 'a'").raw().all(), [[12, 99]]);
      assert.deepEqual(target.prepare("SELECT data_order_seed, init_seed, generation_seed FROM runs WHERE id = 'a'").raw().all(), [[3, 3, 3]]);
    } finally {
      target.close();
      source.close();
    }
  }));

test('the published databases read with the new columns, and not a byte of them changes', () => {
  const results = join(projectRoot, 'docs', 'results');
  const files = readdirSync(results).map((name) => join(results, name, 'results.sqlite')).filter((path) => existsSync(path));
  assert.ok(files.length > 0);
  for (const path of files) {
    const digest = () => createHash('sha256').update(readFileSync(path)).digest('hex');
    const before = digest();
    const store = openStore(path, { readonly: true });
    try {
      const runs = store.listRuns();
      assert.ok(runs.length > 0, path);
      for (const run of runs) assert.equal(run.dataOrderSeed, run.config.seed, `${path} ${run.id}`);
      assert.ok(store.runSummaries().every((s) => s.testPerplexityAtBest === null), path);
    } finally {
      store.close();
    }
    assert.equal(digest(), before, `${path} changed on disk`);
    assert.ok(!existsSync(`${path}-wal`) && !existsSync(`${path}-shm`), path);
  }
});
