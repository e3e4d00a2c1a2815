// The C update engine held to the tfjs references: loss and every gradient against tfjs autodiff, 60-update curves
// and final weights against the tfjs engine on wasm, bit-identical resume, flat memory. Skipped, with the reason,
// when the rnnlab-native addon is not built (failed under RNNLAB_REQUIRE_NATIVE=1).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { ModelConfig } from '../../src/config/run-config.js';
import { loadNative } from '../../src/kernels/load-native.js';
import { buildModel, disposeModel } from '../../src/models/build-model.js';
import type { RecurrentModel, State } from '../../src/models/recurrent-model.js';
import { createSeededRandom } from '../../src/models/seeded-random.js';
import { initBackend, tf } from '../../src/models/backend.js';
import { createNativeUpdateEngine } from '../../src/train/native-update-engine.js';
import { referenceLoss } from '../../src/train/reference-loss.js';
import type { UnrolledBatch } from '../../src/train/train-update.js';
import { createUpdateEngine, type UpdateEngine, type UpdateEngineSettings } from '../../src/train/update-engine.js';
import { trainRun } from '../../src/train/train-run.js';
import type { EpochReport } from '../../src/train/training-events.js';
import { bookRunConfig, handCorpus } from '../helpers/engine-fixtures.js';
import { skipWithoutNative } from '../helpers/native-or-skip.js';

const [V, T, B] = [11, 5, 3];
const ADAM = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

const cases: Partial<ModelConfig>[] = [
  { type: 'rnn' },
  { type: 'rnn', bias: true },
  { type: 'rnncf', variant: 'book', activation: 'tanh' },
  { type: 'rnncf', variant: 'book', activation: 'sigmoid', learn_alpha: true, bias: true },
  { type: 'rnncf', variant: 'paper', activation: 'sigmoid' },
  { type: 'rnncf', variant: 'paper', activation: 'tanh', learn_alpha: true, bias: true },
  { type: 'rnncf', variant: 'paper', context: 0 },
  { type: 'rnncf', variant: 'book', context: 0, bias: true },
  { type: 'stacked', layers: [5, 4, 3] },
  { type: 'stacked', layers: [5, 4], bias: true },
  { type: 'lstm' },
  { type: 'lstm', bias: true },
];

let skipReason: string | undefined;

before(async () => {
  try {
    assert.equal(await initBackend('native'), 'native');
  } catch (error) {
    skipReason = (error as Error).message;
  }
});

function modelConfig(partial: Partial<ModelConfig>): ModelConfig {
  return bookRunConfig({ model: { hidden: 6, context: 4, init_std: 0.5, alpha: 0.7, ...partial } }).model;
}

/** Random inputs whose targets follow from them (3x + 1 mod V), so the loss falls as the models learn. */
function randomBatches(count: number, seed: number): UnrolledBatch[] {
  const random = createSeededRandom(seed, 'engine-batches');
  return Array.from({ length: count }, () => {
    const inputs = Int32Array.from({ length: T * B }, () => random.int(V));
    return { inputs, targets: inputs.map((x) => (3 * x + 1) % V) };
  });
}

function settings(clipNorm: number, engine: UpdateEngineSettings['engine']): UpdateEngineSettings {
  return { numUnroll: T, batchSize: B, clipNorm, adam: ADAM, engine };
}

function hostWeights(model: RecurrentModel): Map<string, Float32Array> {
  return new Map([...model.params].map(([name, v]) => [name, new Float32Array(v.dataSync() as Float32Array)]));
}

const label = (partial: Partial<ModelConfig>): string => JSON.stringify(partial);

