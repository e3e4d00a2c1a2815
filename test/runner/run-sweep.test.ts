// runSweep against a real SQLite store, with in-process workers running the real per-run trainer on a fake engine:
// resume, --force, failure isolation, divergence, dead owners reaped, lost workers, interrupts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { RunConfig } from '../../src/config/run-config.js';
import { createRunTrainer } from '../../src/runner/create-run-trainer.js';
import { runSweep, type SweepEvent, type SweepExperiment } from '../../src/runner/run-sweep.js';
import { openStore } from '../../src/store/results-store.js';
import { fixturesDir } from '../helpers/paths.js';
import { fakeTrainingEngine } from './fake-training-engine.js';
import { startInMemoryWorker } from './in-memory-worker.js';
import { tinyRunConfig } from './tiny-run-config.js';

const corpusDir = join(fixturesDir, 'runner', 'corpus');

function config(seed: number, changes: (config: RunConfig) => void = () => {}): RunConfig {
  const c = tinyRunConfig({ seed });
  c.corpus.path = corpusDir;
  c.train.epochs = 3;
  changes(c);
  return c;
}

function experiment(configs: RunConfig[], name = 'sweep-test'): SweepExperiment {
  return {
    name,
    path: 'sweep-test.yaml',
    specText: 'name: sweep-test\n',
    gridKeys: ['model.hidden'],
    runs: configs.map((c, i) => ({
      id: `run-${c.seed}-${c.model.hidden}-${c.train.learning_rate}`,
      config: c,
      params: { 'model.hidden': c.model.hidden, seed: c.seed },
      gridPoint: i,
    })),
  };
}

