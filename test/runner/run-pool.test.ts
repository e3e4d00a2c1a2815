// runPool with in-process workers and a fake trainer: scheduling, failure isolation, fail-fast, interrupt, crashes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from '../../src/config/user-error.js';
import { runPool, type PoolEvent, type PoolOptions } from '../../src/runner/run-pool.js';
import type { SweepJob } from '../../src/runner/sweep-job.js';
import { fakeRunTrainer, newFakeTrainerLog, type FakeRunScript, type FakeTrainerLog } from './fake-run-trainer.js';
import { startInMemoryWorker } from './in-memory-worker.js';
import { tinyRunConfig } from './tiny-run-config.js';

function jobs(count: number): SweepJob[] {
  return Array.from({ length: count }, (_, i) => ({
    runId: `run${i + 1}`,
    config: tinyRunConfig({ seed: i + 1 }),
    params: { seed: i + 1 },
    gridPoint: i,
    corpusDir: '/nowhere',
    force: false,
  }));
}

interface Harness {
  log: FakeTrainerLog;
  events: PoolEvent[];
  lost: { runId: string; status: string; error: string }[];
  workersStarted: number;
  options: PoolOptions;
}

function harness(
  count: number,
  settings: {
    workers: number;
    scripts?: Record<string, FakeRunScript>;
    failFast?: boolean;
    signal?: AbortSignal;
    setupError?: Error;
    stopTimeoutMs?: number;
    cores?: number;
    loadAverage?: () => number;
  },
): Harness {
  const h: Harness = { log: newFakeTrainerLog(), events: [], lost: [], workersStarted: 0, options: undefined as never };
  h.options = {
    jobs: jobs(count),
    workers: settings.workers,
    settings: { dbPath: ':memory:', backend: 'cpu', packageVersion: '0', checkpointDir: '/tmp', heartbeatMs: 1000 },
    startWorker: () => {
      h.workersStarted++;
      return startInMemoryWorker((crash) =>
        fakeRunTrainer({ scripts: settings.scripts, epochMs: 5, log: h.log, setupError: settings.setupError, crash }),
      );
    },
    failFast: settings.failFast ?? false,
    signal: settings.signal ?? new AbortController().signal,
    stopTimeoutMs: settings.stopTimeoutMs ?? 5000,
    cores: settings.cores ?? 1,
    loadAverage: settings.loadAverage ?? (() => 0), // an idle machine unless a test says otherwise
    onEvent: (event) => h.events.push(event),
    onLostRun: (job, status, error) => h.lost.push({ runId: job.runId, status, error }),
  };
  return h;
}

const statuses = (results: Map<string, { status: string }>): Record<string, string> =>
  Object.fromEntries([...results].map(([id, result]) => [id, result.status]).sort());

test('trains every job exactly once, never more than N at a time', async () => {
  const h = harness(5, { workers: 2 });
  const result = await runPool(h.options);
  assert.deepEqual(statuses(result.results), {
    run1: 'finished',
    run2: 'finished',
    run3: 'finished',
    run4: 'finished',
    run5: 'finished',
  });
  assert.deepEqual([...h.log.started].sort(), ['run1', 'run2', 'run3', 'run4', 'run5']);
  assert.equal(h.log.maxConcurrent, 2);
  assert.equal(h.workersStarted, 2);
  assert.equal(result.stopReason, null);
  assert.equal(result.backend, 'fake');
  assert.deepEqual(result.notStarted, []);
  const epochEvents = h.events.filter((event) => event.type === 'epoch');
  assert.equal(epochEvents.length, 10); // 5 runs × 2 epochs
});

test('starts no more workers than jobs, and none for an empty list', async () => {
  const h = harness(2, { workers: 8 });
  await runPool(h.options);
  assert.equal(h.workersStarted, 2);
  const empty = harness(0, { workers: 4 });
  const result = await runPool(empty.options);
  assert.equal(empty.workersStarted, 0);
  assert.equal(result.results.size, 0);
});

test('a failing run does not stop the others; its error is kept', async () => {
  const h = harness(4, { workers: 2, scripts: { run2: { epochs: 2, failAt: { epoch: 1, message: 'boom' } } } });
  const result = await runPool(h.options);
  assert.deepEqual(statuses(result.results), { run1: 'finished', run2: 'failed', run3: 'finished', run4: 'finished' });
  assert.equal(result.results.get('run2')!.error, 'boom');
  assert.equal(result.stopReason, null);
});

test('a diverged run is reported as such and the sweep goes on', async () => {
  const h = harness(3, { workers: 1, scripts: { run1: { epochs: 3, divergeAt: 2 } } });
  const result = await runPool(h.options);
  assert.deepEqual(statuses(result.results), { run1: 'diverged', run2: 'finished', run3: 'finished' });
  assert.equal(result.results.get('run1')!.epochs, 2);
  const nanEpoch = h.events.find((e) => e.type === 'epoch' && e.job.runId === 'run1' && e.summary.epoch === 2);
  assert.ok(nanEpoch && nanEpoch.type === 'epoch' && Number.isNaN(nanEpoch.summary.validPerplexity));
});

test('--fail-fast: the first failure interrupts runs in flight and starts nothing new', async () => {
  const h = harness(6, {
    workers: 2,
    failFast: true,
    scripts: {
      run1: { epochs: 1, failAt: { epoch: 1, message: 'first failure' } },
      run2: { epochs: 50 },
    },
  });
  const result = await runPool(h.options);
  assert.equal(result.stopReason, 'fail-fast');
  assert.deepEqual(statuses(result.results), { run1: 'failed', run2: 'interrupted' });
  assert.deepEqual(
    result.notStarted.map((job) => job.runId),
    ['run3', 'run4', 'run5', 'run6'],
  );
  assert.ok(h.events.some((event) => event.type === 'stopping' && event.reason === 'fail-fast'));
});