for (const partial of cases) {
  test(`C engine ${label(partial)}: loss, every gradient and the gradient norms equal tfjs autodiff`, (t) => {
    if (skipWithoutNative(t, skipReason)) return;
    const config = modelConfig(partial);
    const model = buildModel(config, V, createSeededRandom(5, 'init'));
    const engine = createNativeUpdateEngine(model, config, settings(0, 'native'));
    const [batch] = randomBatches(1, 2);
    try {
      // A non-zero carried state, so the gradient paths through h0 (and s0, c0) are exercised.
      const random = createSeededRandom(6, 'state');
      const captured = engine.captureState();
      captured.trainState = model.stateSizes.map((size) => Float32Array.from({ length: B * size }, () => random.truncatedNormal(0.5)));
      engine.restoreState(captured);
      const reference = { loss: NaN, grads: new Map<string, Float32Array>() };
      tf.tidy(() => {
        const state: State = captured.trainState.map((values, i) => tf.tensor2d(values, [B, model.stateSizes[i]]));
        const { value, grads } = tf.variableGrads(
          () => referenceLoss(model, batch.inputs, batch.targets, T, B, state),
          [...model.params.values()],
        );
        for (const [name, v] of model.params) reference.grads.set(name, grads[v.name].dataSync() as Float32Array);
        reference.loss = value.dataSync()[0];
      });
      const out = engine.update(batch); // clipNorm 0: the gradients Adam used are the raw ones
      assert.ok(Math.abs(out.lossNats - reference.loss) < 1e-5, `loss ${out.lossNats} vs autodiff ${reference.loss}`);
      const mine = engine.lastGradients();
      assert.deepEqual([...mine.keys()].sort(), [...model.params.keys()].sort());
      let total = 0;
      for (const [name, g] of reference.grads) {
        const c = mine.get(name)!;
        // Same tolerance as the other native paths' autodiff checks (float32, different summation orders).
        g.forEach((x, i) => assert.ok(Math.abs(c[i] - x) <= 2e-6 + 1e-4 * Math.abs(x), `${name}[${i}]: C ${c[i]} vs autodiff ${x}`));
        const squared = g.reduce((sum, x) => sum + x * x, 0);
        total += squared;
        const reported = out.paramSquaredNorms.get(name)!;
        assert.ok(Math.abs(reported - squared) <= 1e-5 + 1e-4 * squared, `${name} squared norm ${reported} vs ${squared}`);
      }
      assert.ok(Math.abs(out.gradNormBeforeClip - Math.sqrt(total)) <= 1e-4 * Math.sqrt(total), `norm ${out.gradNormBeforeClip}`);
    } finally {
      engine.dispose();
      disposeModel(model);
    }
  });
}

/** Losses, norms and final weights of `updates` updates from the seed-5 model on the active backend. */
function trainCurve(partial: Partial<ModelConfig>, engineKind: 'tfjs' | 'native', updates: number) {
  const config = modelConfig(partial);
  const model = buildModel(config, V, createSeededRandom(5, 'init'));
  // clip 0.5: most models' gradients are clipped in some updates and not in others (the LSTM's never are).
  const engine = createUpdateEngine(model, config, settings(0.5, engineKind));
  assert.equal(engine.kind, engineKind);
  try {
    const losses: number[] = [];
    const norms: number[] = [];
    randomBatches(updates, 3).forEach((batch, u) => {
      if (u === updates / 2) engine.resetState(); // a document boundary half-way
      const out = engine.update(batch);
      losses.push(out.lossNats);
      norms.push(out.gradNormBeforeClip);
    });
    engine.syncWeightsToModel();
    return { losses, norms, weights: hostWeights(model) };
  } finally {
    engine.dispose();
    disposeModel(model);
  }
}

