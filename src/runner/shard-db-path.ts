// Where a shard keeps its results by default: its own database file, so no two hosts ever write one SQLite file.
import { join } from 'node:path';
import type { Shard } from './parse-shard.js';

/** The folder of an experiment's shard databases: `runs/shards/EXPERIMENT` (relative to the current directory). */
export function shardFolder(experiment: string): string {
  return join('runs', 'shards', experiment);
}

/** `runs/shards/EXPERIMENT/shard-I-of-N.sqlite`; checkpoints go beside it, in `runs/shards/EXPERIMENT/checkpoints`. */
export function shardDbPath(experiment: string, shard: Pick<Shard, 'index' | 'count'>): string {
  return join(shardFolder(experiment), `shard-${shard.index}-of-${shard.count}.sqlite`);
}
