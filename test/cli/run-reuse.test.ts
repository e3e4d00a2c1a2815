// `rnnlab run --reuse`: runs another database finished with the same training are copied, not trained, and the copies
// hold what training would have given; what cannot be reused (another backend, --force, a bad file) is said or refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore, type EpochRow } from '../../src/store/results-store.js';
import { fixturesDir } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { snapshotFiles } from '../helpers/snapshot-files.js';
import { tempDir } from './run-sweep-helpers.js';

/** 2 documents per step × 3 updates × num_unroll 5 × batch 4 = 120 predictions a step: the `tokens` budget below. */
function writeSpec(dir: string, name: string, grid: string): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(
    path,
    `name: ${name}
corpus: {path: ${JSON.stringify(join(fixturesDir, 'runner', 'corpus'))}, documents: 3, vocabulary_documents: 4, min_count: 0,
         validation: {rule: fraction, fraction: 0.2}}
model: {type: rnn, hidden: 8, context: 4}
train: {num_unroll: 5, batch_size: 4, learning_rate: 0.01, schedule: book, num_steps: 2, docs_per_step: 2,
        updates_per_document: 3, tokens_per_step: 120}
generation: {length: 12, reset: zeros}
seeds: [1]
grid:
${grid}
`,
  );
  return path;
}

interface StoredRun {
  id: string;
  params: Record<string, unknown>;
  reusedFrom: string | null;
  status: string;
  backend: string | null;
  startedAt: string | null;
  /** Every epoch's results (timings left out: they differ between two trainings of the same run). */
  epochs: Omit<EpochRow, 'runId' | 'durationMs' | 'tokensPerSec'>[];
  samples: string[];
  documents: number[];
}

function readRuns(dbPath: string): StoredRun[] {
  const store = openStore(dbPath, { readonly: true });
  try {
    return store.listRuns().map((run) => ({
      id: run.id,
      params: run.params,
      reusedFrom: run.reusedFrom ?? null,
      status: run.status,
      backend: run.backend,
      startedAt: run.startedAt,
      epochs: store.epochs([run.id]).map(({ runId: _id, durationMs: _ms, tokensPerSec: _rate, ...results }) => results),
      samples: store.samples(run.id).map((sample) => sample.text),
      documents: store.documentPerplexities(run.id).map((row) => row.perplexity),
    }));
  } finally {
    store.close();
  }
}

function only(runs: StoredRun[], params: Record<string, unknown>): StoredRun {
  const found = runs.filter((run) => Object.entries(params).every(([key, value]) => run.params[key] === value));
  assert.equal(found.length, 1, `one run with ${JSON.stringify(params)}`);
  return found[0];
}

