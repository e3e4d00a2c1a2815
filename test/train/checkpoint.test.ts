// The checkpoint file: typed arrays round-trip exactly, best weights equal to the final ones are written once,
// version-1 files still load (weights only).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKPOINT_FORMAT, loadCheckpoint, saveCheckpoint, type Checkpoint, type StoredWeights } from '../../src/train/checkpoint.js';
import { bookRunConfig } from '../helpers/engine-fixtures.js';

const weights = (values: number[]): StoredWeights => ({
  W: { shape: [values.length], float32: Buffer.from(new Float32Array(values).buffer).toString('base64') },
});

function checkpoint(best: StoredWeights | null): Checkpoint {
  return {
    format: CHECKPOINT_FORMAT,
    version: 2,
    config: bookRunConfig(),
    vocabulary: { ngram: 2, tokens: ['UNK', 'ab'], counts: [0, 3] },
    backend: 'wasm',
    epoch: 3,
    bestEpoch: 3,
    bestValidPerplexity: 12.5,
    final: weights([1.5, -2, 3e-8]),
    best,
    resume: {
      adam: { iterations: 7, slots: { W: { m: new Float32Array([0.1, 0.2, 0.3]), v: new Float32Array([1e-9, 2, 3]) } } },
      trainState: [new Float32Array([0.5, -0.25])],
      generation: [new Float32Array([Math.fround(0.1)])],
      cursors: [Int32Array.of(0, 17, 2147483647), Int32Array.of(5)],
      random: { schedule: { words: [1, 4294967295, 3, 4], spareNormal: -0.123456789012345 } },
    },
  };
}

function withDir(body: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-checkpoint-'));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a checkpoint round-trips exactly: moments, states, cursors and random states', () => {
  withDir((dir) => {
    const path = join(dir, 'a.json');
    const written = checkpoint(weights([0, 1, 2]));
    saveCheckpoint(path, written);
    assert.deepEqual(loadCheckpoint(path), written);
  });
});

test('best weights equal to the final ones are written once ("best": "final") and read back as the final ones', () => {
  withDir((dir) => {
    const same = join(dir, 'same.json');
    const different = join(dir, 'different.json');
    saveCheckpoint(same, checkpoint(weights([1.5, -2, 3e-8])));
    saveCheckpoint(different, checkpoint(weights([1.5, -2, 4e-8])));
    assert.equal((JSON.parse(readFileSync(same, 'utf8')) as { best: unknown }).best, 'final');
    assert.ok(statSync(same).size < statSync(different).size);
    const loaded = loadCheckpoint(same);
    assert.deepEqual(loaded.best, loaded.final);
    assert.deepEqual(loadCheckpoint(different).best, weights([1.5, -2, 4e-8]));
  });
});

test('a version-1 checkpoint loads with its weights and no resume state; other versions are refused', () => {
  withDir((dir) => {
    const path = join(dir, 'v1.json');
    const { resume: _, ...v1 } = { ...checkpoint(null), version: 1 };
    writeFileSync(path, JSON.stringify(v1));
    const loaded = loadCheckpoint(path);
    assert.equal(loaded.resume, null);
    assert.deepEqual(loaded.final, weights([1.5, -2, 3e-8]));
    writeFileSync(path, JSON.stringify({ ...v1, version: 0 }));
    assert.throws(() => loadCheckpoint(path), {
      message: `${path}: checkpoint version 0 is not supported (this rnnlab reads versions 1 to 2)`,
    });
  });
});
