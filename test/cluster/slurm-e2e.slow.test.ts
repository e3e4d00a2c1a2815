// On a real Slurm (scripts/start-local-slurm.sh): `rnnlab slurm --submit` trains a sweep as an array job and merges it
// into exactly what a plain local `rnnlab run` of the same file stores; an array task requeued mid-run (scontrol
// requeue, and the USR1 time-limit warning) resumes from its checkpoint and still ends bit-identical to the local run.
// Skipped when no Slurm answers, unless RNNLAB_REQUIRE_SLURM=1 (CI), which makes that a failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli } from '../helpers/run-cli.js';
import { fixturesDir } from '../helpers/paths.js';
import { arrayTaskStates, jobState, slurm, slurmUnavailableReason, waitUntil } from '../helpers/local-slurm.js';

const unavailable = slurmUnavailableReason();
const required = process.env.RNNLAB_REQUIRE_SLURM === '1';
const skip = unavailable !== null && !required ? `no Slurm here (${unavailable}); scripts/start-local-slurm.sh starts one` : false;

/** A work dir whose path #SBATCH --chdir can carry; on this one-node cluster /tmp is the "shared filesystem". */
function workDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync('/tmp/rnnlab-slurm-e2e-');
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function writeSpec(dir: string, name: string, body: string): string {
  writeFileSync(
    join(dir, `${name}.yaml`),
    `name: ${name}
corpus: {path: ${JSON.stringify(join(fixturesDir, 'runner', 'corpus'))}, documents: 4, vocabulary_documents: 4, min_count: 0,
         validation: {rule: fraction, fraction: 0.1}}
${body}`,
  );
  return `${name}.yaml`;
}

/** Every stored row but the timing columns and attempt bookkeeping, in a fixed order. */
function storedResults(dbPath: string): Record<string, unknown[]> {
  const db = new Database(dbPath, { readonly: true });
  try {
    return {
      runs: db.prepare('SELECT id, experiment, status, config_json FROM runs ORDER BY id').all(),
      epochs: db
        .prepare('SELECT run_id, epoch, train_loss_nats, train_perplexity, valid_loss_nats, valid_perplexity FROM epochs ORDER BY run_id, epoch')
        .all(),
      documents: db.prepare('SELECT * FROM document_perplexities ORDER BY run_id, epoch, document').all(),
      samples: db.prepare('SELECT * FROM samples ORDER BY run_id, epoch, sample_index').all(),
    };
  } finally {
    db.close();
  }
}