function tempDb(): { dbPath: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-sweep-'));
  return { dbPath: join(dir, 'runs', 'test.sqlite'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

async function sweep(
  exp: SweepExperiment,
  dbPath: string,
  options: {
    force?: boolean;
    failFast?: boolean;
    workers?: number;
    signal?: AbortSignal;
    events?: SweepEvent[];
    cores?: number;
    blas?: boolean;
  } = {},
) {
  return runSweep({
    experiment: exp,
    dbPath,
    workers: options.workers ?? 2,
    force: options.force ?? false,
    failFast: options.failFast ?? false,
    backend: 'cpu',
    offline: true,
    signal: options.signal ?? new AbortController().signal,
    onEvent: (event) => options.events?.push(event),
    packageVersion: '9.9.9',
    startWorker: () =>
      startInMemoryWorker((crash) => (settings) => createRunTrainer(settings, fakeTrainingEngine({ crash, blas: options.blas }))),
    cores: options.cores,
    loadAverage: () => 0, // an idle machine: the BLAS budget must not depend on what else this machine runs
    heartbeatMs: 50,
    stopTimeoutMs: 2000,
  });
}

function readRuns(dbPath: string) {
  const store = openStore(dbPath, { readonly: true });
  try {
    const runs = store.listRuns();
    const epochs = store.epochs(runs.map((run) => run.id));
    return { runs, epochs, byId: new Map(runs.map((run) => [run.id, run])) };
  } finally {
    store.close();
  }
}

/** Each run's epoch numbers, e.g. { a: [1, 2, 3] }: duplicates or gaps show up here. */
function epochNumbers(epochs: { runId: string; epoch: number }[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const row of epochs) (out[row.runId] ??= []).push(row.epoch);
  return out;
}

test('trains every run once; a second sweep skips them all; --force retrains without duplicating epochs', async () => {
  const { dbPath, cleanup } = tempDb();
  try {
    const exp = experiment([config(1), config(2), config(3)]);
    const first = await sweep(exp, dbPath);
    assert.deepEqual([...first.statuses.values()], ['finished', 'finished', 'finished']);
    let stored = readRuns(dbPath);
    assert.deepEqual(epochNumbers(stored.epochs), {
      'run-1-8-0.01': [1, 2, 3],
      'run-2-8-0.01': [1, 2, 3],
      'run-3-8-0.01': [1, 2, 3],
    });
    for (const run of stored.runs) {
      assert.equal(run.attempts, 1);
      assert.equal(run.backend, 'fake');
      assert.equal(run.packageVersion, '9.9.9');
      assert.equal(run.host, hostname());
    }
    assert.equal(first.summaries.length, 3);
    assert.ok(first.summaries.every((row) => row.epochs === 3 && row.bestEpoch === 3));

    const events: SweepEvent[] = [];
    const second = await sweep(exp, dbPath, { events });
    assert.equal(second.pool.results.size, 0);
    assert.deepEqual(second.planned.map((plan) => plan.reason), ['skip (finished)', 'skip (finished)', 'skip (finished)']);
    assert.ok(events.some((event) => event.type === 'plan' && event.workers === 0));
    assert.deepEqual(readRuns(dbPath).runs.map((run) => run.attempts), [1, 1, 1]);

    const forced = await sweep(exp, dbPath, { force: true });
    assert.equal(forced.pool.results.size, 3);
    stored = readRuns(dbPath);
    assert.deepEqual(stored.runs.map((run) => run.attempts), [2, 2, 2]);
    assert.equal(stored.epochs.length, 9);
  } finally {
    cleanup();
  }
});

test('a failing run keeps its error and does not stop the others; the next sweep retries only it', async () => {
  const { dbPath, cleanup } = tempDb();
  try {
    const failing = config(2, (c) => (c.model.hidden = 13));
    const exp = experiment([config(1), failing, config(3)]);
    const result = await sweep(exp, dbPath, { workers: 1 });
    const stored = readRuns(dbPath);
    assert.deepEqual(
      stored.runs.map((run) => run.status),
      ['finished', 'failed', 'finished'],
    );
    const error = stored.byId.get('run-2-13-0.01')!.error!;
    // A sentence for `rnnlab show`, never a raw stack trace (the worker prints that on stderr).
    assert.equal(error, 'internal error (please report it): Error: boom');
    assert.equal(result.pool.results.get('run-2-13-0.01')!.status, 'failed');

    const again = await sweep(exp, dbPath, { workers: 1 });
    assert.deepEqual([...again.pool.results.keys()], ['run-2-13-0.01']);
    assert.equal(readRuns(dbPath).byId.get('run-2-13-0.01')!.attempts, 2);
  } finally {
    cleanup();
  }
});

test('--fail-fast: the runs in flight are interrupted, later ones stay queued', async () => {
  const { dbPath, cleanup } = tempDb();
  try {
    const slow = config(1, (c) => (c.train.epochs = 40));
    const failing = config(2, (c) => (c.model.hidden = 13));
    const exp = experiment([slow, failing, config(3), config(4)]);
    const result = await sweep(exp, dbPath, { workers: 2, failFast: true });
    assert.equal(result.pool.stopReason, 'fail-fast');
    const stored = readRuns(dbPath);
    assert.deepEqual(
      stored.runs.map((run) => [run.id, run.status]),
      [
        ['run-1-8-0.01', 'interrupted'],
        ['run-2-13-0.01', 'failed'],
        ['run-3-8-0.01', 'queued'],
        ['run-4-8-0.01', 'queued'],
      ],
    );
  } finally {
    cleanup();
  }
});

test('a run whose loss turns NaN is stored as diverged with its NaN epoch; the sweep goes on; resume skips it', async () => {
  const { dbPath, cleanup } = tempDb();
  try {
    const exploding = config(1, (c) => (c.train.learning_rate = 1e9));
    const exp = experiment([exploding, config(2)]);
    await sweep(exp, dbPath, { workers: 1 });
    const stored = readRuns(dbPath);
    assert.deepEqual(stored.runs.map((run) => run.status), ['diverged', 'finished']);
    const nanEpochs = stored.epochs.filter((row) => row.runId === 'run-1-8-1000000000');
    assert.deepEqual(nanEpochs.map((row) => row.epoch), [1, 2]);
    assert.ok(Number.isNaN(nanEpochs[1].trainLossNats));
    const again = await sweep(exp, dbPath, { workers: 1 });
    assert.equal(again.pool.results.size, 0);
  } finally {
    cleanup();
  }
});

test('a run left running by a dead process is reaped and trained again; one owned by a live process is left alone', async () => {
  const { dbPath, cleanup } = tempDb();
  try {
    const exp = experiment([config(1), config(2)]);
    // Register and claim both runs as if another rnnlab had started them: one owner dead, one alive (this process).
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const store = openStore(dbPath);
    store.saveExperiment({ name: exp.name, specPath: exp.path, specText: exp.specText });
    store.registerRuns(exp.name, exp.runs);
    const claim = { host: hostname(), backend: 'fake', packageVersion: '0' };
    assert.equal(store.claimRun('run-1-8-0.01', { ...claim, pid: Number(dead.stdout) }), true);
    assert.equal(store.claimRun('run-2-8-0.01', { ...claim, pid: process.pid }), true);
    store.close();

    const result = await sweep(exp, dbPath);
    assert.deepEqual(result.reaped, ['run-1-8-0.01']);
    assert.deepEqual(
      result.planned.map((plan) => plan.reason),
      ['retry (interrupted before)', `skip (running in process ${process.pid} on ${hostname()})`],
    );
    const stored = readRuns(dbPath);
    assert.deepEqual(stored.runs.map((run) => [run.status, run.attempts]), [['finished', 2], ['running', 1]]);
  } finally {
    cleanup();
  }
});

test('a worker that dies mid-run: the parent records the run failed, a new worker trains the rest', async () => {
  const { dbPath, cleanup } = tempDb();
  try {
    const crashing = config(1, (c) => (c.model.hidden = 99));
    const exp = experiment([crashing, config(2), config(3)]);
    await sweep(exp, dbPath, { workers: 1 });
    const stored = readRuns(dbPath);
    assert.deepEqual(stored.runs.map((run) => run.status), ['failed', 'finished', 'finished']);
    assert.equal(stored.byId.get('run-1-99-0.01')!.error, 'worker process exited unexpectedly with code 1');
  } finally {
    cleanup();
  }
});

test('aborting (Ctrl-C) marks the runs in flight interrupted; the next sweep finishes everything exactly once', async () => {
  const { dbPath, cleanup } = tempDb();
  try {
    const exp = experiment([1, 2, 3].map((seed) => config(seed, (c) => (c.train.epochs = 6))));
    const controller = new AbortController();
    const events: SweepEvent[] = [];
    const pending = sweep(exp, dbPath, { workers: 2, signal: controller.signal, events });
    // Stop once both workers have recorded an epoch.
    const timer = setInterval(() => {
      if (events.filter((event) => event.type === 'epoch').length >= 2) controller.abort();
    }, 5);
    const result = await pending;
    clearInterval(timer);
    assert.equal(result.pool.stopReason, 'interrupted');
    let stored = readRuns(dbPath);
    assert.deepEqual(stored.runs.map((run) => run.status), ['interrupted', 'interrupted', 'queued']);
    assert.ok(stored.epochs.length >= 2);

    await sweep(exp, dbPath, { workers: 2 });
    stored = readRuns(dbPath);
    assert.deepEqual(stored.runs.map((run) => run.status), ['finished', 'finished', 'finished']);
    assert.deepEqual(epochNumbers(stored.epochs), {
      'run-1-8-0.01': [1, 2, 3, 4, 5, 6],
      'run-2-8-0.01': [1, 2, 3, 4, 5, 6],
      'run-3-8-0.01': [1, 2, 3, 4, 5, 6],
    });
    assert.deepEqual(stored.runs.map((run) => run.attempts), [2, 2, 1]);
  } finally {
    cleanup();
  }
});

test('each run records its BLAS threads: one while the runs fill the cores, and when the last run got the idle core', async () => {
  const { dbPath, cleanup } = tempDb();
  try {
    // run 1 ends first, run 3 takes its place beside run 2; run 2 ends and run 3 trains on alone.
    const exp = experiment([config(1), config(2, (c) => (c.train.epochs = 6)), config(3, (c) => (c.train.epochs = 40))]);
    await sweep(exp, dbPath, { workers: 2, cores: 2, blas: true });
    const { byId } = readRuns(dbPath);
    assert.equal(byId.get('run-1-8-0.01')?.blas, 'fake BLAS, 1 thread');
    assert.equal(byId.get('run-2-8-0.01')?.blas, 'fake BLAS, 1 thread');
    assert.match(byId.get('run-3-8-0.01')?.blas ?? '', /^fake BLAS, 1 thread, then 2 threads from epoch ([2-9]|[1-3]\d)$/);
    // A sweep of one run gives it both cores from the start.
    await sweep(experiment([config(4)], 'single'), dbPath, { workers: 2, cores: 2, blas: true });
    assert.equal(readRuns(dbPath).byId.get('run-4-8-0.01')?.blas, 'fake BLAS, 2 threads');
  } finally {
    cleanup();
  }
});
