// The checkpoint file: typed arrays round-trip exactly, best weights equal to the final ones are written once,
// version-1 files still load (weights only), and anything else is refused with what is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecurrentModel } from '../../src/models/recurrent-model.js';
import { CHECKPOINT_FORMAT, decodeWeights, loadCheckpoint, saveCheckpoint, type Checkpoint, type StoredWeights } from '../../src/train/checkpoint.js';
import { bookRunConfig } from '../helpers/engine-fixtures.js';
import { withTempDir } from '../helpers/with-temp-dir.js';

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

test('a checkpoint round-trips exactly: moments, states, cursors and random states', () => {
  withTempDir('checkpoint', (dir) => {
    const path = join(dir, 'a.json');
    const written = checkpoint(weights([0, 1, 2]));
    saveCheckpoint(path, written);
    assert.deepEqual(loadCheckpoint(path), written);
  });
});

test('best weights equal to the final ones are written once ("best": "final") and read back as the final ones', () => {
  withTempDir('checkpoint', (dir) => {
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
  withTempDir('checkpoint', (dir) => {
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

test('a file that is not a checkpoint is refused with what is wrong, whatever JSON it holds', () => {
  withTempDir('checkpoint', (dir) => {
    const path = join(dir, 'x.json');
    assert.throws(() => loadCheckpoint(path), { name: 'UserError', message: `${path}: cannot read checkpoint (ENOENT)` });
    writeFileSync(path, '{"format": "rnnlab-checkpoint", ');
    assert.throws(() => loadCheckpoint(path), { name: 'UserError', message: `${path}: not a checkpoint (not valid JSON)` });
    for (const text of ['null', '[1, 2]', '"rnnlab-checkpoint"', '7', '{}', '{"format": "other", "version": 2}']) {
      writeFileSync(path, text);
      assert.throws(() => loadCheckpoint(path), {
        name: 'UserError',
        message: `${path}: not an rnnlab checkpoint (format is not "rnnlab-checkpoint")`,
      }, text);
    }
  });
});

test('a version this rnnlab cannot read is named as JSON; a newer one says so', () => {
  withTempDir('checkpoint', (dir) => {
    const path = join(dir, 'v.json');
    const refusal = (shown: string, newer: boolean) =>
      `${path}: checkpoint version ${shown} is not supported (this rnnlab reads versions 1 to 2${newer ? '; it was written by a newer rnnlab' : ''})`;
    for (const [version, message] of [
      [3, refusal('3', true)],
      [2.5, refusal('2.5', true)],
      ['2', refusal('"2"', false)],
      [undefined, refusal('null', false)],
    ] as const) {
      writeFileSync(path, JSON.stringify({ format: CHECKPOINT_FORMAT, version, final: {} }));
      assert.throws(() => loadCheckpoint(path), { name: 'UserError', message }, String(version));
    }
  });
});

test('resume state is read only from version 2: a version-1 file that carries one, or a version-2 file with none, has none', () => {
  withTempDir('checkpoint', (dir) => {
    const path = join(dir, 'r.json');
    saveCheckpoint(path, checkpoint(null));
    const stored = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    assert.notEqual(stored.resume, null);
    writeFileSync(path, JSON.stringify({ ...stored, version: 1 }));
    assert.equal(loadCheckpoint(path).resume, null);
    writeFileSync(path, JSON.stringify({ ...stored, resume: null }));
    assert.equal(loadCheckpoint(path).resume, null);
  });
});

test('a run that never validated (no best weights) and a weights-only checkpoint (no resume state) round-trip', () => {
  withTempDir('checkpoint', (dir) => {
    const path = join(dir, 'w.json');
    const written = { ...checkpoint(null), bestEpoch: null, bestValidPerplexity: null, resume: null };
    saveCheckpoint(path, written);
    assert.deepEqual(loadCheckpoint(path), written);
  });
});

test('best weights that differ from the final ones in any one tensor are stored in full', () => {
  withTempDir('checkpoint', (dir) => {
    const path = join(dir, 'b.json');
    const tensor = (values: number[]) => weights(values).W;
    const final: StoredWeights = { W: tensor([1, 2]), U: tensor([3, 4]) };
    const bests: StoredWeights[] = [
      { W: tensor([1, 2]), U: tensor([3, 5]) }, // the second tensor differs
      { W: tensor([0, 2]), U: tensor([3, 4]) }, // the first
      { W: tensor([1, 2]) }, // one tensor fewer
      { W: tensor([1, 2]), U: tensor([3, 4]), V: tensor([0]) }, // one more
    ];
    for (const best of bests) {
      saveCheckpoint(path, { ...checkpoint(best), final });
      assert.deepEqual((JSON.parse(readFileSync(path, 'utf8')) as { best: unknown }).best, best);
      assert.deepEqual(loadCheckpoint(path).best, best);
    }
  });
});

test('stored weights are checked against the model: a missing tensor, another shape, or too few values is refused', () => {
  // decodeWeights reads only the names, shapes and sizes of the model's parameters.
  const model = { params: new Map([['W', { shape: [3], size: 3 }], ['b', { shape: [2], size: 2 }]]) } as unknown as RecurrentModel;
  const ok: StoredWeights = { W: weights([1, 2, 3]).W, b: weights([4, 5]).W };
  assert.deepEqual(decodeWeights(model, ok, 'f.json'), { W: Float32Array.of(1, 2, 3), b: Float32Array.of(4, 5) });
  const { b: _, ...noB } = ok;
  assert.throws(() => decodeWeights(model, noB, 'f.json'), { name: 'UserError', message: 'f.json: checkpoint has no weights "b" for this model' });
  assert.throws(() => decodeWeights(model, { ...ok, b: { ...ok.b, shape: [1, 2] } }, 'f.json'), {
    message: 'f.json: weights "b" have shape [1,2], the model expects [2]',
  });
  assert.throws(() => decodeWeights(model, { ...ok, b: { shape: [2], float32: weights([4]).W.float32 } }, 'f.json'), {
    message: 'f.json: weights "b" hold 1 values, the model expects 2',
  });
});
