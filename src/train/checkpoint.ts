// Checkpoints: a run's weights, vocabulary, config and everything training needs to continue it, in one JSON file.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { RunConfig } from '../config/run-config.js';
import { UserError } from '../config/user-error.js';
import type { Vocabulary } from '../corpus/prepared-corpus.js';
import type { RecurrentModel } from '../models/recurrent-model.js';
import type { RandomState } from '../models/seeded-random.js';
import { tf } from '../models/backend.js';
import type { AdamState } from './adam-optimizer.js';
import type { EngineState } from './update-engine.js';

export const CHECKPOINT_FORMAT = 'rnnlab-checkpoint';
/** 2 added `resume` (version 1 files hold weights only: `rnnlab generate` still reads them, training cannot resume them). */
export const CHECKPOINT_VERSION = 2;

/** One parameter: its shape and its float32 values, little-endian, base64. */
export interface StoredTensor {
  shape: number[];
  float32: string;
}

export type StoredWeights = Record<string, StoredTensor>;

/** What training needs besides the final weights to go on exactly where it stopped. */
export interface ResumeState {
  adam: AdamState;
  /** Carried training state, as EngineState.trainState. */
  trainState: Float32Array[];
  /** The generation state the next epoch's first segment starts from: one [1 × size] array per state vector. */
  generation: Float32Array[];
  /** Next read position of every batch cursor, per training document (corpus.train order). */
  cursors: Int32Array[];
  /** Every random stream still drawn from after initialisation, by stream name. */
  random: Record<string, RandomState>;
}

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  config: RunConfig;
  vocabulary: Vocabulary;
  backend: string;
  /** Epochs trained when written. */
  epoch: number;
  bestEpoch: number | null;
  bestValidPerplexity: number | null;
  final: StoredWeights;
  /** Weights at the best validation perplexity (null before any validation). */
  best: StoredWeights | null;
  /** Null in a version-1 checkpoint. */
  resume: ResumeState | null;
}

/** The file's form of ResumeState: typed arrays as base64. */
interface StoredResumeState {
  adam: { iterations: number; slots: Record<string, { m: string; v: string }> };
  trainState: string[];
  generation: string[];
  cursors: string[];
  random: Record<string, RandomState>;
}

function encodeArray(values: Float32Array | Int32Array): string {
  const copy = values.slice(); // own buffer, little-endian on every platform Node runs on
  return Buffer.from(copy.buffer, copy.byteOffset, copy.byteLength).toString('base64');
}

