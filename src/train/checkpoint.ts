// Checkpoints: a run's final and best-validation weights with its vocabulary and resolved config, in one JSON file.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { RunConfig } from '../config/run-config.js';
import { UserError } from '../config/user-error.js';
import type { Vocabulary } from '../corpus/prepared-corpus.js';
import type { RecurrentModel } from '../models/recurrent-model.js';
import { tf } from '../models/backend.js';

export const CHECKPOINT_FORMAT = 'rnnlab-checkpoint';
export const CHECKPOINT_VERSION = 1;

/** One parameter: its shape and its float32 values, little-endian, base64. */
export interface StoredTensor {
  shape: number[];
  float32: string;
}

export type StoredWeights = Record<string, StoredTensor>;

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
}

function encodeFloat32(values: Float32Array): string {
  const copy = new Float32Array(values); // own buffer, little-endian on every platform Node runs on
  return Buffer.from(copy.buffer, copy.byteOffset, copy.byteLength).toString('base64');
}

function decodeFloat32(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  const out = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** Host copies of every parameter of a model. */
export function captureWeights(model: RecurrentModel): StoredWeights {
  const weights: StoredWeights = {};
  for (const [name, v] of model.params) weights[name] = { shape: [...v.shape], float32: encodeFloat32(v.dataSync() as Float32Array) };
  return weights;
}

/** Overwrites a model's parameters with stored ones; names and shapes must match. `source` names the file for errors. */
export function restoreWeights(model: RecurrentModel, weights: StoredWeights, source: string): void {
  for (const [name, v] of model.params) {
    const stored = weights[name];
    if (stored === undefined) throw new UserError(`${source}: checkpoint has no weights "${name}" for this model`);
    if (stored.shape.join(',') !== v.shape.join(',')) {
      throw new UserError(`${source}: weights "${name}" have shape [${stored.shape}], the model expects [${v.shape}]`);
    }
    const values = decodeFloat32(stored.float32);
    tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
  }
}

/** Writes atomically (temporary file, then rename), so a crash never leaves a half-written checkpoint. */
export function saveCheckpoint(path: string, checkpoint: Checkpoint): void {
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, JSON.stringify(checkpoint));
  renameSync(temporary, path);
}

export function loadCheckpoint(path: string): Checkpoint {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`${path}: cannot read checkpoint (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let parsed: Partial<Checkpoint>;
  try {
    parsed = JSON.parse(text) as Partial<Checkpoint>;
  } catch {
    throw new UserError(`${path}: not a checkpoint (not valid JSON)`);
  }
  if (parsed.format !== CHECKPOINT_FORMAT) throw new UserError(`${path}: not an rnnlab checkpoint (format is not "${CHECKPOINT_FORMAT}")`);
  if (parsed.version !== CHECKPOINT_VERSION) {
    throw new UserError(`${path}: checkpoint version ${String(parsed.version)} is not supported (expected ${CHECKPOINT_VERSION})`);
  }
  return parsed as Checkpoint;
}
