// The update engine on the tfjs graph: the model's trainForward, hand-written backward, clipping and Adam as tfjs ops.
import { tf } from '../models/backend.js';
import { zeroState, type RecurrentModel, type State } from '../models/recurrent-model.js';
import { createAdamOptimizer } from './adam-optimizer.js';
import { trainUpdate } from './train-update.js';
import type { EngineState, UpdateEngine, UpdateEngineSettings } from './update-engine.js';

export function createTfjsUpdateEngine(model: RecurrentModel, settings: UpdateEngineSettings): UpdateEngine {
  const { numUnroll, batchSize, clipNorm } = settings;
  const optimizer = createAdamOptimizer(model.params, settings.adam);
  let state: State = zeroState(model.stateSizes, batchSize);
  const replaceState = (next: State): void => {
    tf.dispose(state);
    state = next;
  };
  return {
    kind: 'tfjs',
    update(batch) {
      const out = trainUpdate(model, optimizer, batch, numUnroll, batchSize, state, clipNorm);
      replaceState(out.state);
      return { lossNats: out.lossNats, gradNormBeforeClip: out.gradNormBeforeClip, paramSquaredNorms: out.paramSquaredNorms };
    },
    syncWeightsToModel() {
      // The weights are the model's variables already.
    },
    resetState() {
      replaceState(zeroState(model.stateSizes, batchSize));
    },
    captureState(): EngineState {
      const weights: Record<string, Float32Array> = {};
      for (const [name, v] of model.params) weights[name] = new Float32Array(v.dataSync() as Float32Array);
      return { weights, adam: optimizer.capture(), trainState: state.map((t) => new Float32Array(t.dataSync() as Float32Array)) };
    },
    restoreState(captured) {
      for (const [name, v] of model.params) {
        const values = captured.weights[name];
        if (values === undefined || values.length !== v.size) throw new Error(`engine state has no matching weights for "${name}"`);
        tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
      }
      optimizer.restore(captured.adam);
      if (captured.trainState.length !== model.stateSizes.length) throw new Error('engine state has the wrong number of state vectors');
      replaceState(captured.trainState.map((values, i) => tf.tensor2d(new Float32Array(values), [batchSize, model.stateSizes[i]])));
    },
    dispose() {
      tf.dispose(state);
      optimizer.dispose();
    },
  };
}
