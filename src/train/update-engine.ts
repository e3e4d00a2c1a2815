// The training-update seam: one engine per run owns the optimizer state and the carried training state, and runs
// updates on the tfjs graph (tfjs-update-engine.ts) or wholly in C (native-update-engine.ts), chosen by backend.
import type { ModelConfig } from '../config/run-config.js';
import { nativeKernels } from '../models/backend.js';
import type { RecurrentModel } from '../models/recurrent-model.js';
import type { AdamSettings, AdamState } from './adam-optimizer.js';
import { createNativeUpdateEngine, nativeEngineSupports } from './native-update-engine.js';
import { createTfjsUpdateEngine } from './tfjs-update-engine.js';
import type { UnrolledBatch } from './train-update.js';

export interface UpdateEngineSettings {
  numUnroll: number;
  batchSize: number;
  /** Global-norm clipping threshold; ≤ 0 turns clipping off. */
  clipNorm: number;
  adam: AdamSettings;
  /** `auto` (default): the C engine when the native backend is active and supports the model, else tfjs. */
  engine?: 'auto' | 'tfjs' | 'native';
}

export interface UpdateResult {
  /** Mean cross-entropy of the update's predictions, computed before the weights change. */
  lossNats: number;
  /** Global norm of the gradients before clipping. */
  gradNormBeforeClip: number;
  /** Squared norm of each parameter's gradient before clipping, by parameter name. */
  paramSquaredNorms: Map<string, number>;
}

/**
 * Everything an engine needs to continue bit for bit (the same shape as the resume branch's checkpoint EngineState).
 */
export interface EngineState {
  /** Parameters by name (the names and sizes of `model.params`). */
  weights: Record<string, Float32Array>;
  /** Adam's step count and moments. */
  adam: AdamState;
  /** The training state carried into the next update: one [batch × size] array per state vector (model.stateSizes). */
  trainState: Float32Array[];
}

export interface UpdateEngine {
  /** Which implementation runs the updates. */
  readonly kind: 'tfjs' | 'native';
  /** One update on an unrolled batch, starting from the carried state, which it then advances. */
  update(batch: UnrolledBatch): UpdateResult;
  /** Copies the engine's weights into the model's tf.Variables (before validation, generation, checkpoints). */
  syncWeightsToModel(): void;
  /** Carried training state back to zeros (start of a document or step). */
  resetState(): void;
  captureState(): EngineState;
  /** Puts back a captured state (and syncs the weights to the model). */
  restoreState(state: EngineState): void;
  dispose(): void;
}

/**
 * The engine for `model` (built from `config`): the C engine under the native backend when it supports the model
 * (every model type today), else the tfjs graph (which itself runs its hot kernels natively under `native`).
 */
export function createUpdateEngine(model: RecurrentModel, config: ModelConfig, settings: UpdateEngineSettings): UpdateEngine {
  const choice = settings.engine ?? 'auto';
  const nativeActive = nativeKernels() !== null;
  if (choice === 'native' && !nativeActive) throw new Error('the native update engine needs the native backend');
  if (choice !== 'tfjs' && nativeActive && nativeEngineSupports(config)) return createNativeUpdateEngine(model, config, settings);
  if (choice === 'native') throw new Error(`the native update engine does not support model type ${config.type}`);
  return createTfjsUpdateEngine(model, settings);
}