/** `rnnlab slurm … --submit` → the two job ids it printed. */
async function submit(dir: string, args: string[]): Promise<{ arrayJobId: string; mergeJobId: string }> {
  const result = await runCli(['slurm', ...args, '--submit'], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  const ids = /^submitted array job (\d+) \(tasks \d+_0…\d+_\d+\) and merge job (\d+) \(after the array ends\)$/m.exec(result.stdout);
  assert.ok(ids, result.stdout);
  return { arrayJobId: ids[1], mergeJobId: ids[2] };
}

function readLogs(dir: string, name: string, ids: { arrayJobId: string; mergeJobId: string }, shards: number): string {
  const logDir = join(dir, 'runs', 'slurm', name);
  const files = [
    ...Array.from({ length: shards }, (_, i) => `rnnlab-${name}-${ids.arrayJobId}_${i}.out`),
    `rnnlab-${name}-merge-${ids.mergeJobId}.out`,
  ];
  return files.map((file) => `== ${file}\n${existsSync(join(logDir, file)) ? readFileSync(join(logDir, file), 'utf8') : '(none)'}`).join('\n');
}

/**
 * Waits for the merge job to end, following it when it found array tasks left and handed over to a new merge job
 * (its log says "merging after them as job N"); returns the id of the merge job that merged.
 */
async function waitForMerge(dir: string, name: string, ids: { arrayJobId: string; mergeJobId: string }, shards: number, onPoll = () => {}): Promise<string> {
  let mergeJobId = ids.mergeJobId;
  for (;;) {
    const current = { ...ids, mergeJobId };
    await waitUntil(
      `merge job ${mergeJobId} to end`,
      () => {
        onPoll();
        return !['PENDING', 'RUNNING', 'CONFIGURING', 'COMPLETING', 'REQUEUED'].includes(jobState(mergeJobId));
      },
      8 * 60_000,
      () => `squeue: ${JSON.stringify([...arrayTaskStates(ids.arrayJobId)])}\n${readLogs(dir, name, current, shards)}`,
      500,
    );
    assert.equal(jobState(mergeJobId), 'COMPLETED', readLogs(dir, name, current, shards));
    const log = readFileSync(join(dir, 'runs', 'slurm', name, `rnnlab-${name}-merge-${mergeJobId}.out`), 'utf8');
    const next = /merging after them as job (\d+)$/m.exec(log);
    if (!next) return mergeJobId;
    mergeJobId = next[1];
  }
}

function cancel(ids: { arrayJobId: string; mergeJobId: string } | null): void {
  if (ids) slurm('scancel', [ids.arrayJobId, ids.mergeJobId]);
}

test('rnnlab slurm --shards 3 --submit, then the merge job: the merged database equals a local rnnlab run', { skip, timeout: 10 * 60_000 }, async () => {
  if (unavailable !== null) assert.fail(`RNNLAB_REQUIRE_SLURM=1 but ${unavailable}; start it with scripts/start-local-slurm.sh`);
  const { dir, cleanup } = workDir();
  let ids: { arrayJobId: string; mergeJobId: string } | null = null;
  try {
    const spec = writeSpec(
      dir,
      'slurm-e2e',
      `model: {hidden: 8, context: 4}
train: {num_unroll: 5, batch_size: 4, learning_rate: 0.01, schedule: epochs, epochs: 3}
generation: {length: 20, reset: zeros}
grid: {model.type: [rnn, rnncf]}
seeds: [1, 2]
`,
    );
    ids = await submit(dir, [spec, '--shards', '3', '--backend', 'wasm']);
    // The local twin trains meanwhile, on the same backend.
    const local = await runCli(['run', spec, '--db', 'local.sqlite', '--backend', 'wasm', '--workers', '1'], { cwd: dir });
    assert.equal(local.code, 0, local.stderr);
    await waitForMerge(dir, 'slurm-e2e', ids, 3);
    for (let i = 0; i < 3; i++) assert.equal(jobState(`${ids.arrayJobId}_${i}`), 'COMPLETED');

    const merged = storedResults(join(dir, 'runs', 'rnnlab.sqlite'));
    const expected = storedResults(join(dir, 'local.sqlite'));
    assert.equal(merged.runs.length, 4);
    assert.ok(merged.runs.every((run) => (run as { status: string }).status === 'finished'));
    assert.equal(merged.epochs.length, 4 * 3);
    assert.deepEqual(merged, expected);
    // Every shard trained something, into its own database.
    for (let i = 0; i < 3; i++) {
      const shard = storedResults(join(dir, 'runs', 'shards', 'slurm-e2e', `shard-${i}-of-3.sqlite`));
      assert.ok(shard.runs.length >= 1, `shard ${i} is empty`);
    }
  } finally {
    cancel(ids);
    cleanup();
  }
});

const EPOCHS = 8;

/** An epoch row with its measured timing: a row trained again would have timings of its own. */
interface EpochTiming {
  epoch: number;
  duration_ms: number;
  tokens_per_sec: number;
}

test('array tasks requeued mid-run (scontrol requeue; the USR1 time-limit warning) resume from their checkpoints', { skip, timeout: 12 * 60_000 }, async () => {
  if (unavailable !== null) assert.fail(`RNNLAB_REQUIRE_SLURM=1 but ${unavailable}; start it with scripts/start-local-slurm.sh`);
  const { dir, cleanup } = workDir();
  let ids: { arrayJobId: string; mergeJobId: string } | null = null;
  try {
    // Two runs that draw from every random stream (book schedule, sampled text, noise), epochs of about a second.
    const name = 'slurm-requeue';
    const spec = writeSpec(
      dir,
      name,
      `model: {type: rnncf, hidden: 32, context: 16}
train: {num_unroll: 10, batch_size: 8, learning_rate: 0.01, schedule: book, num_steps: ${EPOCHS}, docs_per_step: 3,
        updates_per_document: 60}
generation: {length: 40, segments: 2, decoding: sample, reset: noise, noise_std: 0.5}
seeds: [7, 8]
`,
    );
    ids = await submit(dir, [spec, '--shards', '2', '--backend', 'wasm']);
    const { arrayJobId } = ids;
    const shardDb = (i: number) => join(dir, 'runs', 'shards', name, `shard-${i}-of-2.sqlite`);

    let lastReadError = '';
    /** The run a shard is training and its stored epochs with their timings, once it is mid-run past epoch 2. */
    const midRun = (i: number): { runId: string; rows: EpochTiming[] } | null => {
      if (!existsSync(shardDb(i))) return null;
      try {
        const db = new Database(shardDb(i), { readonly: true, fileMustExist: true });
        try {
          const run = db.prepare(`SELECT id FROM runs WHERE status = 'running'`).get() as { id: string } | undefined;
          if (!run) return null;
          const rows = db.prepare('SELECT epoch, duration_ms, tokens_per_sec FROM epochs WHERE run_id = ? ORDER BY epoch').all(run.id) as EpochTiming[];
          // Epoch 2 stored means epoch 1's checkpoint was written (an epoch is stored before its checkpoint).
          return rows.length >= 2 && rows.length <= EPOCHS - 3 ? { runId: run.id, rows } : null;
        } finally {
          db.close();
        }
      } catch (error) {
        lastReadError = String(error); // the schema is being created
        return null;
      }
    };

    // Task 0: requeued by the scheduler (as preemption does): SIGTERM to every process of the job, then requeued.
    // Task 1: the time-limit warning, USR1 to the batch shell only (as --signal=B:USR1 sends it); the job requeues itself.
    const before: ({ runId: string; rows: EpochTiming[] } | null)[] = [null, null];
    await waitUntil(
      'both runs to be mid-way',
      () => {
        for (const i of [0, 1]) {
          if (before[i] !== null) continue;
          before[i] = midRun(i);
          if (before[i] === null) continue;
          if (i === 0) slurm('scontrol', ['requeue', `${arrayJobId}_0`]);
          else slurm('scancel', ['--batch', '--signal=USR1', `${arrayJobId}_1`]);
        }
        return before.every((value) => value !== null);
      },
      5 * 60_000,
      () => `last read error: ${lastReadError}\n${readLogs(dir, name, ids!, 2)}`,
      100,
    );

    // A requeued job waits two minutes before it may start again; a test need not. But not at once either: started
    // while the node still cleans up the killed instance, Slurm kills it ("Job credential revoked") and it fails.
    const pendingSince = new Map<string, number>();
    ids.mergeJobId = await waitForMerge(dir, name, ids, 2, () => {
      for (const [task, state] of arrayTaskStates(arrayJobId)) {
        if (state !== 'PENDING') {
          pendingSince.delete(task);
          continue;
        }
        if (!pendingSince.has(task)) pendingSince.set(task, Date.now());
        if (Date.now() - pendingSince.get(task)! >= 5000) spawnScontrolStartNow(task);
      }
    });

    const logs = readLogs(dir, name, ids, 2);
    const local = await runCli(['run', spec, '--db', 'local.sqlite', '--backend', 'wasm', '--workers', '1'], { cwd: dir });
    assert.equal(local.code, 0, local.stderr);

    for (const i of [0, 1]) {
      const taskLog = readFileSync(join(dir, 'runs', 'slurm', name, `rnnlab-${name}-${arrayJobId}_${i}.out`), 'utf8');
      assert.match(taskLog, /, start 2, /, `task ${i} was not started twice:\n${logs}`);
      assert.match(taskLog, /resuming after epoch \d+ from its checkpoint/, `task ${i} did not resume:\n${logs}`);
      const db = new Database(shardDb(i), { readonly: true });
      try {
        const { runId, rows } = before[i]!;
        const run = db.prepare('SELECT status, attempts FROM runs WHERE id = ?').get(runId) as { status: string; attempts: number };
        assert.deepEqual(run, { status: 'finished', attempts: 2 });
        const after = db.prepare('SELECT epoch, duration_ms, tokens_per_sec FROM epochs WHERE run_id = ? ORDER BY epoch').all(runId) as EpochTiming[];
        assert.deepEqual(after.map((row) => row.epoch), Array.from({ length: EPOCHS }, (_, k) => k + 1));
        // Epoch 1 was not trained again: its row is the one stored before the requeue, down to the measured timing.
        assert.deepEqual(after[0], rows[0]);
      } finally {
        db.close();
      }
    }
    assert.match(logs, new RegExp(`rnnlab: time limit near: runs stopped at their checkpoints; requeueing task ${arrayJobId}_1`));
    // And the resumed runs are bit-identical to uninterrupted ones.
    assert.deepEqual(storedResults(join(dir, 'runs', 'rnnlab.sqlite')), storedResults(join(dir, 'local.sqlite')));
  } finally {
    cancel(ids);
    cleanup();
  }
});

/** Lets a pending (requeued) task start now instead of after Slurm's requeue delay; harmless if it already started. */
function spawnScontrolStartNow(task: string): void {
  try {
    slurm('scontrol', ['update', `jobid=${task}`, 'starttime=now']);
  } catch {
    /* it started or ended meanwhile */
  }
}
