// When a run continues from its checkpoint and when it starts over, with the reason it gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findResumePoint } from '../../src/runner/find-resume-point.js';
import { CHECKPOINT_FORMAT, saveCheckpoint, type Checkpoint } from '../../src/train/checkpoint.js';
import { bookRunConfig } from '../helpers/engine-fixtures.js';

const config = bookRunConfig({ corpus: { path: '/data/grimm' } });

function checkpointAt(epoch: number, overrides: Partial<Checkpoint> = {}): Checkpoint {
  return {
    format: CHECKPOINT_FORMAT,
    version: 2,
    config,
    vocabulary: { ngram: 2, tokens: ['UNK', 'ab'], counts: [0, 3] },
    backend: 'wasm',
    epoch,
    bestEpoch: epoch,
    bestValidPerplexity: 3,
    final: { W: { shape: [1], float32: 'AACAPw==' } },
    best: null,
    resume: { adam: { iterations: 4, slots: {} }, trainState: [], generation: [], cursors: [], random: {} },
    ...overrides,
  };
}

function withCheckpoint(checkpoint: Checkpoint | string | null, check: (path: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-resume-point-'));
  try {
    const path = join(dir, 'run.json');
    if (typeof checkpoint === 'string') writeFileSync(path, checkpoint);
    else if (checkpoint !== null) saveCheckpoint(path, checkpoint);
    check(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const base = { config, backend: 'wasm', storedStatus: 'interrupted' as const, storedEpochs: [1, 2, 3], restart: false };

test('an interrupted, failed, orphaned or queued run resumes after its checkpoint epoch, keeping those rows', () => {
  withCheckpoint(checkpointAt(2), (checkpointPath) => {
    for (const storedStatus of ['interrupted', 'failed', 'running', 'queued'] as const) {
      const point = findResumePoint({ ...base, checkpointPath, storedStatus });
      assert.equal(point.checkpoint?.epoch, 2);
      assert.equal(point.keepEpochsThrough, 2); // epoch 3, stored after the checkpoint was written, is dropped
      assert.equal(point.notice, 'resuming after epoch 2 from its checkpoint');
    }
  });
});

test('a moved corpus folder is the same run: the checkpoint still resumes it', () => {
  withCheckpoint(checkpointAt(2), (checkpointPath) => {
    const moved = { ...config, corpus: { ...config.corpus, path: '/elsewhere/grimm' } };
    assert.equal(findResumePoint({ ...base, checkpointPath, config: moved }).keepEpochsThrough, 2);
  });
});

test('--restart, --force on a finished or diverged run, and no checkpoint start over silently', () => {
  withCheckpoint(checkpointAt(2), (checkpointPath) => {
    for (const options of [{ restart: true }, { storedStatus: 'finished' as const }, { storedStatus: 'diverged' as const }]) {
      assert.deepEqual(findResumePoint({ ...base, checkpointPath, ...options }), { checkpoint: null, keepEpochsThrough: 0, notice: null });
    }
  });
  withCheckpoint(null, (checkpointPath) => {
    assert.deepEqual(findResumePoint({ ...base, checkpointPath }), { checkpoint: null, keepEpochsThrough: 0, notice: null });
  });
});

test('a checkpoint written before keys were added (they are at their old-behaviour values) still resumes the run', () => {
  // An older rnnlab wrote configs without train.tokens_per_step, train.validate_every and corpus.validation.stream.
  const older = structuredClone(config) as unknown as { train: Record<string, unknown>; corpus: { validation: Record<string, unknown> } };
  delete older.train.tokens_per_step;
  delete older.train.validate_every;
  delete older.corpus.validation.stream;
  withCheckpoint(checkpointAt(2, { config: older as unknown as Checkpoint['config'] }), (checkpointPath) => {
    assert.equal(findResumePoint({ ...base, checkpointPath }).keepEpochsThrough, 2);
  });
  // A key at another value than its old behaviour is another config.
  const validatedLess = { ...config, train: { ...config.train, validate_every: 5 } };
  withCheckpoint(checkpointAt(2), (checkpointPath) => {
    assert.match(findResumePoint({ ...base, checkpointPath, config: validatedLess }).notice ?? '', /written for another config/);
  });
});

test('an unusable checkpoint starts the run over with a notice that names the file and the reason', () => {
  const cases: [Checkpoint | string, Partial<typeof base>, string][] = [
    [checkpointAt(2, { version: 1, resume: null }), {}, 'version 1 holds weights only, no resume state'],
    [checkpointAt(2, { version: 3 }), {}, 'checkpoint version 3 is not supported (this rnnlab reads versions 1 to 2; it was written by a newer rnnlab)'],
    ['{"format": "rnnlab-checkpoint", "vers', {}, 'not a checkpoint (not valid JSON)'],
    [checkpointAt(2, { config: { ...config, seed: 9 } }), {}, 'it was written for another config'],
    [checkpointAt(2, { backend: 'native' }), {}, 'written on the native backend, this worker runs wasm'],
    [checkpointAt(3), { storedEpochs: [1, 3] }, 'it is at epoch 3 but the database lacks epoch 2'],
  ];
  for (const [checkpoint, options, reason] of cases) {
    withCheckpoint(checkpoint, (checkpointPath) => {
      const point = findResumePoint({ ...base, checkpointPath, ...options });
      assert.equal(point.checkpoint, null);
      assert.equal(point.keepEpochsThrough, 0);
      assert.equal(point.notice, `checkpoint ${checkpointPath} not used (${reason}): starting over from epoch 1`);
    });
  }
});
