// The runs of one shard of a sweep, with the whole split (every run's shard and estimated cost) for --dry-run.
import type { RunConfig } from '../config/run-config.js';
import { estimateRunCost } from './estimate-run-cost.js';
import type { Shard } from './parse-shard.js';
import { splitShards, type ShardBalance } from './split-shards.js';

export interface ShardSelection<R> {
  shard: Shard;
  balance: ShardBalance;
  /** This shard's runs, in the grid's order. */
  runs: R[];
  /** Every run of the grid → its shard index. */
  shardOf: Map<string, number>;
  /** Every run of the grid → its estimated training flops (estimateRunCost). */
  costs: Map<string, number>;
}

export function shardRuns<R extends { id: string; config: RunConfig }>(
  runs: readonly R[],
  shard: Shard,
  balance: ShardBalance,
): ShardSelection<R> {
  const costs = new Map(runs.map((run) => [run.id, estimateRunCost(run.config)]));
  const shardOf = splitShards(
    runs.map((run) => ({ id: run.id, cost: costs.get(run.id)! })),
    shard.count,
    balance,
  );
  return { shard, balance, runs: runs.filter((run) => shardOf.get(run.id) === shard.index), shardOf, costs };
}
