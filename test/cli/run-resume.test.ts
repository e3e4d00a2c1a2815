// Resume inside a run through the real CLI and worker processes: a worker SIGKILLed in the middle of an epoch, then
// `rnnlab run` again, stores exactly the rows (all but timing columns) of an uninterrupted twin run; --restart and
// unusable checkpoints start over from epoch 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli } from '../helpers/run-cli.js';
import { fixturesDir } from '../helpers/paths.js';
import { readStore, startCli, tempDir, waitFor } from './run-sweep-helpers.js';

// Enough epochs, each long enough, that a kill lands inside one even when the C engine makes epochs short and a busy
// machine makes the 50 ms polling late.
const EPOCHS = 8;

/** One run that draws from every random stream (book schedule, sampled text, noise); epochs of ~0.3 s native, ~2 s wasm. */
function writeSpec(dir: string): string {
  const path = join(dir, 'resume.yaml');
  writeFileSync(
    path,
    `name: resume
corpus: {path: ${JSON.stringify(join(fixturesDir, 'runner', 'corpus'))}, documents: 4, vocabulary_documents: 4, min_count: 0,
         validation: {rule: fraction, fraction: 0.1}}
model: {type: rnncf, hidden: 32, context: 16}
train: {num_unroll: 10, batch_size: 8, learning_rate: 0.01, schedule: book, num_steps: ${EPOCHS}, docs_per_step: 3,
        updates_per_document: 120}
generation: {length: 40, segments: 2, decoding: sample, reset: noise, noise_std: 0.5}
seeds: [7]
`,
  );
  return path;
}

/** Every stored row of the database but the timing columns, in a fixed order. */
function storedResults(dbPath: string): Record<string, unknown[]> {
  const db = new Database(dbPath, { readonly: true });
  try {
    return {
      epochs: db
        .prepare(
          `SELECT run_id, epoch, train_loss_nats, train_perplexity, valid_loss_nats, valid_perplexity FROM epochs ORDER BY run_id, epoch`,
        )
        .all(),
      documents: db.prepare('SELECT * FROM document_perplexities ORDER BY run_id, epoch, document').all(),
      samples: db.prepare('SELECT * FROM samples ORDER BY run_id, epoch, sample_index').all(),
    };
  } finally {
    db.close();
  }
}

function checkpointEpoch(path: string): number | null {
  if (!existsSync(path)) return null;
  return (JSON.parse(readFileSync(path, 'utf8')) as { epoch: number }).epoch;
}

let twin: Promise<Record<string, unknown[]>> | null = null;

/** Trains the twin without interruption (once for all tests: the spec is the same); returns its rows. */
function twinResults(spec: string): Promise<Record<string, unknown[]>> {
  twin ??= trainTwin(spec);
  return twin;
}

async function trainTwin(spec: string): Promise<Record<string, unknown[]>> {
  const { dbPath, cleanup } = tempDir();
  try {
    const twin = await runCli(['run', spec, '--db', dbPath, '--workers', '1']);
    assert.equal(twin.code, 0, twin.stderr);
    return storedResults(dbPath);
  } finally {
    cleanup();
  }
}

/** The store as far as it is readable (null while the schema is being created). */
function tryReadStore(dbPath: string): ReturnType<typeof readStore> | null {
  try {
    return readStore(dbPath);
  } catch {
    return null;
  }
}

/**
 * Starts the sweep and SIGKILLs its worker in the middle of an epoch: once epoch k is stored and checkpointed, a
 * quarter of an epoch's time later, if epoch k+1 has not ended by then (else it tries again in the next epoch).
 * Returns k.
 */
