// createUpdateEngine picks the engine a run trains with: the C engine under the native backend for every model it
// supports, the tfjs graph when asked or on other backends; asking for `native` where it cannot run is an error, never
// a silent fallback (a run would then train on another engine than the one its user chose).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ModelConfig } from '../../src/config/run-config.js';
import { buildModel, disposeModel } from '../../src/models/build-model.js';
import { createSeededRandom } from '../../src/models/seeded-random.js';
import { initBackend } from '../../src/models/backend.js';
import { nativeEngineSupports } from '../../src/train/native-update-engine.js';
import { createUpdateEngine, type UpdateEngineSettings } from '../../src/train/update-engine.js';
import { bookRunConfig } from '../helpers/engine-fixtures.js';
import { skipWithoutNative } from '../helpers/native-or-skip.js';

const V = 7;
const ADAM = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

function modelConfig(partial: Partial<ModelConfig>): ModelConfig {
  return bookRunConfig({ model: { hidden: 4, context: 3, ...partial } }).model;
}

/** The kind of engine createUpdateEngine builds for this model and choice, or the message it refuses with. */
function engineFor(partial: Partial<ModelConfig>, engine: UpdateEngineSettings['engine']): string {
  const config = modelConfig(partial);
  const model = buildModel(config, V, createSeededRandom(1, 'init'));
  try {
    const built = createUpdateEngine(model, config, { numUnroll: 2, batchSize: 2, clipNorm: 5, adam: ADAM, engine });
    built.dispose();
    return built.kind;
  } catch (error) {
    return `error: ${(error as Error).message}`;
  } finally {
    disposeModel(model);
  }
}

/** Switches to the native backend; the reason it cannot, or undefined when it did. */
async function nativeUnavailable(): Promise<string | undefined> {
  try {
    assert.equal(await initBackend('native'), 'native');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

const MODELS: Partial<ModelConfig>[] = [{ type: 'rnn' }, { type: 'rnncf' }, { type: 'stacked', layers: [4, 3] }, { type: 'lstm' }];
const NINE_LAYERS: Partial<ModelConfig> = { type: 'stacked', layers: [3, 3, 3, 3, 3, 3, 3, 3, 3] };

test('the C engine takes stacks of up to 8 layers (its layouts are sized for 8) and every other model type', () => {
  for (const partial of MODELS) assert.equal(nativeEngineSupports(modelConfig(partial)), true, partial.type);
  assert.equal(nativeEngineSupports(modelConfig({ type: 'stacked', layers: [3, 3, 3, 3, 3, 3, 3, 3] })), true);
  assert.equal(nativeEngineSupports(modelConfig(NINE_LAYERS)), false);
});

test('native backend: auto and native give the C engine for every model type, tfjs gives the tfjs graph', async (t) => {
  if (skipWithoutNative(t, await nativeUnavailable())) return;
  for (const partial of MODELS) {
    assert.deepEqual([engineFor(partial, 'auto'), engineFor(partial, 'native'), engineFor(partial, 'tfjs')], ['native', 'native', 'tfjs'], partial.type);
  }
  // A stack the C engine cannot hold: auto trains it on tfjs, an explicit native choice is refused.
  assert.equal(engineFor(NINE_LAYERS, 'auto'), 'tfjs');
  assert.equal(engineFor(NINE_LAYERS, 'native'), 'error: the native update engine does not support model type stacked');
});

test('wasm backend: auto and tfjs give the tfjs graph; native is refused with the reason', async () => {
  assert.equal(await initBackend('wasm'), 'wasm');
  for (const partial of MODELS) {
    assert.deepEqual(
      [engineFor(partial, 'auto'), engineFor(partial, undefined), engineFor(partial, 'tfjs'), engineFor(partial, 'native')],
      ['tfjs', 'tfjs', 'tfjs', 'error: the native update engine needs the native backend'],
      partial.type,
    );
  }
});

test('the C engine refuses a batch or a state of the wrong size before C reads or writes past an array', async (t) => {
  if (skipWithoutNative(t, await nativeUnavailable())) return;
  const config = modelConfig({ type: 'rnncf' });
  const model = buildModel(config, V, createSeededRandom(1, 'init'));
  const engine = createUpdateEngine(model, config, { numUnroll: 2, batchSize: 2, clipNorm: 5, adam: ADAM, engine: 'native' });
  try {
    // numUnroll × batchSize = 4 predictions an update.
    assert.throws(() => engine.update({ inputs: new Int32Array(3), targets: new Int32Array(4) }), {
      message: 'unrolled batch has 3 inputs and 4 targets, the engine takes 4',
    });
    assert.throws(() => engine.update({ inputs: new Int32Array(4), targets: new Int32Array(5) }), {
      message: 'unrolled batch has 4 inputs and 5 targets, the engine takes 4',
    });
    const good = engine.captureState();
    const shortWeights = { ...good, weights: { ...good.weights, P: good.weights.P.subarray(1) } };
    assert.throws(() => engine.restoreState(shortWeights), { message: 'engine state has no matching weights and optimizer slots for "P"' });
    const { A, ...withoutA } = good.weights;
    assert.ok(A.length > 0);
    assert.throws(() => engine.restoreState({ ...good, weights: withoutA }), { message: 'engine state has no matching weights and optimizer slots for "A"' });
    const shortSlot = { ...good.adam, slots: { ...good.adam.slots, B: { m: good.adam.slots.B.m, v: good.adam.slots.B.v.subarray(1) } } };
    assert.throws(() => engine.restoreState({ ...good, adam: shortSlot }), { message: 'engine state has no matching weights and optimizer slots for "B"' });
    assert.throws(() => engine.restoreState({ ...good, trainState: good.trainState.slice(1) }), {
      message: 'engine state has the wrong number of state vectors',
    });
    engine.restoreState(good); // the state it captured goes back without complaint
  } finally {
    engine.dispose();
    disposeModel(model);
  }
});
