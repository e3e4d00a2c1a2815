// The results store: schema and pragmas, run lifecycle (register, claim, reap, record, finish), reads, the view, query.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type ResultsStore } from '../../src/store/results-store.js';
import { schemaMigrations } from '../../src/store/schema-migrations.js';
import { epochReport, tinyRunConfig } from '../helpers/store-fixtures.js';

const T0 = Date.parse('2026-01-02T03:04:05.000Z');

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'rnnlab-store-'));
}

/** A store in a fresh directory with a controllable clock; `dir` is removed after `fn`. */
function withStore(fn: (store: ResultsStore, context: { dir: string; path: string; clock: { now: number } }) => void) {
  const dir = tempDir();
  const path = join(dir, 'nested', 'rnnlab.sqlite');
  const clock = { now: T0 };
  const store = openStore(path, { now: () => clock.now });
  try {
    fn(store, { dir, path, clock });
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function seedExperiment(store: ResultsStore, ids = ['run-a', 'run-b']): void {
  store.saveExperiment({ name: 'ablation', specPath: 'experiments/ablation.yaml', specText: 'name: ablation\n' });
  store.registerRuns(
    'ablation',
    ids.map((id, i) => ({ id, config: tinyRunConfig(i + 1), params: { 'model.type': 'rnn', seed: i + 1 } })),
  );
}

const claim = { pid: 4242, host: 'box', backend: 'cpu', packageVersion: '0.1.0' };

test('openStore creates the parent folder and a WAL database at the newest schema version with foreign keys on', () => {
  withStore((_store, { path }) => {
    assert.ok(existsSync(path));
    const db = new Database(path, { readonly: true });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('user_version', { simple: true }), schemaMigrations.length);
    const names = db.prepare("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') ORDER BY name").pluck().all();
    assert.deepEqual(names, ['document_perplexities', 'epoch_gradient_groups', 'epochs', 'experiments', 'measure_samples', 'run_id_changes', 'run_params', 'run_summary', 'runs', 'samples', 'sequential_looks', 'sequential_rounds']);
    db.close();
  });
});

test('foreign keys are enforced: an epoch for an unknown run is rejected', () => {
  withStore((store) => {
    seedExperiment(store);
    assert.throws(() => store.recordEpoch('no-such-run', epochReport(1, 10)), { code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
  });
});

test('opening a missing database read-only is a user error naming the path and suggesting rnnlab run', () => {
  const dir = tempDir();
  const path = join(dir, 'missing.sqlite');
  assert.throws(() => openStore(path, { readonly: true }), {
    name: 'UserError',
    message: `no results database at ${path}: run an experiment first (rnnlab run FILE) or give --db PATH`,
  });
  assert.equal(existsSync(path), false);
  rmSync(dir, { recursive: true, force: true });
});

test('a database written by a newer rnnlab is refused, read-only or not', () => {
  const dir = tempDir();
  const path = join(dir, 'future.sqlite');
  const db = new Database(path);
  db.pragma(`user_version = ${schemaMigrations.length + 1}`);
  db.close();
  const message =
    `${path}: results database has schema version ${schemaMigrations.length + 1}, but this rnnlab knows versions ` +
    `up to ${schemaMigrations.length}; it was written by a newer rnnlab: upgrade rnnlab to read it`;
  assert.throws(() => openStore(path), { name: 'UserError', message });
  assert.throws(() => openStore(path, { readonly: true }), { name: 'UserError', message });
  rmSync(dir, { recursive: true, force: true });
});

test('a file that is not SQLite is a user error', () => {
  const dir = tempDir();
  const path = join(dir, 'notes.sqlite');
  writeFileSync(path, 'this is not a database, just some text that is long enough to have a header '.repeat(10));
  assert.throws(() => openStore(path, { readonly: true }), {
    name: 'UserError',
    message: `${path}: not an SQLite database (file is not a database)`,
  });
  rmSync(dir, { recursive: true, force: true });
});

test('an empty (version 0) database is migrated when opened for writing', () => {
  const dir = tempDir();
  const path = join(dir, 'empty.sqlite');
  new Database(path).close();
  const store = openStore(path);
  store.saveExperiment({ name: 'e', specPath: 'e.yaml', specText: '' });
  assert.deepEqual(store.listExperiments().map((e) => e.name), ['e']);
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

test('saveExperiment upserts: the spec text is kept as written, created_at stays, updated_at moves', () => {
  withStore((store, { clock }) => {
    const specText = '# yaml-language-server: $schema=../schemas/experiment.schema.json\nname: ablation\nseeds: [1, 2]\n';
    store.saveExperiment({ name: 'ablation', specPath: 'a.yaml', specText: 'old' });
    clock.now = T0 + 60_000;
    store.saveExperiment({ name: 'ablation', specPath: 'experiments/ablation.yaml', specText });
    assert.deepEqual(store.getExperiment('ablation'), {
      name: 'ablation',
      specPath: 'experiments/ablation.yaml',
      specText,
      createdAt: '2026-01-02T03:04:05.000Z',
      updatedAt: '2026-01-02T03:05:05.000Z',
    });
    assert.equal(store.getExperiment('nope'), undefined);
  });
});

test('registerRuns inserts new runs as queued with their params in order and leaves stored runs untouched', () => {
  withStore((store) => {
    store.saveExperiment({ name: 'ablation', specPath: 'a.yaml', specText: '' });
    const config = tinyRunConfig(7, { type: 'rnncf' });
    const params = { 'model.type': 'rnncf', 'corpus.documents': 20, seed: 7 };
    store.registerRuns('ablation', [{ id: 'r7', config, params }]);
    assert.equal(store.claimRun('r7', claim), true);
    store.finishRun('r7', { status: 'finished' });
    // Registering again (a resumed sweep) must not reset the finished run.
    store.registerRuns('ablation', [
      { id: 'r7', config, params },
      { id: 'r8', config: tinyRunConfig(8), params: { 'model.type': 'rnn', 'corpus.documents': 20, seed: 8 } },
    ]);
    const runs = store.listRuns({ experiment: 'ablation' });
    assert.deepEqual(
      runs.map((r) => [r.id, r.status, r.attempts]),
      [
        ['r7', 'finished', 1],
        ['r8', 'queued', 0],
      ],
    );
    assert.deepEqual(runs[0].config, config);
    assert.deepEqual(Object.entries(runs[0].params), Object.entries(params));
    assert.deepEqual(store.listRuns({ status: 'queued' }).map((r) => r.id), ['r8']);
    assert.deepEqual(store.listRuns({ experiment: 'other' }), []);
  });
});

test('registerRuns is one transaction: a failure part-way stores none of the runs', () => {
  withStore((store) => {
    seedExperiment(store, ['kept']);
    store.saveExperiment({ name: 'other', specPath: 'o.yaml', specText: '' });
    assert.throws(
      () =>
        store.registerRuns('other', [
          { id: 'fresh', config: tinyRunConfig(1), params: {} },
          { id: 'kept', config: tinyRunConfig(1), params: {} },
        ]),
      {
        name: 'UserError',
        message:
          `${store.path}: run kept of experiment "other" is already stored under experiment "ablation" ` +
          '(same resolved config and seed); a database stores each run once: use another --db for this experiment',
      },
    );
    assert.deepEqual(store.listRuns().map((r) => r.id), ['kept']);
  });
});

test('claimRun takes queued, failed and interrupted runs; finished and diverged only with force; never running', () => {
  withStore((store, { clock }) => {
    seedExperiment(store, ['q', 'f', 'i', 'done', 'div', 'run']);
    for (const id of ['f', 'i', 'done', 'div', 'run']) assert.equal(store.claimRun(id, claim), true);
    store.finishRun('f', { status: 'failed', error: 'boom' });
    store.finishRun('i', { status: 'interrupted' });
    store.finishRun('done', { status: 'finished' });
    store.finishRun('div', { status: 'diverged' });
    clock.now = T0 + 5000;
    const other = { ...claim, pid: 99, host: 'other', backend: 'wasm', packageVersion: '0.2.0' };
    assert.equal(store.claimRun('run', other), false);
    assert.equal(store.claimRun('run', { ...other, force: true }), false);
    assert.equal(store.claimRun('done', other), false);
    assert.equal(store.claimRun('div', other), false);
    for (const id of ['q', 'f', 'i']) assert.equal(store.claimRun(id, other), true);
    assert.equal(store.claimRun('done', { ...other, force: true }), true);
    assert.equal(store.claimRun('div', { ...other, force: true }), true);
    const f = store.findRun('f');
    assert.equal(f.status, 'running');
    assert.equal(f.error, null, 'a new attempt clears the old error');
    assert.equal(f.attempts, 2);
    assert.equal(f.pid, 99);
    assert.equal(f.host, 'other');
    assert.equal(f.backend, 'wasm');
    assert.equal(f.packageVersion, '0.2.0');
    assert.equal(f.startedAt, '2026-01-02T03:04:10.000Z');
    assert.equal(f.heartbeatAt, '2026-01-02T03:04:10.000Z');
    assert.equal(f.finishedAt, null);
    assert.equal(store.findRun('q').attempts, 1);
    assert.throws(() => store.claimRun('ghost', claim), { message: 'results store: cannot claim unknown run ghost' });
  });
});

test('a new attempt starts clean: rows of the earlier attempt are deleted by claimRun', () => {
  withStore((store) => {
    seedExperiment(store, ['r']);
    store.claimRun('r', claim);
    const documents = [{ document: '001.txt', updates: 100, lossNats: 2, perplexity: Math.exp(2) }];
    const samples = [{ seedText: 'th', decoding: 'greedy' as const, text: 'the king' }];
    store.recordEpoch('r', epochReport(1, 30, { documents, samples }));
    store.recordEpoch('r', epochReport(2, 20, { documents, samples }));
    store.finishRun('r', { status: 'interrupted' });
    assert.equal(store.claimRun('r', claim), true);
    assert.deepEqual(store.epochs(['r']), []);
    assert.deepEqual(store.documentPerplexities('r'), []);
    assert.deepEqual(store.samples('r'), []);
    store.recordEpoch('r', epochReport(1, 25));
    assert.deepEqual(store.epochs(['r']).map((e) => e.epoch), [1]);
  });
});

test('a run resuming from a checkpoint keeps the epochs up to it and loses only the later ones', () => {
  withStore((store) => {
    seedExperiment(store, ['r']);
    store.claimRun('r', claim);
    const samples = [{ seedText: 'th', decoding: 'greedy' as const, text: 'the king' }];
    for (const epoch of [1, 2, 3]) store.recordEpoch('r', epochReport(epoch, 30 - epoch, { samples }));
    store.finishRun('r', { status: 'interrupted' });
    assert.equal(store.claimRun('r', { ...claim, keepEpochsThrough: 2 }), true);
    assert.deepEqual(store.epochs(['r']).map((e) => e.epoch), [1, 2]);
    assert.deepEqual(store.samples('r').map((s) => s.epoch), [1, 2]);
    store.recordEpoch('r', epochReport(3, 26));
    assert.deepEqual(store.epochs(['r']).map((e) => e.validPerplexity), [29, 28, 26]);
  });
});

test('reapDeadRuns interrupts running runs whose owner is dead and reports them; live owners are kept', () => {
  withStore((store, { clock }) => {
    seedExperiment(store, ['alive', 'dead', 'queued']);
    store.claimRun('alive', { ...claim, pid: 1 });
    clock.now = T0 + 1000;
    store.claimRun('dead', { ...claim, pid: 2 });
    clock.now = T0 + 9000;
    const seen: { pid: number; host: string; heartbeatAt: number }[] = [];
    const reaped = store.reapDeadRuns((owner) => {
      seen.push(owner);
      return owner.pid === 1;
    });
    assert.deepEqual(reaped, ['dead']);
    assert.deepEqual(seen, [
      { pid: 1, host: 'box', heartbeatAt: T0 },
      { pid: 2, host: 'box', heartbeatAt: T0 + 1000 },
    ]);
    const dead = store.findRun('dead');
    assert.equal(dead.status, 'interrupted');
    assert.equal(
      dead.error,
      'interrupted: process 2 on box stopped without finishing the run (last heartbeat 2026-01-02T03:04:06.000Z)',
    );
    assert.equal(dead.finishedAt, '2026-01-02T03:04:14.000Z');
    assert.equal(store.findRun('alive').status, 'running');
    assert.equal(store.findRun('queued').status, 'queued');
    assert.deepEqual(store.reapDeadRuns(() => false), ['alive']);
  });
});

test('heartbeat moves only for the owning pid of a running run; recordEpoch heartbeats too', () => {
  withStore((store, { clock }) => {
    seedExperiment(store, ['r']);
    store.claimRun('r', claim);
    clock.now = T0 + 2000;
    store.heartbeat('r', 1); // not the owner
    assert.equal(store.findRun('r').heartbeatAt, '2026-01-02T03:04:05.000Z');
    store.heartbeat('r', claim.pid);
    assert.equal(store.findRun('r').heartbeatAt, '2026-01-02T03:04:07.000Z');
    clock.now = T0 + 3000;
    store.recordEpoch('r', epochReport(1, 10));
    assert.equal(store.findRun('r').heartbeatAt, '2026-01-02T03:04:08.000Z');
  });
});

test('recordEpoch stores metrics, per-document perplexities and samples; NaN and ±Infinity come back as stored', () => {
  withStore((store) => {
    seedExperiment(store, ['r']);
    store.claimRun('r', claim);
    const report = {
      ...epochReport(1, Infinity),
      trainLossNats: NaN,
      trainPerplexity: NaN,
      validLossNats: Infinity,
      testLossNats: NaN,
      testPerplexity: NaN,
      testPredictions: 19,
      tokensPerSec: 1234.5,
      durationMs: 987,
      documents: [
        { document: '002.txt', updates: 100, lossNats: NaN, perplexity: NaN },
        { document: '001.txt', updates: 100, lossNats: -Infinity, perplexity: 0 },
      ],
      samples: [
        { seedText: 'on', decoding: 'greedy' as const, text: 'once upon' },
        { seedText: 'th', decoding: 'sample' as const, text: 'the wolf' },
      ],
    };
    store.recordEpoch('r', report);
    store.recordEpoch('r', epochReport(2, null));
    assert.deepEqual(store.epochs(['r']), [
      {
        runId: 'r',
        epoch: 1,
        trainLossNats: NaN,
        trainPerplexity: NaN,
        validLossNats: Infinity,
        validPerplexity: Infinity,
        tokensPerSec: 1234.5,
        durationMs: 987,
        gradNormMean: null,
        gradNormMax: null,
        clippedFraction: null,
        learnedAlpha: null,
        testLossNats: NaN,
        testPerplexity: NaN,
        testPredictions: 19,
      },
      {
        runId: 'r',
        epoch: 2,
        trainLossNats: 2,
        trainPerplexity: Math.exp(2),
        validLossNats: null,
        validPerplexity: null,
        tokensPerSec: 1000,
        durationMs: 250,
        gradNormMean: null,
        gradNormMax: null,
        clippedFraction: null,
        learnedAlpha: null,
        testLossNats: null,
        testPerplexity: null,
        testPredictions: null,
      },
    ]);
    assert.deepEqual(store.documentPerplexities('r'), [
      { runId: 'r', epoch: 1, document: '001.txt', updates: 100, lossNats: -Infinity, perplexity: 0 },
      { runId: 'r', epoch: 1, document: '002.txt', updates: 100, lossNats: NaN, perplexity: NaN },
    ]);
    assert.deepEqual(store.samples('r'), [
      { runId: 'r', epoch: 1, sampleIndex: 0, seedText: 'on', decoding: 'greedy', text: 'once upon' },
      { runId: 'r', epoch: 1, sampleIndex: 1, seedText: 'th', decoding: 'sample', text: 'the wolf' },
    ]);
    // In SQL, NaN is the text 'NaN' and infinities are REAL: a query can tell them from "not measured" (NULL).
    const { rows } = store.query(
      'SELECT epoch, train_loss_nats, typeof(train_loss_nats), valid_perplexity, typeof(valid_perplexity) FROM epochs',
    );
    assert.deepEqual(rows, [
      [1, 'NaN', 'text', Infinity, 'real'],
      [2, 2, 'real', null, 'null'],
    ]);
  });
});

test('recordEpoch is one transaction and natural keys hold: a repeated epoch or document is rejected whole', () => {
  withStore((store) => {
    seedExperiment(store, ['r']);
    store.claimRun('r', claim);
    store.recordEpoch('r', epochReport(1, 10));
    assert.throws(() => store.recordEpoch('r', epochReport(1, 9)), { code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    const twice = { document: '001.txt', updates: 1, lossNats: 1, perplexity: Math.E };
    assert.throws(() => store.recordEpoch('r', epochReport(2, 9, { documents: [twice, twice] })), {
      code: 'SQLITE_CONSTRAINT_PRIMARYKEY',
    });
    assert.deepEqual(store.epochs(['r']).map((e) => [e.epoch, e.validPerplexity]), [[1, 10]]);
    assert.deepEqual(store.documentPerplexities('r'), []);
  });
});

test('the database refuses a status outside the allowed set and any text but NaN in a metric column', () => {
  withStore((store, { path }) => {
    seedExperiment(store, ['r']);
    store.claimRun('r', claim);
    store.recordEpoch('r', epochReport(1, 10));
    const db = new Database(path);
    assert.throws(() => db.prepare("UPDATE runs SET status = 'done'").run(), { code: 'SQLITE_CONSTRAINT_CHECK' });
    assert.throws(() => db.prepare("UPDATE epochs SET valid_perplexity = 'inf'").run(), {
      code: 'SQLITE_CONSTRAINT_CHECK',
    });
    db.close();
  });
});

test('finishRun records the outcome, the error text, the end time and the backend that ran', () => {
  withStore((store, { clock }) => {
    seedExperiment(store, ['ok', 'bad']);
    store.claimRun('ok', claim);
    store.claimRun('bad', claim);
    clock.now = T0 + 90_500;
    store.finishRun('ok', { status: 'finished', backend: 'wasm' });
    store.finishRun('bad', { status: 'failed', error: 'Error: out of memory' });
    const ok = store.findRun('ok');
    assert.deepEqual([ok.status, ok.error, ok.backend, ok.finishedAt], ['finished', null, 'wasm', '2026-01-02T03:05:35.500Z']);
    const bad = store.findRun('bad');
    assert.deepEqual([bad.status, bad.error, bad.backend], ['failed', 'Error: out of memory', 'cpu']);
    assert.throws(() => store.finishRun('ghost', { status: 'finished' }), { message: 'results store: no run ghost to finish' });
  });
});

test('setRunVocabulary stores the vocabulary with the run', () => {
  withStore((store) => {
    seedExperiment(store, ['r']);
    assert.equal(store.runVocabulary('r'), null);
    const vocabulary = { ngram: 2 as const, tokens: ['UNK', 'th', 'e '], counts: [3, 10, 7] };
    store.setRunVocabulary('r', vocabulary);
    assert.deepEqual(store.runVocabulary('r'), vocabulary);
  });
});

test('findRun accepts a full id or a unique prefix; unknown and ambiguous prefixes are user errors', () => {
  withStore((store) => {
    seedExperiment(store, ['ab12', 'ab34', 'cd56', 'cd']);
    assert.equal(store.findRun('ab1').id, 'ab12');
    assert.equal(store.findRun('cd').id, 'cd', 'an exact id wins over longer ids it prefixes');
    assert.deepEqual(store.findRun('ab12').params, { 'model.type': 'rnn', seed: 1 });
    assert.throws(() => store.findRun('ab'), {
      name: 'UserError',
      message: `run "ab" is ambiguous in ${store.path}: matches ab12, ab34; give more characters`,
    });
    assert.throws(() => store.findRun('zz'), { name: 'UserError', message: `no run "zz" in ${store.path}` });
    assert.throws(() => store.findRun('a%'), { name: 'UserError', message: `no run "a%" in ${store.path}` });
  });
});

test('run_summary: best is the lowest finite validation perplexity (NaN and Infinity never win), final the latest measured', () => {
  withStore((store, { clock }) => {
    seedExperiment(store, ['steady', 'diverged', 'unvalidated', 'queued']);
    store.claimRun('steady', claim);
    // Validation perplexities 30, 12, 12 (tie: the earlier epoch is best), 15, then an epoch without validation.
    [30, 12, 12, 15, null].forEach((ppl, i) =>
      store.recordEpoch('steady', epochReport(i + 1, ppl, { trainPerplexity: 40 - i, durationMs: 1500 })),
    );
    clock.now = T0 + 61_250;
    store.finishRun('steady', { status: 'finished' });
    store.claimRun('diverged', claim);
    store.recordEpoch('diverged', epochReport(1, Infinity));
    store.recordEpoch('diverged', epochReport(2, 50));
    store.recordEpoch('diverged', epochReport(3, NaN, { trainPerplexity: NaN }));
    store.finishRun('diverged', { status: 'diverged' });
    store.claimRun('unvalidated', claim);
    store.recordEpoch('unvalidated', epochReport(1, NaN));
    const summaries = store.runSummaries('ablation');
    assert.deepEqual(
      summaries.map((s) => [s.runId, s.status, s.epochs, s.bestValidPerplexity, s.bestEpoch, s.finalValidPerplexity, s.finalTrainPerplexity]),
      [
        ['steady', 'finished', 5, 12, 2, 15, 36],
        ['diverged', 'diverged', 3, 50, 2, NaN, NaN],
        ['unvalidated', 'running', 1, null, null, NaN, Math.exp(2)],
        ['queued', 'queued', 0, null, null, null, null],
      ],
    );
    assert.equal(summaries[0].wallTimeS, 61.25);
    assert.equal(summaries[0].trainTimeS, 7.5);
    assert.equal(summaries[2].wallTimeS, null);
    assert.deepEqual(store.runSummaries('nope'), []);
  });
});

test('query runs on a read-only connection: a write is refused with a clear message and the database is unchanged', () => {
  withStore((store, { path }) => {
    seedExperiment(store, ['r']);
    store.claimRun('r', claim);
    store.recordEpoch('r', epochReport(1, 10));
    store.close();
    const before = readFileSync(path);
    const reader = openStore(path, { readonly: true });
    for (const sql of ['DELETE FROM epochs', "UPDATE runs SET status = 'failed'", 'DROP TABLE samples', 'CREATE TEMP TABLE t (x)']) {
      assert.throws(() => reader.query(sql), {
        name: 'UserError',
        message: `query is read-only: the statement would change the database: ${sql}`,
      });
    }
    assert.throws(() => reader.query('SELEC 1'), { name: 'UserError', message: 'query: near "SELEC": syntax error' });
    assert.throws(() => reader.query('SELECT 1; DELETE FROM runs'), {
      name: 'UserError',
      message: 'query: The supplied SQL string contains more than one statement',
    });
    assert.deepEqual(reader.query('SELECT run_id, epoch, valid_perplexity AS ppl FROM epochs'), {
      columns: ['run_id', 'epoch', 'ppl'],
      rows: [['r', 1, 10]],
    });
    assert.deepEqual(reader.query("SELECT status FROM runs WHERE id = 'r'").rows, [['running']]);
    reader.close();
    assert.deepEqual(readFileSync(path), before);
  });
});

test('query on a writable store still runs read-only', () => {
  withStore((store) => {
    seedExperiment(store, ['r']);
    assert.throws(() => store.query('DELETE FROM runs'), { name: 'UserError' });
    assert.deepEqual(store.query('SELECT count(*) AS n FROM runs').rows, [[1]]);
  });
});

/** A database as rnnlab's schema version 1 wrote it (before runs.blas), holding one experiment "old". */
function createVersion1Database(path: string): void {
  const v1 = new Database(path);
  v1.exec(schemaMigrations[0].sql);
  v1.pragma('user_version = 1');
  v1.prepare("INSERT INTO experiments (name, spec_path, spec_text, created_at, updated_at) VALUES ('old', 'o.yaml', 'name: old\n', 'x', 'x')").run();
  v1.close();
}

test('a version-1 database (before runs.blas) migrates forward with its runs intact, and claims then record the BLAS', () => {
  const dir = tempDir();
  const path = join(dir, 'v1.sqlite');
  createVersion1Database(path);
  const store = openStore(path);
  try {
    assert.equal(store.getExperiment('old')?.specText, 'name: old\n');
    store.registerRuns('old', [{ id: 'native-run', config: tinyRunConfig(1), params: { seed: 1 } }]);
    assert.equal(store.claimRun('native-run', { ...claim, backend: 'native', blas: 'OpenBLAS 0.3.21, 1 thread' }), true);
    const run = store.findRun('native-run');
    assert.equal(run.backend, 'native');
    assert.equal(run.blas, 'OpenBLAS 0.3.21, 1 thread');
  } finally {
    store.close();
  }
  const db = new Database(path, { readonly: true });
  assert.equal(db.pragma('user_version', { simple: true }), schemaMigrations.length);
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

test('opening an older database read-only reads it migrated in memory, the file unchanged, writable or not', () => {
  const dir = tempDir();
  const path = join(dir, 'v1.sqlite');
  createVersion1Database(path);
  const before = readFileSync(path);
  for (const mode of [0o644, 0o444]) {
    chmodSync(path, mode);
    const store = openStore(path, { readonly: true });
    try {
      assert.equal(store.path, path);
      assert.equal(store.getExperiment('old')?.specText, 'name: old\n');
      assert.deepEqual(store.listRuns({ experiment: 'old' }), []);
      assert.deepEqual(store.measureSamples(['x']), []); // tables of later schemas are there, empty
      assert.deepEqual(store.query('PRAGMA user_version').rows, [[schemaMigrations.length]]);
      assert.throws(() => store.query("DELETE FROM experiments"), { name: 'UserError' });
    } finally {
      store.close();
    }
    assert.deepEqual(readFileSync(path), before, `mode ${mode.toString(8)}: the file changed`);
  }
  chmodSync(path, 0o644);
  rmSync(dir, { recursive: true, force: true });
});

test('a learned α round-trips per epoch, in unit order, with full float64 precision; a fixed α stores none', () => {
  withStore((store) => {
    seedExperiment(store, ['r']);
    store.claimRun('r', claim);
    const alpha = [0.9, 0.6180339887498949, 0.4400000000000001, 1e-7];
    store.recordEpoch('r', epochReport(1, 30, { learnedAlpha: alpha }));
    store.recordEpoch('r', epochReport(2, 20));
    assert.deepEqual(store.epochs(['r']).map((e) => e.learnedAlpha), [alpha, null]);
    // Queryable in SQL: the median unit of epoch 1.
    const median = store.query(
      `SELECT value FROM epochs, json_each(epochs.learned_alpha_json) WHERE run_id = 'r' AND epoch = 1 ORDER BY value LIMIT 1 OFFSET 2`,
    );
    assert.deepEqual(median.rows, [[0.6180339887498949]]);
  });
});

test('gradient diagnostics round-trip (NaN kept, groups in order) and go with the epochs a new attempt drops', () => {
  withStore((store) => {
    seedExperiment(store, ['r']);
    store.claimRun('r', claim);
    const gradients = (mean: number) => ({
      updates: 4,
      normMean: mean,
      normMax: 9.5,
      clippedFraction: 0.25,
      groups: [
        { group: 'hidden', parameters: ['A', 'R'], normMean: 1.5, normMax: 2 },
        { group: 'context', parameters: ['B', 'P', 'alpha_logit'], normMean: 0.5, normMax: NaN },
      ],
    });
    store.recordEpoch('r', epochReport(1, 30, { gradients: gradients(3.25) }));
    store.recordEpoch('r', epochReport(2, 20, { gradients: gradients(NaN) }));
    store.recordEpoch('r', epochReport(3, 19)); // not measured
    const rows = store.epochs(['r']);
    assert.deepEqual(rows.map((e) => [e.gradNormMean, e.gradNormMax, e.clippedFraction]), [
      [3.25, 9.5, 0.25],
      [NaN, 9.5, 0.25],
      [null, null, null],
    ]);
    const groups = store.gradientGroups(['r']);
    assert.deepEqual(
      groups.filter((g) => g.epoch === 1),
      [
        { runId: 'r', epoch: 1, group: 'hidden', parameters: ['A', 'R'], normMean: 1.5, normMax: 2 },
        { runId: 'r', epoch: 1, group: 'context', parameters: ['B', 'P', 'alpha_logit'], normMean: 0.5, normMax: NaN },
      ],
    );
    store.finishRun('r', { status: 'interrupted' });
    store.claimRun('r', { ...claim, keepEpochsThrough: 1 });
    assert.deepEqual([...new Set(store.gradientGroups(['r']).map((g) => g.epoch))], [1]);
  });
});

test('measure samples are stored with the run\'s outcome, read back in key order, and go with any new attempt', () => {
  withStore((store) => {
    seedExperiment(store, ['r', 'q']);
    store.claimRun('r', claim);
    store.recordEpoch('r', epochReport(1, 30));
    store.recordEpoch('r', epochReport(2, 20));
    const sample = (checkpoint: 'best' | 'final', decoding: 'greedy' | 'sample', sampleIndex: number) => ({
      checkpoint,
      epoch: checkpoint === 'best' ? 1 : 2,
      decoding,
      sampleIndex,
      seedText: `s${sampleIndex}`,
      text: `${checkpoint} ${decoding} ${sampleIndex} ünïcode`,
    });
    // Written in another order than the key's.
    const written = [sample('final', 'sample', 1), sample('final', 'greedy', 0), sample('best', 'greedy', 1), sample('best', 'greedy', 0)];
    store.finishRun('r', { status: 'finished', measureSamples: written });
    assert.deepEqual(store.measureSamples(['r', 'q']), [
      { runId: 'r', ...sample('best', 'greedy', 0) },
      { runId: 'r', ...sample('best', 'greedy', 1) },
      { runId: 'r', ...sample('final', 'greedy', 0) },
      { runId: 'r', ...sample('final', 'sample', 1) },
    ]);
    assert.deepEqual(store.measureSamples(['q']), []);
    // The database checks what a row may hold.
    assert.throws(() => store.query("INSERT INTO measure_samples VALUES ('r', 'last', 1, 'greedy', 0, 'a', 'b')"), { name: 'UserError' });
    // A new attempt, resumed (epochs kept) or not, drops them: it generates them again at its end.
    store.claimRun('r', { ...claim, force: true, keepEpochsThrough: 2 });
    assert.deepEqual(store.measureSamples(['r']), []);
    assert.equal(store.epochs(['r']).length, 2);
    store.finishRun('r', { status: 'finished', measureSamples: written });
    assert.equal(store.measureSamples(['r']).length, 4);
    store.claimRun('r', { ...claim, force: true });
    assert.deepEqual(store.measureSamples(['r']), []);
  });
});

test('measure_samples refuses a checkpoint other than best or final, and rows of unknown runs', () => {
  const dir = tempDir();
  const path = join(dir, 'r.sqlite');
  openStore(path).close();
  const db = new Database(path);
  db.pragma('foreign_keys = ON');
  try {
    const insert = db.prepare('INSERT INTO measure_samples VALUES (?, ?, 1, ?, 0, ?, ?)');
    assert.throws(() => insert.run('nope', 'final', 'greedy', 'a', 'b'), { code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
    db.prepare("INSERT INTO experiments VALUES ('e', 'e.yaml', 'name: e', 'x', 'x')").run();
    db.prepare("INSERT INTO runs (id, experiment, config_json, created_at) VALUES ('r', 'e', '{}', 'x')").run();
    assert.throws(() => insert.run('r', 'last', 'greedy', 'a', 'b'), { code: 'SQLITE_CONSTRAINT_CHECK' });
    assert.throws(() => insert.run('r', 'best', 'beam', 'a', 'b'), { code: 'SQLITE_CONSTRAINT_CHECK' });
    insert.run('r', 'best', 'greedy', 'a', 'b');
    db.prepare("DELETE FROM runs WHERE id = 'r'").run();
    assert.equal(db.prepare('SELECT count(*) FROM measure_samples').pluck().get(), 0, 'deleted with its run');
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