test('aborting the signal interrupts runs in flight and leaves the rest queued', async () => {
  const controller = new AbortController();
  const h = harness(5, { workers: 2, signal: controller.signal, scripts: { run1: { epochs: 100 }, run2: { epochs: 100 } } });
  const pending = runPool(h.options);
  setTimeout(() => controller.abort(), 40);
  const result = await pending;
  assert.equal(result.stopReason, 'interrupted');
  assert.deepEqual(statuses(result.results), { run1: 'interrupted', run2: 'interrupted' });
  assert.deepEqual(
    result.notStarted.map((job) => job.runId),
    ['run3', 'run4', 'run5'],
  );
  assert.deepEqual(h.lost, []);
});

test('a worker that dies mid-run: its run is failed via onLostRun and a new worker trains the rest', async () => {
  const h = harness(4, { workers: 2, scripts: { run1: { epochs: 3, crashAt: 2 } } });
  const result = await runPool(h.options);
  assert.deepEqual(statuses(result.results), { run1: 'failed', run2: 'finished', run3: 'finished', run4: 'finished' });
  assert.equal(h.lost.length, 1);
  assert.equal(h.lost[0].runId, 'run1');
  assert.equal(h.lost[0].status, 'failed');
  assert.equal(h.lost[0].error, 'worker process exited unexpectedly with code 1');
  assert.equal(h.workersStarted, 3);
});

test('a worker that ignores stop is killed after the timeout; its run is recorded interrupted', async () => {
  const controller = new AbortController();
  const h = harness(1, {
    workers: 1,
    signal: controller.signal,
    stopTimeoutMs: 50,
    scripts: { run1: { epochs: 1, ignoreAbort: true } },
  });
  const pending = runPool(h.options);
  // Stop once the run is under way (a fixed delay could fire before a loaded machine has started it).
  const waitForStart = setInterval(() => {
    if (h.log.started.includes('run1')) {
      clearInterval(waitForStart);
      controller.abort();
    }
  }, 5);
  const result = await pending;
  clearInterval(waitForStart);
  assert.deepEqual(statuses(result.results), { run1: 'interrupted' });
  assert.deepEqual(h.lost, [
    { runId: 'run1', status: 'interrupted', error: 'worker process ended by signal SIGKILL while stopping the sweep' },
  ]);
});

test('a worker that cannot set up stops the pool with its error and trains nothing', async () => {
  const h = harness(3, { workers: 2, setupError: new UserError('backend "tensorflow" not available') });
  const result = await runPool(h.options);
  assert.equal(result.stopReason, 'setup-failed');
  assert.deepEqual(result.setupError, { message: 'backend "tensorflow" not available', userError: true });
  assert.equal(result.results.size, 0);
  assert.equal(result.notStarted.length, 3);
  assert.deepEqual(h.log.started, []);
});

test('a signal aborted before the pool starts: no worker is started, every job is left not started', async () => {
  const controller = new AbortController();
  controller.abort();
  const h = harness(3, { workers: 2, signal: controller.signal });
  const result = await runPool(h.options);
  assert.equal(h.workersStarted, 0);
  assert.equal(result.stopReason, 'interrupted');
  assert.equal(result.notStarted.length, 3);
});

test('BLAS threads: one per run while runs fill the cores, the idle cores to the last run once the others end', async () => {
  // run1 ends first; run3 takes its worker while run2 still trains (1 thread each); run2 ends with nothing left to
  // start, so run3, alone, gets both cores.
  const h = harness(3, { workers: 2, cores: 2, scripts: { run1: { epochs: 2 }, run2: { epochs: 10 }, run3: { epochs: 30 } } });
  const result = await runPool(h.options);
  assert.deepEqual(statuses(result.results), { run1: 'finished', run2: 'finished', run3: 'finished' });
  assert.deepEqual(h.log.blasThreads, [
    { run: null, threads: 1 },
    { run: null, threads: 1 },
    { run: null, threads: 1 },
    { run: 'run3', threads: 2 },
  ]);
});

test('BLAS threads: a single run gets every core; more workers than cores still get one thread each', async () => {
  const single = harness(1, { workers: 2, cores: 4 });
  await runPool(single.options);
  assert.deepEqual(single.log.blasThreads, [{ run: null, threads: 4 }]);
  const crowded = harness(3, { workers: 3, cores: 2, scripts: { run1: { epochs: 3 }, run2: { epochs: 3 }, run3: { epochs: 3 } } });
  await runPool(crowded.options);
  assert.deepEqual(crowded.log.blasThreads.slice(0, 3), [
    { run: null, threads: 1 },
    { run: null, threads: 1 },
    { run: null, threads: 1 },
  ]);
});

test('BLAS threads: at the tail of a sweep, cores another process keeps busy are not handed out', async () => {
  // As the first test, but another sweep keeps two cores busy: the load average (4) is 2 beyond this sweep's own one
  // thread per run, so when run2 ends, run3 stays at one thread.
  const h = harness(3, {
    workers: 2,
    cores: 2,
    loadAverage: () => 4,
    scripts: { run1: { epochs: 2 }, run2: { epochs: 10 }, run3: { epochs: 30 } },
  });
  const result = await runPool(h.options);
  assert.deepEqual(statuses(result.results), { run1: 'finished', run2: 'finished', run3: 'finished' });
  assert.deepEqual(h.log.blasThreads, [
    { run: null, threads: 1 },
    { run: null, threads: 1 },
    { run: null, threads: 1 },
  ]);
});
