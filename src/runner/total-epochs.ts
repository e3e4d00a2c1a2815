// How many epochs a run trains: book-schedule steps, or full passes for the epochs schedule.
import type { RunConfig } from '../config/run-config.js';

export function totalEpochs(config: RunConfig): number {
  return config.train.schedule === 'book' ? config.train.num_steps : config.train.epochs;
}
