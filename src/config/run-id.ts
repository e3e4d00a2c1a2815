// The stable id of a run: a digest of its canonical resolved config (seed included).
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { RunConfig } from './run-config.js';

/**
 * First 12 hex digits of the SHA-256 of the config's canonical JSON (keys sorted). The same config always has
 * the same id; changing any value (seed included) gives a new one. 48 bits: collisions are negligible at the
 * scale of one results database.
 */
export function runId(config: RunConfig): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex').slice(0, 12);
}
