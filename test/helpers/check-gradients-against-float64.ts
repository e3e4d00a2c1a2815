// Shared check: a model's hand-written gradients (the active backend's training graph) equal float64 central finite
// differences of the independent float64 training loss, on a tiny random batch from a non-zero state.
import assert from 'node:assert/strict';
import type { ModelConfig } from '../../src/config/run-config.js';
import { buildModel, disposeModel } from '../../src/models/build-model.js';
import { createSeededRandom } from '../../src/models/seeded-random.js';
import { tf } from '../../src/models/backend.js';
import { computeGradients } from '../../src/train/train-update.js';
import { bookRunConfig } from './engine-fixtures.js';
import { float64TrainingLoss, float64Weights } from './float64-models.js';
import { randomizeParameters } from './randomize-parameters.js';

const V = 7; // vocabulary
const T = 4; // unroll
const B = 3; // batch

/** Builds the model from `partial` over small book defaults; asserts its loss and every gradient entry. */
export function checkGradientsAgainstFloat64(partial: Partial<ModelConfig>, seed = 11): void {
  // σ 0.5 instead of 0.02 so that every path carries a gradient well above float32 noise.
  const config = bookRunConfig({ model: { hidden: 4, context: 3, init_std: 0.5, alpha: 0.7, ...partial } }).model;
  const random = createSeededRandom(seed, 'test');
  const model = buildModel(config, V, random);
  randomizeParameters(model, random, 0.5);
  const inputs = Int32Array.from({ length: T * B }, () => random.int(V));
  const targets = Int32Array.from({ length: T * B }, () => random.int(V));
  // A non-zero initial state, so the book variant's stored-state terms (h* R, s* P) carry gradient.
  const stateValues = model.stateSizes.map((size) => Float64Array.from({ length: B * size }, () => random.truncatedNormal(0.5)));
  try {
    let lossNats = NaN;
    const grads = new Map<string, Float32Array>();
    tf.tidy(() => {
      // state: one [B, size] tensor per state vector
      const state = stateValues.map((v, k) => tf.tensor2d(Float32Array.from(v), [B, model.stateSizes[k]]));
      const result = computeGradients(model, { inputs, targets }, T, B, state);
      assert.deepEqual(result.finalState.map((t) => t.shape), model.stateSizes.map((size) => [B, size]));
      lossNats = result.lossNats;
      for (const [name, g] of result.grads) grads.set(name, g.dataSync() as Float32Array);
    });
    const weights = float64Weights(model.params);
    const loss64 = () => float64TrainingLoss(config, weights, inputs, targets, T, B, stateValues);
    // The float32 forward agrees with the float64 one to float32 rounding (losses ~2 nats).
    assert.ok(Math.abs(lossNats - loss64()) < 1e-5, `loss ${lossNats} vs float64 ${loss64()}`);
    assert.deepEqual([...grads.keys()].sort(), [...model.params.keys()].sort());
    // Tolerance: the float64 central difference with step 1e-6 has truncation error ~1e-12 and rounding error
    // ~1e-10, so it is exact at our scale; the float32 gradient sums a few dozen terms of magnitude ≤ ~1, so its
    // error is a few 1e-7. 1e-5 absolute + 1e-3 relative leaves ~20× margin and still catches any wrong term (a
    // missing path changes entries by ≥ 1e-3 at σ 0.5).
    const eps = 1e-6;
    let checked = 0;
    for (const [pname, w] of weights) {
      const g = grads.get(pname)!;
      for (let i = 0; i < w.data.length; i++) {
        const saved = w.data[i];
        w.data[i] = saved + eps;
        const plus = loss64();
        w.data[i] = saved - eps;
        const minus = loss64();
        w.data[i] = saved;
        const fd = (plus - minus) / (2 * eps);
        assert.ok(Math.abs(g[i] - fd) <= 1e-5 + 1e-3 * Math.abs(fd), `${pname}[${i}]: gradient ${g[i]} vs finite difference ${fd}`);
        checked++;
      }
    }
    assert.ok(checked > 50);
  } finally {
    disposeModel(model);
  }
}