test('a run finished elsewhere with the same training is copied, book and tokens alike, and equals training it here', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const aDb = join(dir, 'a.sqlite');
    const a = writeSpec(dir, 'reuse-a', '  model.type: [rnn, rnncf]');
    const trainedA = await runCli(['run', a, '--db', aDb, '--workers', '2', '--backend', 'wasm']);
    assert.equal(trainedA.code, 0, trainedA.stderr);
    const aRuns = readRuns(aDb);
    const aRnn = only(aRuns, { 'model.type': 'rnn' });

    // B: the rnn at hidden 8 under both schedules (the same 3 updates per document) is A's rnn; hidden 6 is new.
    const b = writeSpec(dir, 'reuse-b', '  model.type: [rnn]\n  model.hidden: [8, 6]\n  train.schedule: [book, tokens]');
    const bDb = join(dir, 'b.sqlite');
    const before = snapshotFiles(dir);
    const dry = await runCli(['run', b, '--db', bDb, '--backend', 'wasm', '--reuse', aDb, '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.ok(dry.stdout.startsWith('reuse-b: 4 runs, 2 would be trained, 2 reused, 0 skipped (dry run: nothing written)\n'), dry.stdout);
    assert.equal(dry.stdout.split(`reuse (finished as run ${aRnn.id} of reuse-a in ${aDb})`).length - 1, 2, dry.stdout);
    assert.deepEqual(snapshotFiles(dir), before, 'a dry run writes nothing');

    const reused = await runCli(['run', b, '--db', bDb, '--workers', '2', '--backend', 'wasm', '--reuse', aDb]);
    assert.equal(reused.code, 0, reused.stderr);
    assert.ok(reused.stderr.includes(`reused 2 finished runs of reuse-a from ${aDb} (same training, same backend)`), reused.stderr);
    assert.ok(reused.stderr.includes('4 runs in the grid: 2 to train, 2 skipped (2 reused)'), reused.stderr);
    assert.equal(snapshotFiles(dir)['a.sqlite'], before['a.sqlite'], 'the source database is only read');

    const bRuns = readRuns(bDb);
    assert.deepEqual(bRuns.map((run) => run.status), ['finished', 'finished', 'finished', 'finished']);
    for (const schedule of ['book', 'tokens']) {
      const copy = only(bRuns, { 'model.hidden': 8, 'train.schedule': schedule });
      assert.notEqual(copy.id, aRnn.id, 'the copy has this experiment’s id');
      assert.equal(copy.reusedFrom, `run ${aRnn.id} of reuse-a in ${aDb}`);
      assert.deepEqual(copy.params, { 'model.type': 'rnn', 'model.hidden': 8, 'train.schedule': schedule, seed: 1 }, 'the grid point is B’s');
      assert.equal(copy.startedAt, aRnn.startedAt, 'the copy keeps when it was trained');
      assert.deepEqual([copy.epochs, copy.samples, copy.documents], [aRnn.epochs, aRnn.samples, aRnn.documents]);
      assert.equal(copy.epochs.length, 2);
      assert.ok(copy.epochs[0].gradNormMean !== null, 'gradient diagnostics travel with the run');
    }
    for (const schedule of ['book', 'tokens']) assert.equal(only(bRuns, { 'model.hidden': 6, 'train.schedule': schedule }).reusedFrom, null);

    // The copies must be what training gives: B trained from scratch (no --reuse) holds the same numbers, the tokens
    // point included — the claim trainingIdentity makes when it treats both schedules at equal updates as one.
    const cDb = join(dir, 'c.sqlite');
    const trained = await runCli(['run', b, '--db', cDb, '--workers', '2', '--backend', 'wasm']);
    assert.equal(trained.code, 0, trained.stderr);
    const cRuns = readRuns(cDb);
    for (const run of bRuns) {
      const twin = cRuns.find((candidate) => candidate.id === run.id)!;
      assert.equal(twin.reusedFrom, null);
      assert.deepEqual([run.epochs, run.samples, run.documents], [twin.epochs, twin.samples, twin.documents], JSON.stringify(run.params));
    }

    // A copy of a copy names where the run was trained: C reuses B's copy and still points at A.
    const c = writeSpec(dir, 'reuse-c', '  train.schedule: [tokens]');
    const chained = await runCli(['run', c, '--db', join(dir, 'chain.sqlite'), '--backend', 'wasm', '--reuse', bDb]);
    assert.equal(chained.code, 0, chained.stderr);
    assert.ok(chained.stderr.includes(`reused 1 finished run of reuse-b from ${bDb}`), chained.stderr);
    assert.deepEqual(readRuns(join(dir, 'chain.sqlite')).map((run) => run.reusedFrom), [`run ${aRnn.id} of reuse-a in ${aDb}`]);

    // Running B again with --reuse changes nothing: its runs are finished here.
    const again = await runCli(['run', b, '--db', bDb, '--backend', 'wasm', '--reuse', aDb]);
    assert.equal(again.code, 0, again.stderr);
    assert.ok(again.stderr.includes('4 runs in the grid: 0 to train, 4 skipped (4 finished)'), again.stderr);
    assert.ok(!again.stderr.includes('reused 2'), again.stderr);
  } finally {
    cleanup();
  }
});

test('no reuse across backends (the message says why), none under --force, and a bad --reuse file writes nothing', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const aDb = join(dir, 'a.sqlite');
    const a = writeSpec(dir, 'reuse-a', '  model.type: [rnn]');
    const trainedA = await runCli(['run', a, '--db', aDb, '--backend', 'wasm']);
    assert.equal(trainedA.code, 0, trainedA.stderr);
    const b = writeSpec(dir, 'reuse-b', '  train.schedule: [book, tokens]');
    const bDb = join(dir, 'b.sqlite');

    const cpu = await runCli(['run', b, '--db', bDb, '--backend', 'cpu', '--reuse', aDb, '--dry-run']);
    assert.equal(cpu.code, 0, cpu.stderr);
    assert.ok(cpu.stdout.startsWith('reuse-b: 2 runs, 2 would be trained, 0 skipped'), cpu.stdout);
    assert.equal(cpu.stderr, `rnnlab: not reused: 2 runs in ${aDb}: trained on wasm, not cpu\n`);

    const before = snapshotFiles(dir);
    const force = await runCli(['run', b, '--db', bDb, '--backend', 'wasm', '--reuse', aDb, '--force']);
    assert.equal(force.code, 2);
    assert.match(force.stderr, /--reuse copies finished runs instead of training them, --force trains them again: give one of them/);
    const missing = await runCli(['run', b, '--db', bDb, '--backend', 'wasm', '--reuse', join(dir, 'nope.sqlite')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.sqlite: no such file/);
    writeFileSync(join(dir, 'notes.sqlite'), 'not a database at all, just text that is long enough to have a header......');
    const before2 = snapshotFiles(dir);
    const foreign = await runCli(['run', b, '--db', bDb, '--backend', 'wasm', '--reuse', join(dir, 'notes.sqlite')]);
    assert.equal(foreign.code, 2);
    assert.match(foreign.stderr, /notes\.sqlite: not an SQLite database/);
    assert.deepEqual(snapshotFiles(dir), before2);
    assert.equal(existsSync(bDb), false, 'no target database was created');
    assert.deepEqual(Object.keys(before), Object.keys(before2).filter((name) => name !== 'notes.sqlite'));
  } finally {
    cleanup();
  }
});
