// How many epochs a run trains: book- or tokens-schedule steps, or full passes for the epochs schedule.
import type { RunConfig } from './run-config.js';

export function totalEpochs(config: RunConfig): number {
  return config.train.schedule === 'epochs' ? config.train.epochs : config.train.num_steps;
}
