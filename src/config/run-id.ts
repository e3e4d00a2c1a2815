// The stable id of a run: a digest of its experiment's name, its config in a versioned canonical form, and its corpus.
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { RunConfig } from './run-config.js';

/**
 * The version of the canonical form below. Bump it only together with a schema migration that rewrites stored ids
 * (src/store/schema-migrations.ts), since every id changes with it.
 */
export const CANONICAL_FORM_VERSION = 2;

/** A config key added after the canonical form was fixed, with the value that reproduces the behaviour before it. */
export interface AddedKey {
  /** Dotted path in RunConfig, e.g. "train.weight_decay". */
  path: string;
  /** The value that behaves exactly as rnnlab did before the key existed. */
  before: unknown;
}

/**
 * Keys added to RunConfig since canonical form 2 was fixed. A run whose value equals `before` hashes as if the key did
 * not exist, so adding an option never changes the ids of the runs that do not use it. Append, never edit: a test
 * checks that every key of a resolved config is either in form 2 or listed here.
 */
export const KEYS_ADDED_SINCE_FORM: readonly AddedKey[] = [
  { path: 'train.tokens_per_step', before: null }, // schedule tokens only; null under book and epochs
  { path: 'train.validate_every', before: 1 },
  { path: 'corpus.validation.stream', before: 'per_document' },
  { path: 'generation.measure', before: null }, // no measure samples: training and display samples are unchanged
  { path: 'corpus.test', before: null }, // no held-out test set
];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function deletePath(target: Record<string, unknown>, path: string[]): void {
  let parent: unknown = target;
  for (const segment of path.slice(0, -1)) {
    if (!isPlainObject(parent)) return;
    parent = parent[segment];
  }
  if (isPlainObject(parent)) delete parent[path[path.length - 1]];
}

function valueAt(target: unknown, path: string[]): unknown {
  let current = target;
  for (const segment of path) {
    if (!isPlainObject(current) || !Object.hasOwn(current, segment)) return undefined;
    current = current[segment];
  }
  return current;
}

/**
 * Canonical form 2 of a run's config: where the corpus was read from (`corpus.path`) is left out and the digest of
 * what was read (`corpus.digest`) put in, so a moved corpus folder keeps its runs' ids and a changed corpus does not;
 * keys added since the form was fixed are left out while they hold their `before` value.
 */
export function canonicalRunForm(config: RunConfig, corpusDigest: string, added: readonly AddedKey[] = KEYS_ADDED_SINCE_FORM): unknown {
  const form = structuredClone(config) as unknown as Record<string, unknown>;
  for (const key of added) {
    const path = key.path.split('.');
    if (canonicalJson(valueAt(form, path)) === canonicalJson(key.before)) deletePath(form, path);
  }
  const corpus = form.corpus as Record<string, unknown>;
  delete corpus.path;
  corpus.digest = corpusDigest;
  return form;
}

/**
 * First 12 hex digits of the SHA-256 of the canonical JSON (keys sorted) of { form, experiment, config } with the
 * config in canonical form 2. The same config on the same corpus in the same experiment always has the same id;
 * changing any value (seed included) or the corpus contents gives a new one. The experiment name is part of it so
 * that two experiments that happen to share a grid point each own their run and its rows. 48 bits: collisions are
 * negligible at the scale of one results database.
 */
export function runId(experiment: string, config: RunConfig, corpusDigest: string, added: readonly AddedKey[] = KEYS_ADDED_SINCE_FORM): string {
  const hashed = { form: CANONICAL_FORM_VERSION, experiment, config: canonicalRunForm(config, corpusDigest, added) };
  return createHash('sha256').update(canonicalJson(hashed)).digest('hex').slice(0, 12);
}
