// The update engine in C (rnnlab-native's engine*): weights, Adam's moments, the carried state and every scratch
// buffer live in the addon for the whole run; one N-API call per update, weights copied to tfjs only on sync.
import type { ModelConfig } from '../config/run-config.js';
import { loadNative, type NativeAddon, type NativeEngineSpec } from '../kernels/load-native.js';
import { tf } from '../models/backend.js';
import type { RecurrentModel } from '../models/recurrent-model.js';
import type { EngineState, UpdateEngine, UpdateEngineSettings } from './update-engine.js';

/** Every model type has a C path (tanh stack for rnn and stacked, RNN-CF both variants, LSTM). */
export function nativeEngineSupports(config: ModelConfig): boolean {
  return ['rnn', 'stacked', 'rnncf', 'lstm'].includes(config.type) && (config.type !== 'stacked' || config.layers.length <= 8);
}

function engineSpec(config: ModelConfig, vocab: number, settings: UpdateEngineSettings): NativeEngineSpec {
  const kind = config.type === 'rnncf' ? 1 : config.type === 'lstm' ? 2 : 0;
  return {
    kind,
    vocab,
    batch: settings.batchSize,
    unroll: settings.numUnroll,
    sizes: config.type === 'rnn' ? [config.hidden] : config.type === 'stacked' ? [...config.layers] : [],
    hidden: config.hidden,
    context: config.context,
    activation: config.type === 'rnncf' && config.activation === 'sigmoid' ? 1 : 0,
    book: config.type === 'rnncf' && config.variant === 'book' ? 1 : 0,
    learnAlpha: config.learn_alpha ? 1 : 0,
    bias: config.bias ? 1 : 0,
    alpha: config.alpha,
    learningRate: settings.adam.learningRate,
    beta1: settings.adam.beta1,
    beta2: settings.adam.beta2,
    epsilon: settings.adam.epsilon,
    clipNorm: settings.clipNorm,
  };
}

/** The C engine, which can also hand out the gradients of its last update (tests, diagnostics). */
export interface NativeUpdateEngine extends UpdateEngine {
  /** Host copies of the last update's gradients by parameter name, after clipping (as Adam used them). */
  lastGradients(): Map<string, Float32Array>;
}

const WEIGHTS = 0;
const GRADIENTS = 1;
const ADAM_M = 2;
const ADAM_V = 3;

/** The C engine for `model`; its weights start as the model's current ones. Needs the native backend's addon. */
export function createNativeUpdateEngine(model: RecurrentModel, config: ModelConfig, settings: UpdateEngineSettings): NativeUpdateEngine {
  const load = loadNative();
  if (load.addon === null) throw new Error(`native update engine not available: ${load.reason}`);
  const addon: NativeAddon = load.addon;
  const handle = addon.engineCreate(engineSpec(config, model.vocabSize, settings));
  // The engine's parameters must be the model's, by name and shape: the engine was written against the models.
  const layout = addon.engineParams(handle);
  const variables = layout.map(({ name, shape }) => {
    const v = model.params.get(name);
    if (v === undefined || v.shape.join(',') !== shape.join(',')) {
      addon.engineDispose(handle);
      throw new Error(`native engine parameter ${name} [${shape}] does not match the ${config.type} model's`);
    }
    return v;
  });
  if (layout.length !== model.params.size) {
    addon.engineDispose(handle);
    throw new Error(`native engine has ${layout.length} parameters, the ${config.type} model ${model.params.size}`);
  }
  const stateSizes = addon.engineStateSizes(handle);
  if (stateSizes.join(',') !== model.stateSizes.join(',')) {
    addon.engineDispose(handle);
    throw new Error(`native engine state sizes [${stateSizes}] differ from the model's [${model.stateSizes}]`);
  }
  // Host buffers, allocated once per run: one per parameter (syncing), the update's statistics, zero states.
  const hostWeights = variables.map((v) => new Float32Array(v.size));
  const stats = new Float64Array(1 + layout.length);
  const zeros = stateSizes.map((size) => new Float32Array(settings.batchSize * size));
  const expected = settings.numUnroll * settings.batchSize;
  variables.forEach((v, i) => addon.engineWrite(handle, WEIGHTS, i, v.dataSync() as Float32Array));

  const engine: NativeUpdateEngine = {
    kind: 'native',
    update(batch) {
      if (batch.inputs.length !== expected || batch.targets.length !== expected) {
        throw new Error(`unrolled batch has ${batch.inputs.length} inputs and ${batch.targets.length} targets, the engine takes ${expected}`);
      }
      const lossNats = addon.engineUpdate(handle, batch.inputs, batch.targets, stats);
      const paramSquaredNorms = new Map(layout.map(({ name }, i) => [name, stats[1 + i]]));
      return { lossNats, gradNormBeforeClip: stats[0], paramSquaredNorms };
    },
    syncWeightsToModel() {
      variables.forEach((v, i) => {
        addon.engineRead(handle, WEIGHTS, i, hostWeights[i]);
        tf.tidy(() => v.assign(tf.tensor(hostWeights[i], v.shape)));
      });
    },
    resetState() {
      zeros.forEach((z, i) => addon.engineWriteState(handle, i, z));
    },
    captureState(): EngineState {
      const weights: Record<string, Float32Array> = {};
      const slots: EngineState['adam']['slots'] = {};
      layout.forEach(({ name }, i) => {
        const read = (block: number): Float32Array => {
          const out = new Float32Array(variables[i].size);
          addon.engineRead(handle, block, i, out);
          return out;
        };
        weights[name] = read(WEIGHTS);
        slots[name] = { m: read(ADAM_M), v: read(ADAM_V) };
      });
      const trainState = stateSizes.map((size, i) => {
        const out = new Float32Array(settings.batchSize * size);
        addon.engineReadState(handle, i, out);
        return out;
      });
      return { weights, adam: { iterations: addon.engineIterations(handle), slots }, trainState };
    },
    restoreState(captured) {
      layout.forEach(({ name }, i) => {
        const weights = captured.weights[name];
        const slot = captured.adam.slots[name];
        const size = variables[i].size;
        if (weights?.length !== size || slot?.m.length !== size || slot.v.length !== size) {
          throw new Error(`engine state has no matching weights and optimizer slots for "${name}"`);
        }
        addon.engineWrite(handle, WEIGHTS, i, weights);
        addon.engineWrite(handle, ADAM_M, i, slot.m);
        addon.engineWrite(handle, ADAM_V, i, slot.v);
      });
      if (captured.trainState.length !== stateSizes.length) throw new Error('engine state has the wrong number of state vectors');
      captured.trainState.forEach((values, i) => addon.engineWriteState(handle, i, values));
      addon.engineSetIterations(handle, captured.adam.iterations);
      engine.syncWeightsToModel();
    },
    lastGradients() {
      return new Map(
        layout.map(({ name }, i) => {
          const out = new Float32Array(variables[i].size);
          addon.engineRead(handle, GRADIENTS, i, out);
          return [name, out];
        }),
      );
    },
    dispose() {
      addon.engineDispose(handle);
    },
  };
  return engine;
}
