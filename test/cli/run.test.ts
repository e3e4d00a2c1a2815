// `rnnlab run` end to end through the real CLI, engine and store on the tiny fixture sweep: bad input, dry run,
// two workers on one database, failure isolation, --fail-fast, divergence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { epochNumbers, readStore, tempDir, tinySweepSpec, writeTinySpec } from './run-sweep-helpers.js';

test('bad spec: exit 2, the problem printed, no database created', async () => {
  const { dir, dbPath, cleanup } = tempDir();
  try {
    const spec = join(dir, 'bad.yaml');
    writeFileSync(spec, 'name: bad\nmodel:\n  type: lstmm\n');
    const result = await runCli(['run', spec, '--db', dbPath]);
    assert.equal(result.code, 2);
    assert.equal(result.stderr, `${spec}:3:9: /model/type must be one of rnn, rnncf, stacked, lstm; got "lstmm"\n`);
    assert.equal(existsSync(dbPath), false);
    assert.equal(existsSync(join(dir, 'runs')), false);
  } finally {
    cleanup();
  }
});

test('bad flags: exit 2 with a message naming the flag, nothing written', async () => {
  const { dbPath, cleanup } = tempDir();
  try {
    const workers = await runCli(['run', tinySweepSpec, '--db', dbPath, '--workers', '0']);
    assert.equal(workers.code, 2);
    assert.equal(workers.stderr, '--workers must be a positive integer; got "0"\n');
    const set = await runCli(['run', tinySweepSpec, '--db', dbPath, '--set', 'train.nope=3']);
    assert.equal(set.code, 2);
    assert.match(set.stderr, /--set.*unknown key "nope"/);
    const backend = await runCli(['run', tinySweepSpec, '--db', dbPath, '--backend', 'gpu']);
    assert.equal(backend.code, 2);
    assert.match(backend.stderr, /argument 'gpu' is invalid. Allowed choices are auto, wasm, cpu, tensorflow, native/);
    assert.equal(existsSync(dbPath), false);
  } finally {
    cleanup();
  }
});

test('--dry-run lists the expanded runs and what would happen, and writes nothing', async () => {
  const { dbPath, cleanup } = tempDir();
  try {
    const result = await runCli(['run', tinySweepSpec, '--db', dbPath, '--dry-run']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^tiny-sweep: 4 runs, 4 would be trained, 0 skipped \(dry run: nothing written\)\n/);
    for (const params of ['model.type=rnn seed=1', 'model.type=rnn seed=2', 'model.type=rnncf seed=1', 'model.type=rnncf seed=2']) {
      assert.match(result.stdout, new RegExp(`│ ${params.replace('.', '\\.')} +│ - +│ new +│`));
    }
    assert.equal(existsSync(dbPath), false);
  } finally {
    cleanup();
  }
});

test('auto without the native addon says once why it trains on wasm, and records wasm', async () => {
  const { dbPath, cleanup } = tempDir();
  try {
    const args = ['run', tinySweepSpec, '--db', dbPath, '--workers', '1', '--set', 'seeds=[1]', '--set', 'grid.model.type=[rnn]'];
    const result = await runCli(args, { env: { RNNLAB_NATIVE: '0' } });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^rnnlab: native BLAS path not available \(disabled by RNNLAB_NATIVE=0\); training on wasm\n1 runs in the grid: 1 to train/);
    assert.equal(result.stderr.split('native BLAS path').length, 2);
    assert.deepEqual(readStore(dbPath).runs.map((run) => run.backend), ['wasm']);
  } finally {
    cleanup();
  }
});

test('two workers on one database: every run finished by one of two processes, no lock errors; rerun skips all', async () => {
  const { dbPath, cleanup } = tempDir();
  try {
    const result = await runCli(['run', tinySweepSpec, '--db', dbPath, '--workers', '2', '--backend', 'wasm']);
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr + result.stdout, /locked|SQLITE_BUSY|error/i);
    const { runs, epochs } = readStore(dbPath);
    assert.deepEqual(runs.map((run) => run.status), ['finished', 'finished', 'finished', 'finished']);
    assert.equal(new Set(runs.map((run) => run.pid)).size, 2);
    assert.ok(runs.every((run) => run.backend === 'wasm' && run.attempts === 1));
    assert.deepEqual(Object.values(epochNumbers(epochs)), [[1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3]]);
    assert.match(result.stdout, /tiny-sweep: 4 finished {2}\[/);
    assert.match(result.stdout, /│ rnn {3}│ +\d+\.\d\d ± \d+\.\d\d │ 2 │/);
    assert.match(result.stderr, /^4 runs in the grid: 4 to train, on 2 workers\n/);

    const again = await runCli(['run', tinySweepSpec, '--db', dbPath, '--workers', '2']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /^4 runs in the grid: 0 to train, 4 skipped \(4 finished\)\n/);
    assert.deepEqual(readStore(dbPath).runs.map((run) => run.attempts), [1, 1, 1, 1]);
  } finally {
    cleanup();
  }
});

test('two rnnlab run processes on one database at once: each run trained exactly once, both exit 0', async () => {
  const { dbPath, cleanup } = tempDir();
  try {
    const args = ['run', tinySweepSpec, '--db', dbPath, '--workers', '1'];
    const [a, b] = await Promise.all([runCli(args), runCli(args)]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.doesNotMatch(a.stderr + b.stderr, /locked|SQLITE_BUSY|error/i);
    const { runs, epochs } = readStore(dbPath);
    assert.deepEqual(runs.map((run) => [run.status, run.attempts]), [['finished', 1], ['finished', 1], ['finished', 1], ['finished', 1]]);
    assert.deepEqual(Object.values(epochNumbers(epochs)), [[1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3]]);
  } finally {
    cleanup();
  }
});

// A run its corpus cannot serve (a batch longer than a document) is now refused before anything is written:
// test/cli/run-writes-nothing.test.ts. Failure isolation and --fail-fast of runs that fail while training are
// tested on the runner (test/runner/run-sweep.test.ts, run-pool.test.ts).

test('a run whose loss turns NaN is marked diverged, the sweep goes on, exit 0', async () => {
  const { dir, dbPath, cleanup } = tempDir();
  try {
    // A learning rate of 1e38 without clipping overflows float32 weights on the first update: the loss is NaN.
    const spec = writeTinySpec(dir, 'nan', '{train.learning_rate: [1e38, 0.01]}', ', clip_norm: 0');
    const result = await runCli(['run', spec, '--db', dbPath, '--workers', '1']);
    assert.equal(result.code, 0, result.stderr);
    const { runs, epochs } = readStore(dbPath);
    assert.deepEqual(runs.map((run) => run.status), ['diverged', 'finished']);
    const diverged = epochs.filter((row) => row.runId === runs[0].id);
    assert.ok(diverged.length >= 1 && Number.isNaN(diverged[diverged.length - 1].trainLossNats));
    assert.deepEqual(epochNumbers(epochs)[runs[1].id], [1, 2, 3]);
    assert.match(result.stderr, /diverged \(loss not finite\) at epoch \d/);
  } finally {
    cleanup();
  }
});