async function killWorkerMidEpoch(spec: string, dir: string, dbPath: string): Promise<number> {
  const cli = startCli(['run', spec, '--db', dbPath, '--workers', '1'], dir);
  let tried = 0;
  for (;;) {
    let stored = 0;
    await waitFor(`epoch ${tried + 1} stored and checkpointed (stderr so far: ${cli.stderr()})`, () => {
      const read = tryReadStore(dbPath);
      if (read === null || read.runs.length === 0) return false;
      stored = read.epochs.length;
      return stored > tried && checkpointEpoch(join(dir, 'runs', 'checkpoints', `${read.runs[0].id}.json`)) === stored;
    }, 120_000);
    assert.ok(stored < EPOCHS, `the run finished before a kill landed inside an epoch (stderr: ${cli.stderr()})`);
    const { runs, epochs } = readStore(dbPath);
    const epochMs = epochs.reduce((sum, row) => sum + row.durationMs, 0) / epochs.length;
    await new Promise((resolveWait) => setTimeout(resolveWait, epochMs / 4));
    // Freeze the worker before looking, so the epoch cannot end between the look and the kill (on a busy machine
    // that window is long enough); a commit it was inside stays uncommitted, as the kill would leave it.
    process.kill(runs[0].pid!, 'SIGSTOP');
    if (readStore(dbPath).epochs.length !== stored) {
      process.kill(runs[0].pid!, 'SIGCONT');
      tried = stored; // the epoch ended first: try in the next one
      continue;
    }
    assert.equal(runs[0].status, 'running');
    process.kill(runs[0].pid!, 'SIGKILL');
    const ended = await cli.done;
    assert.equal(ended.code, 1, cli.stderr()); // the run is recorded failed: its worker died
    const after = readStore(dbPath);
    assert.equal(after.epochs.length, stored, 'killed between epochs, not inside one');
    assert.equal(after.runs[0].status, 'failed');
    assert.match(after.runs[0].error ?? '', /exited unexpectedly/);
    return stored;
  }
}

test('a worker SIGKILLed mid-epoch resumes after its last epoch; every stored row equals the uninterrupted twin', async () => {
  const { dir, dbPath, cleanup } = tempDir();
  try {
    const spec = writeSpec(dir);
    const expected = await twinResults(spec);
    assert.equal(expected.epochs.length, EPOCHS);
    const killedAfter = await killWorkerMidEpoch(spec, dir, dbPath);
    const dryRun = await runCli(['run', spec, '--db', dbPath, '--dry-run']);
    assert.match(dryRun.stdout, new RegExp(`retry \\(failed before; checkpoint after epoch ${killedAfter}\\)`), dryRun.stdout);
    const resumed = await runCli(['run', spec, '--db', dbPath, '--workers', '1']);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, new RegExp(`resuming after epoch ${killedAfter} from its checkpoint`));
    // Only the epochs after the checkpoint were trained again.
    assert.equal((resumed.stderr.match(new RegExp(` epoch \\d/${EPOCHS} `, 'g')) ?? []).length, EPOCHS - killedAfter, resumed.stderr);
    const { runs } = readStore(dbPath);
    assert.equal(runs[0].status, 'finished');
    assert.equal(runs[0].attempts, 2);
    assert.deepEqual(storedResults(dbPath), expected);
  } finally {
    cleanup();
  }
});

test('--restart starts such a run over from epoch 1 (its rows still equal the twin: training is deterministic)', async () => {
  const { dir, dbPath, cleanup } = tempDir();
  try {
    const spec = writeSpec(dir);
    const expected = await twinResults(spec);
    await killWorkerMidEpoch(spec, dir, dbPath);
    const restarted = await runCli(['run', spec, '--db', dbPath, '--workers', '1', '--restart']);
    assert.equal(restarted.code, 0, restarted.stderr);
    assert.doesNotMatch(restarted.stderr, /resuming/);
    assert.equal((restarted.stderr.match(new RegExp(` epoch \\d/${EPOCHS} `, 'g')) ?? []).length, EPOCHS, restarted.stderr);
    assert.deepEqual(storedResults(dbPath), expected);
  } finally {
    cleanup();
  }
});

test('a checkpoint that cannot resume the run (version 1) is named with the reason, and the run starts over', async () => {
  const { dir, dbPath, cleanup } = tempDir();
  try {
    const spec = writeSpec(dir);
    const expected = await twinResults(spec);
    await killWorkerMidEpoch(spec, dir, dbPath);
    const runId = readStore(dbPath).runs[0].id;
    const checkpointPath = join(dir, 'runs', 'checkpoints', `${runId}.json`);
    const checkpoint = JSON.parse(readFileSync(checkpointPath, 'utf8')) as Record<string, unknown>;
    writeFileSync(checkpointPath, JSON.stringify({ ...checkpoint, version: 1, resume: undefined }));
    const again = await runCli(['run', spec, '--db', dbPath, '--workers', '1']);
    assert.equal(again.code, 0, again.stderr);
    assert.ok(
      again.stderr.includes(`checkpoint ${checkpointPath} not used (version 1 holds weights only, no resume state): starting over from epoch 1`),
      again.stderr,
    );
    assert.deepEqual(storedResults(dbPath), expected);
  } finally {
    cleanup();
  }
});