for (const partial of cases) {
  test(`C engine ${label(partial)}: a 60-update curve and the weights after it equal the tfjs engine on wasm`, async (t) => {
    if (skipWithoutNative(t, skipReason)) return;
    await initBackend('wasm');
    const wasm = trainCurve(partial, 'tfjs', 60);
    assert.equal(await initBackend('native'), 'native');
    const native = trainCurve(partial, 'native', 60);
    // Float32 with different summation orders: measured ≤ 2.1e-7 apart on losses and ≤ 1e-6 on weights after 60
    // updates at lr 0.01 (losses falling from ~2.4 to 0.9–2.0). The bounds leave 20–50× room; a wrong gradient,
    // clipping or Adam term moves them by 1e-3 or more.
    native.losses.forEach((x, i) => assert.ok(Math.abs(x - wasm.losses[i]) <= 1e-5, `update ${i}: loss ${x} vs wasm ${wasm.losses[i]}`));
    native.norms.forEach((x, i) => assert.ok(Math.abs(x - wasm.norms[i]) <= 1e-5 * (1 + wasm.norms[i]), `update ${i}: norm ${x} vs wasm ${wasm.norms[i]}`));
    for (const [name, w] of wasm.weights) {
      const mine = native.weights.get(name)!;
      w.forEach((x, i) => assert.ok(Math.abs(mine[i] - x) <= 2e-5, `${name}[${i}]: C ${mine[i]} vs wasm ${x}`));
    }
  });
}

/** Trains `first` updates, captures, trains `second` more; returns the capture and what came after it. */
function trainAndCapture(engine: UpdateEngine, model: RecurrentModel, batches: UnrolledBatch[], first: number) {
  batches.slice(0, first).forEach((b) => engine.update(b));
  const captured = engine.captureState();
  const losses = batches.slice(first).map((b) => engine.update(b).lossNats);
  engine.syncWeightsToModel();
  return { captured, losses, weights: hostWeights(model), after: engine.captureState() };
}

for (const engineKind of ['native', 'tfjs'] as const) {
  for (const partial of [{ type: 'rnncf', variant: 'paper', learn_alpha: true, bias: true }, { type: 'lstm' }, { type: 'stacked', layers: [5, 4] }] as Partial<ModelConfig>[]) {
    test(`${engineKind} engine ${label(partial)}: restoring a captured state and continuing equals never stopping, bit for bit`, async (t) => {
      if (engineKind === 'native' && skipWithoutNative(t, skipReason)) return;
      assert.equal(await initBackend(engineKind === 'native' ? 'native' : 'wasm'), engineKind === 'native' ? 'native' : 'wasm');
      const config = modelConfig(partial);
      const batches = randomBatches(16, 4);
      const model = buildModel(config, V, createSeededRandom(5, 'init'));
      const other = buildModel(config, V, createSeededRandom(99, 'init')); // different weights until restored
      const engine = createUpdateEngine(model, config, settings(1, engineKind));
      const resumed = createUpdateEngine(other, config, settings(1, engineKind));
      try {
        const straight = trainAndCapture(engine, model, batches, 8);
        assert.equal(straight.captured.adam.iterations, 8);
        assert.deepEqual(Object.keys(straight.captured.weights).sort(), [...model.params.keys()].sort());
        assert.deepEqual(Object.keys(straight.captured.adam.slots).sort(), [...model.params.keys()].sort());
        assert.deepEqual(straight.captured.trainState.map((s) => s.length), model.stateSizes.map((size) => B * size));
        resumed.restoreState(straight.captured);
        const losses = batches.slice(8).map((b) => resumed.update(b).lossNats);
        resumed.syncWeightsToModel();
        assert.deepEqual(losses, straight.losses);
        assert.deepEqual(hostWeights(other), straight.weights);
        const after = resumed.captureState();
        assert.deepEqual(after.adam, straight.after.adam);
        assert.deepEqual(after.trainState, straight.after.trainState);
      } finally {
        engine.dispose();
        resumed.dispose();
        disposeModel(model);
        disposeModel(other);
      }
    });
  }
}

