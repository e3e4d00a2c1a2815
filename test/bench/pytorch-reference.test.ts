// The PyTorch reference computes what rnnlab computes: from the same weights and batches, three consecutive updates
// (forward, backward, clipping, Adam, carried state) give the same losses in both, for rnn and the paper's RNN-CF.
// Skipped, saying why, where /usr/bin/python3 cannot import torch (apt-get install python3-torch).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelType } from '../../src/config/run-config.js';
import { buildModel, disposeModel } from '../../src/models/build-model.js';
import { initBackend } from '../../src/models/backend.js';
import { zeroState, type State } from '../../src/models/recurrent-model.js';
import { createSeededRandom } from '../../src/models/seeded-random.js';
import { createAdamOptimizer } from '../../src/train/adam-optimizer.js';
import { benchModelConfig } from '../../src/train/bench-training.js';
import { trainUpdate, type UnrolledBatch } from '../../src/train/train-update.js';
import { projectRoot } from '../helpers/paths.js';

const PYTHON = '/usr/bin/python3';
const torchCheck = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
const skipReason =
  torchCheck.status === 0 ? undefined : `${PYTHON} cannot import torch: ${torchCheck.error?.message ?? torchCheck.stderr.trim().split('\n').pop()}`;

// Small sizes keep it fast; the reference reads them from the file.
const SIZES = { vocab: 23, batch: 4, unroll: 7, hidden: 8, context: 6 };

before(async () => {
  await initBackend('cpu');
});

function rnnlabLosses(type: ModelType, batches: UnrolledBatch[]): { losses: number[]; weights: Record<string, number[]> } {
  const config = { ...benchModelConfig(type, 'paper'), hidden: SIZES.hidden, context: SIZES.context, init_std: 0.3 };
  const model = buildModel(config, SIZES.vocab, createSeededRandom(7, 'init'));
  const weights = Object.fromEntries([...model.params].map(([name, v]) => [name, Array.from(v.dataSync())]));
  const optimizer = createAdamOptimizer(model.params, { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
  let state: State = zeroState(model.stateSizes, SIZES.batch);
  const losses: number[] = [];
  try {
    for (const batch of batches) {
      const out = trainUpdate(model, optimizer, batch, SIZES.unroll, SIZES.batch, state, 5);
      state.forEach((t) => t.dispose());
      state = out.state;
      losses.push(out.lossNats);
    }
    return { losses, weights };
  } finally {
    state.forEach((t) => t.dispose());
    optimizer.dispose();
    disposeModel(model);
  }
}

for (const type of ['rnn', 'rnncf'] as const) {
  test(`the PyTorch reference's ${type} gives rnnlab's losses over three updates from the same weights`, (t) => {
    if (skipReason) return void t.skip(skipReason);
    const random = createSeededRandom(3, 'batches');
    const n = SIZES.unroll * SIZES.batch;
    const batches = Array.from({ length: 3 }, () => ({
      inputs: Int32Array.from({ length: n }, () => random.int(SIZES.vocab)),
      targets: Int32Array.from({ length: n }, () => random.int(SIZES.vocab)),
    }));
    const ours = rnnlabLosses(type, batches);
    const dir = mkdtempSync(join(tmpdir(), 'rnnlab-torch-'));
    try {
      const file = join(dir, 'check.json');
      const spec = { model: type, ...SIZES, weights: ours.weights, batches: batches.map((b) => ({ inputs: [...b.inputs], targets: [...b.targets] })) };
      writeFileSync(file, JSON.stringify(spec));
      const child = spawnSync(PYTHON, [join(projectRoot, 'bench', 'pytorch_reference.py'), '--check', file], { encoding: 'utf8' });
      assert.equal(child.status, 0, child.stderr);
      const theirs = (JSON.parse(child.stdout) as { losses: number[] }).losses;
      assert.equal(theirs.length, 3);
      // float32 on both sides; the losses move by ~1e-3 per update (Adam's step), so 2e-5 tells a wrong update apart.
      theirs.forEach((loss, i) => assert.ok(Math.abs(loss - ours.losses[i]) < 2e-5, `update ${i + 1}: PyTorch ${loss}, rnnlab ${ours.losses[i]}`));
      assert.ok(Math.abs(ours.losses[2] - ours.losses[0]) > 1e-4, 'the updates must change the loss for this check to mean anything');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
