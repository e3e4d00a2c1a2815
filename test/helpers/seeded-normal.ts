// Standard normal draws from the stats room's seeded uniform generator (Box–Muller), for reproducible simulations.
import { seededUniform } from '../../src/stats/seeded-uniform.js';

/** A generator of N(0, 1) draws: Box–Muller on two uniforms (1 − u keeps the logarithm finite, as u can be 0). */
export function seededNormal(seed: number): () => number {
  const uniform = seededUniform(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}