function decodeFloat32(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  const out = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

function decodeInt32(text: string): Int32Array {
  const bytes = Buffer.from(text, 'base64');
  const out = new Int32Array(bytes.byteLength / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** Host copies of every parameter of a model. */
export function captureWeights(model: RecurrentModel): StoredWeights {
  const weights: StoredWeights = {};
  for (const [name, v] of model.params) weights[name] = { shape: [...v.shape], float32: encodeArray(v.dataSync() as Float32Array) };
  return weights;
}

/** Weights by name (EngineState.weights) with the model's shapes, as a checkpoint stores them. */
export function storeWeights(model: RecurrentModel, weights: Record<string, Float32Array>): StoredWeights {
  const stored: StoredWeights = {};
  for (const [name, v] of model.params) stored[name] = { shape: [...v.shape], float32: encodeArray(weights[name]) };
  return stored;
}

/** Stored weights as arrays by name, checked against the model's names and shapes; `source` names the file for errors. */
export function decodeWeights(model: RecurrentModel, weights: StoredWeights, source: string): Record<string, Float32Array> {
  const decoded: Record<string, Float32Array> = {};
  for (const [name, v] of model.params) {
    const stored = weights[name];
    if (stored === undefined) throw new UserError(`${source}: checkpoint has no weights "${name}" for this model`);
    if (stored.shape.join(',') !== v.shape.join(',')) {
      throw new UserError(`${source}: weights "${name}" have shape [${stored.shape}], the model expects [${v.shape}]`);
    }
    decoded[name] = decodeFloat32(stored.float32);
    if (decoded[name].length !== v.size) {
      throw new UserError(`${source}: weights "${name}" hold ${decoded[name].length} values, the model expects ${v.size}`);
    }
  }
  return decoded;
}

/** Overwrites a model's parameters with stored ones; names and shapes must match. `source` names the file for errors. */
export function restoreWeights(model: RecurrentModel, weights: StoredWeights, source: string): void {
  const decoded = decodeWeights(model, weights, source);
  for (const [name, v] of model.params) tf.tidy(() => v.assign(tf.tensor(decoded[name], v.shape)));
}

function sameWeights(a: StoredWeights, b: StoredWeights): boolean {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((name) => b[name] !== undefined && a[name].float32 === b[name].float32);
}

function encodeResume(resume: ResumeState): StoredResumeState {
  const slots: StoredResumeState['adam']['slots'] = {};
  for (const [name, { m, v }] of Object.entries(resume.adam.slots)) slots[name] = { m: encodeArray(m), v: encodeArray(v) };
  return {
    adam: { iterations: resume.adam.iterations, slots },
    trainState: resume.trainState.map(encodeArray),
    generation: resume.generation.map(encodeArray),
    cursors: resume.cursors.map(encodeArray),
    random: resume.random,
  };
}

function decodeResume(stored: StoredResumeState): ResumeState {
  const slots: AdamState['slots'] = {};
  for (const [name, { m, v }] of Object.entries(stored.adam.slots)) slots[name] = { m: decodeFloat32(m), v: decodeFloat32(v) };
  return {
    adam: { iterations: stored.adam.iterations, slots },
    trainState: stored.trainState.map(decodeFloat32),
    generation: stored.generation.map(decodeFloat32),
    cursors: stored.cursors.map(decodeInt32),
    random: stored.random,
  };
}

/**
 * Writes atomically (temporary file, then rename), so a crash never leaves a half-written checkpoint. Best weights
 * equal to the final ones (the latest epoch was the best) are written once, as `"best": "final"`.
 */
export function saveCheckpoint(path: string, checkpoint: Checkpoint): void {
  const { best, final, resume } = checkpoint;
  const stored = {
    ...checkpoint,
    best: best !== null && sameWeights(best, final) ? 'final' : best,
    resume: resume === null ? null : encodeResume(resume),
  };
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, JSON.stringify(stored));
  renameSync(temporary, path);
}

/** Reads a checkpoint of version 1 (weights only: `resume` is null) or 2. */
export function loadCheckpoint(path: string): Checkpoint {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`${path}: cannot read checkpoint (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new UserError(`${path}: not a checkpoint (not valid JSON)`);
  }
  if (parsed === null || typeof parsed !== 'object' || parsed.format !== CHECKPOINT_FORMAT) {
    throw new UserError(`${path}: not an rnnlab checkpoint (format is not "${CHECKPOINT_FORMAT}")`);
  }
  if (parsed.version !== 1 && parsed.version !== CHECKPOINT_VERSION) {
    const newer = typeof parsed.version === 'number' && parsed.version > CHECKPOINT_VERSION;
    throw new UserError(
      `${path}: checkpoint version ${JSON.stringify(parsed.version ?? null)} is not supported (this rnnlab reads versions 1 to ${CHECKPOINT_VERSION}` +
        `${newer ? '; it was written by a newer rnnlab' : ''})`,
    );
  }
  const final = parsed.final as StoredWeights;
  const best = parsed.best === 'final' ? final : (parsed.best as StoredWeights | null);
  const resume = parsed.version === 1 || parsed.resume == null ? null : decodeResume(parsed.resume as StoredResumeState);
  return { ...(parsed as unknown as Checkpoint), version: parsed.version, final, best, resume };
}
