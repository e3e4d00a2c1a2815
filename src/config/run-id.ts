// The stable id of a run: a digest of its experiment's name and its canonical resolved config (seed included).
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { RunConfig } from './run-config.js';

/**
 * First 12 hex digits of the SHA-256 of the canonical JSON (keys sorted) of { experiment, config }. The same
 * config in the same experiment always has the same id; changing any value (seed included) gives a new one.
 * The experiment name is part of it so that two experiments that happen to share a grid point (an ablation's
 * baseline and the book comparison) each own their run and its rows. 48 bits: collisions are negligible at the
 * scale of one results database.
 */
export function runId(experiment: string, config: RunConfig): string {
  return createHash('sha256').update(canonicalJson({ experiment, config })).digest('hex').slice(0, 12);
}