test('C engine: tensor count, live engines and their bytes stay flat across updates, syncs and captures; dispose frees them', async (t) => {
  if (skipWithoutNative(t, skipReason)) return;
  await initBackend('native');
  const addon = loadNative().addon!;
  const enginesBefore = addon.engineLiveCount();
  const bytesBefore = addon.engineLiveBytes();
  const config = modelConfig({ type: 'rnncf', bias: true });
  const model = buildModel(config, V, createSeededRandom(5, 'init'));
  const engine = createUpdateEngine(model, config, settings(1, 'auto'));
  assert.equal(engine.kind, 'native');
  const batches = randomBatches(4, 5);
  const round = () => {
    batches.forEach((b) => engine.update(b));
    engine.syncWeightsToModel();
    engine.restoreState(engine.captureState());
  };
  try {
    assert.equal(addon.engineLiveCount(), enginesBefore + 1);
    const bytes = addon.engineLiveBytes() - bytesBefore;
    // At least the weights, gradients and both moments, and one block of logits (all T·B rows at this size).
    const params = [...model.params.values()].reduce((sum, v) => sum + v.size, 0);
    assert.ok(bytes >= 4 * (4 * params + T * B * V), `engine holds ${bytes} bytes`);
    round();
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) round();
    assert.equal(tf.memory().numTensors, tensors);
    assert.equal(addon.engineLiveCount(), enginesBefore + 1);
    assert.equal(addon.engineLiveBytes() - bytesBefore, bytes);
  } finally {
    engine.dispose();
    disposeModel(model);
  }
  assert.equal(addon.engineLiveCount(), enginesBefore);
  assert.equal(addon.engineLiveBytes(), bytesBefore);
});

test('C engine: a batch of the wrong size and a state without a parameter fail with messages naming them', async (t) => {
  if (skipWithoutNative(t, skipReason)) return;
  await initBackend('native');
  const config = modelConfig({ type: 'rnn' });
  const model = buildModel(config, V, createSeededRandom(5, 'init'));
  const engine = createUpdateEngine(model, config, settings(1, 'native'));
  try {
    assert.throws(() => engine.update({ inputs: new Int32Array(T * B - 1), targets: new Int32Array(T * B) }), {
      message: 'unrolled batch has 14 inputs and 15 targets, the engine takes 15',
    });
    const outside = { inputs: new Int32Array(T * B).fill(V), targets: new Int32Array(T * B) };
    assert.throws(() => engine.update(outside), { message: 'rnnlab-native: token 11 at position 0 is outside the vocabulary [0, 11)' });
    const captured = engine.captureState();
    delete captured.weights.W_hh;
    assert.throws(() => engine.restoreState(captured), { message: 'engine state has no matching weights and optimizer slots for "W_hh"' });
  } finally {
    engine.dispose();
    disposeModel(model);
  }
});

test('C engine in trainRun: a run whose loss becomes non-finite stops as diverged, as on wasm, and frees its engine', async (t) => {
  if (skipWithoutNative(t, skipReason)) return;
  assert.equal(await initBackend('native'), 'native');
  let x = 3;
  const ids = (n: number) => Array.from({ length: n }, () => 1 + ((x = (x * 1103515245 + 12345) % 2147483648) % 11));
  const corpus = handCorpus({ vocabSize: 12, train: [ids(60), ids(45), ids(80)], validation: [ids(10)], predictions: [5] });
  const addon = loadNative().addon!;
  const engines = addon.engineLiveCount();
  for (const type of ['rnn', 'rnncf', 'lstm'] as const) {
    const config = bookRunConfig({
      model: { type, hidden: 8, context: 4 },
      train: { num_unroll: 5, batch_size: 4, num_steps: 5, docs_per_step: 2, updates_per_document: 4, learning_rate: 3e38, clip_norm: 0 },
      generation: { length: 12 },
      corpus: { validation: { rule: 'book', documents: 1, tokens_per_document: 10, stream: 'per_document' } },
    });
    const reports: EpochReport[] = [];
    const outcome = await trainRun(config, corpus, { onEpoch: (r) => void reports.push(r) }, { backend: 'native' });
    assert.equal(outcome.status, 'diverged', type);
    assert.ok(!Number.isFinite(reports[reports.length - 1].trainLossNats), type);
    assert.equal(reports[reports.length - 1].validPerplexity, null);
  }
  assert.equal(addon.engineLiveCount(), engines);
});
