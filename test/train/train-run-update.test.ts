// A run's first update, end to end through trainRun: TF1 Adam (β1 0.9, β2 0.999, ε 1e-8) on the run's own gradients,
// checked where ε decides the step (gradients around 1e-8), so a run with ε = 0 or 1e-7 fails.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { createBatchCursors, nextUnrolledBatch } from '../../src/corpus/batch-cursors.js';
import { buildModel, disposeModel } from '../../src/models/build-model.js';
import { zeroState } from '../../src/models/recurrent-model.js';
import { createSeededRandom } from '../../src/models/seeded-random.js';
import { initBackend, tf } from '../../src/models/backend.js';
import { loadCheckpoint, restoreWeights } from '../../src/train/checkpoint.js';
import { trainRun } from '../../src/train/train-run.js';
import { computeGradients } from '../../src/train/train-update.js';
import { bookRunConfig, handCorpus, periodicIds } from '../helpers/engine-fixtures.js';
import { skipWithoutNative } from '../helpers/native-or-skip.js';

/** Why the native backend cannot be tested here, or undefined when it can. */
let nativeSkipReason: string | undefined;

before(async () => {
  try {
    await initBackend('native');
  } catch (error) {
    nativeSkipReason = (error as Error).message;
  }
});

// On both backends: the native one runs its own training graph and output layer (and may run the whole update in C).
for (const backend of ['wasm', 'native'] as const) {
  test(`${backend}: one update of a run moves every parameter by lr_t·m/(√v + 1e-8) of its gradient, ε mattering`, async (t) => {
    if (backend === 'native' && skipWithoutNative(t, nativeSkipReason)) return;
    assert.equal(await initBackend(backend), backend);
    const [T, B, V, lr] = [4, 2, 6, 0.01];
    // σ 1e-6: h ≈ 1e-6, so the gradients span ~1e-13 … 1e-7, where √v = √0.001·|g| is at or below ε.
    const config = bookRunConfig({
      model: { type: 'rnncf', variant: 'book', hidden: 4, context: 3, bias: true, init_std: 1e-6 },
      train: { num_unroll: T, batch_size: B, num_steps: 1, docs_per_step: 1, updates_per_document: 1, learning_rate: lr },
      generation: { length: 3 },
      corpus: { validation: { rule: 'book', documents: 1, tokens_per_document: 6, stream: 'per_document' } },
    });
    const corpus = handCorpus({ vocabSize: V, train: [[1, 4, 2, 5, 3, 3, 1, 2, 4, 5, 2, 1, 3, 4, 5, 1, 2]], validation: [periodicIds(5, 6)] });
    const dir = mkdtempSync(join(tmpdir(), 'rnnlab-adam-'));
    const model = buildModel(config.model, V, createSeededRandom(config.seed, 'init'));
    const trained = buildModel(config.model, V, createSeededRandom(config.seed, 'init'));
    try {
      // The run's first batch and its gradients at the initial weights (the run's init stream, zero state).
      const cursors = createBatchCursors(corpus.train[0].tokens, B, 'book');
      const batch = nextUnrolledBatch(cursors, T);
      const grads = new Map<string, Float32Array>();
      tf.tidy(() => {
        const result = computeGradients(model, batch, T, B, zeroState(model.stateSizes, B));
        for (const [name, g] of result.grads) grads.set(name, g.dataSync() as Float32Array);
      });
      const globalNorm = Math.sqrt([...grads.values()].reduce((s, g) => s + g.reduce((t, x) => t + x * x, 0), 0));
      assert.ok(globalNorm < config.train.clip_norm, `gradients are clipped (norm ${globalNorm}); the check below assumes not`);
      const epsilonDecides = [...grads.values()].reduce((n, g) => n + g.filter((x) => Math.abs(x) > 1e-11 && Math.abs(x) < 1e-7).length, 0);
      assert.ok(epsilonDecides >= 20, `only ${epsilonDecides} gradients where ε decides the step`);

      const checkpointPath = join(dir, 'run.ckpt.json');
      await trainRun(config, corpus, { onEpoch: () => {} }, { backend, checkpointPath });
      restoreWeights(trained, loadCheckpoint(checkpointPath).final, checkpointPath);

      // TF1 Adam after one step: m = 0.1·g, v = 0.001·g², lr_1 = lr·√(1-0.999)/(1-0.9).
      const lr1 = (lr * Math.sqrt(1 - 0.999)) / (1 - 0.9);
      let checked = 0;
      for (const [name, variable] of model.params) {
        const before = variable.dataSync();
        const after = trained.params.get(name)!.dataSync();
        const g = grads.get(name)!;
        for (let i = 0; i < g.length; i++) {
          const step = (lr1 * 0.1 * g[i]) / (Math.sqrt(0.001 * g[i] * g[i]) + 1e-8);
          const expected = before[i] - step;
          // float32 Adam arithmetic on the same float32 gradient: ~1e-7 relative of the step, plus θ's own rounding.
          assert.ok(
            Math.abs(after[i] - expected) <= 1e-5 * Math.abs(step) + 1e-7 * Math.abs(before[i]),
            `${name}[${i}]: after the update ${after[i]}, expected ${expected} (gradient ${g[i]})`,
          );
          checked++;
        }
      }
      assert.ok(checked > 80);
    } finally {
      disposeModel(model);
      disposeModel(trained);
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
