// The seed each named random stream of a run is derived from; training draws from them, the store records them.
import type { RunConfig } from './run-config.js';

/**
 * Which seed drives what (each stream is createSeededRandom(seed, label), so streams with one seed still differ):
 * - dataOrder → 'schedule': which documents each step visits and in which order (the epoch schedule's permutation);
 * - init → 'init': the initial weights;
 * - generation → 'generation' (seed token choice, sampling) and 'generation-noise' (the state noise after a segment).
 * Two runs are paired (same data order) when their dataOrder seeds are equal. Today all three are the run's seed.
 */
export interface RunSeedStreams {
  dataOrder: number;
  init: number;
  generation: number;
}

export function runSeedStreams(config: RunConfig): RunSeedStreams {
  return { dataOrder: config.seed, init: config.seed, generation: config.seed };
}
