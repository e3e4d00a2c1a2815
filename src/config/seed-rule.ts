// The seed rule of an experiment (`seeds: {first, start, add, max}`): read from checked data, and the seeds it gives.
import { experimentSchema } from './experiment-schema.js';
import { fillDefaults } from './fill-defaults.js';

/** "Seeds until decided": round 1 runs `start` seeds from `first` on every grid point; each later round adds `add`
 *  seeds to the points an undecided primary claim compares, never beyond `max` per point. */
export interface SeedRule {
  first: number;
  start: number;
  add: number;
  max: number;
}

/** The rule of a checked `seeds` value with its defaults filled, or null when `seeds` is a list (or absent). */
export function readSeedRule(seeds: unknown): SeedRule | null {
  if (seeds === null || typeof seeds !== 'object' || Array.isArray(seeds)) return null;
  const filled = fillDefaults(experimentSchema().properties!.seeds, seeds) as Record<string, number>;
  return { first: filled.first, start: filled.start, add: filled.add, max: filled.max };
}

/** A grid point's seeds once it runs `count` of them: first, first + 1, …, first + count − 1. */
export function ruleSeeds(rule: SeedRule, count: number): number[] {
  return Array.from({ length: count }, (_, i) => rule.first + i);
}
