// `rnnlab run` killed or interrupted mid-sweep through the real CLI and engine, then resumed: every run ends finished
// exactly once, with no duplicate or missing epoch rows; Ctrl-C exits 130 with runs marked interrupted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/run-cli.js';
import {
  epochNumbers,
  processExists,
  readStore,
  startCli,
  tempDir,
  tinySweepSpec,
  waitFor,
  type CliProcess,
} from './run-sweep-helpers.js';

const EPOCHS = 12;
const sweepArgs = (dbPath: string) => ['run', tinySweepSpec, '--db', dbPath, '--workers', '2', '--set', `train.epochs=${EPOCHS}`];
const allEpochs = Array.from({ length: EPOCHS }, (_, i) => i + 1);

/** Waits until a run is mid-way: at least one epoch stored and a run still `running`. Returns the worker pids. */
async function waitUntilMidRun(dbPath: string, cli: CliProcess): Promise<number[]> {
  let pids: number[] = [];
  await waitFor(`an epoch to be stored (stderr so far: ${cli.stderr()})`, () => {
    try {
      const { runs, epochs } = readStore(dbPath);
      const running = runs.filter((run) => run.status === 'running');
      pids = running.map((run) => run.pid!);
      return epochs.length > 0 && running.length > 0;
    } catch {
      return false; // the schema is being created
    }
  });
  return pids;
}

async function resumeAndCheck(dbPath: string): Promise<void> {
  const resumed = await runCli(sweepArgs(dbPath));
  assert.equal(resumed.code, 0, resumed.stderr);
  const { runs, epochs } = readStore(dbPath);
  assert.deepEqual(runs.map((run) => run.status), ['finished', 'finished', 'finished', 'finished']);
  assert.deepEqual(Object.values(epochNumbers(epochs)), [allEpochs, allEpochs, allEpochs, allEpochs]);
  // A run trained again started over: its attempts count says so, its epochs are not doubled.
  assert.ok(runs.some((run) => run.attempts === 2));
}

test('SIGKILL of the whole sweep (parent and workers) mid-run, then resume: dead owners reaped, all finished once', async () => {
  const { dir, dbPath, cleanup } = tempDir();
  try {
    const cli = startCli(sweepArgs(dbPath), dir);
    await waitUntilMidRun(dbPath, cli);
    process.kill(-cli.child.pid!, 'SIGKILL');
    const ended = await cli.done;
    assert.equal(ended.signal, 'SIGKILL');
    const killed = readStore(dbPath);
    assert.ok(killed.runs.some((run) => run.status === 'running')); // left behind by dead processes
    await resumeAndCheck(dbPath);
  } finally {
    cleanup();
  }
});

test('SIGKILL of the parent alone: workers notice, mark their runs interrupted and exit; resume finishes all', async () => {
  const { dir, dbPath, cleanup } = tempDir();
  try {
    const cli = startCli(sweepArgs(dbPath), dir);
    const workerPids = await waitUntilMidRun(dbPath, cli);
    cli.child.kill('SIGKILL');
    await cli.done;
    await waitFor('the orphaned workers to exit', () => workerPids.every((pid) => !processExists(pid)), 10_000);
    const { runs } = readStore(dbPath);
    assert.ok(runs.every((run) => run.status !== 'running'), JSON.stringify(runs.map((run) => run.status)));
    assert.ok(runs.some((run) => run.status === 'interrupted'));
    await resumeAndCheck(dbPath);
  } finally {
    cleanup();
  }
});

test('Ctrl-C (SIGINT to the process group): exit 130, runs in flight interrupted, none left running', async () => {
  const { dir, dbPath, cleanup } = tempDir();
  try {
    const cli = startCli(sweepArgs(dbPath), dir);
    const workerPids = await waitUntilMidRun(dbPath, cli);
    process.kill(-cli.child.pid!, 'SIGINT');
    const ended = await cli.done;
    assert.equal(ended.code, 130, cli.stderr());
    assert.ok(workerPids.every((pid) => !processExists(pid)));
    const { runs } = readStore(dbPath);
    const statuses = runs.map((run) => run.status);
    assert.ok(statuses.every((status) => status !== 'running'), JSON.stringify(statuses));
    assert.ok(statuses.includes('interrupted'), JSON.stringify(statuses));
    assert.match(cli.stderr(), /stopping: runs in progress will be marked interrupted…/);
    assert.match(cli.stdout(), /interrupted/);
    await resumeAndCheck(dbPath);
  } finally {
    cleanup();
  }
});

test('SIGTERM to the parent alone: it stops its workers, exit 130, nothing left running', async () => {
  const { dir, dbPath, cleanup } = tempDir();
  try {
    const cli = startCli(sweepArgs(dbPath), dir);
    await waitUntilMidRun(dbPath, cli);
    cli.child.kill('SIGTERM');
    const ended = await cli.done;
    assert.equal(ended.code, 130, cli.stderr());
    const statuses = readStore(dbPath).runs.map((run) => run.status);
    assert.ok(statuses.every((status) => status !== 'running'), JSON.stringify(statuses));
    assert.ok(statuses.includes('interrupted'), JSON.stringify(statuses));
  } finally {
    cleanup();
  }
});

test('SIGUSR1 to the parent alone (Slurm\'s time-limit warning, forwarded by the sbatch script): stops like SIGTERM', async () => {
  const { dir, dbPath, cleanup } = tempDir();
  try {
    const cli = startCli(sweepArgs(dbPath), dir);
    const workerPids = await waitUntilMidRun(dbPath, cli);
    cli.child.kill('SIGUSR1');
    const ended = await cli.done;
    // Without a handler node would start its inspector on SIGUSR1 and train on.
    assert.equal(ended.code, 130, cli.stderr());
    assert.ok(workerPids.every((pid) => !processExists(pid)));
    const statuses = readStore(dbPath).runs.map((run) => run.status);
    assert.ok(statuses.every((status) => status !== 'running'), JSON.stringify(statuses));
    assert.ok(statuses.includes('interrupted'), JSON.stringify(statuses));
    await resumeAndCheck(dbPath);
  } finally {
    cleanup();
  }
});

test('Ctrl-C while the workers are still starting: exit 130, no run left running', async () => {
  const { dir, dbPath, cleanup } = tempDir();
  try {
    const cli = startCli(sweepArgs(dbPath), dir);
    // As soon as the runs are registered (the workers are loading tfjs then).
    await waitFor('the runs to be registered', () => {
      try {
        return readStore(dbPath).runs.length === 4;
      } catch {
        return false;
      }
    });
    process.kill(-cli.child.pid!, 'SIGINT');
    const ended = await cli.done;
    assert.equal(ended.code, 130, cli.stderr());
    const statuses = readStore(dbPath).runs.map((run) => run.status);
    assert.ok(statuses.every((status) => status === 'queued' || status === 'interrupted'), JSON.stringify(statuses));
  } finally {
    cleanup();
  }
});
