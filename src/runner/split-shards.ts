// Splits a sweep's runs into N shards as a pure function of the run ids (and, optionally, their estimated costs).
export type ShardBalance = 'count' | 'cost';
export const SHARD_BALANCES: readonly ShardBalance[] = ['count', 'cost'];

export interface ShardableRun {
  id: string;
  /** Estimated cost (any unit, the same for every run); used by balance 'cost' only. */
  cost: number;
}

function byId(a: ShardableRun, b: ShardableRun): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The shard index of every run, by id. Both rules sort first, so the grid's order (or a reordered YAML file) never
 * changes the split; every host computes the same split without talking to the others.
 * - 'count': runs sorted by id, dealt round-robin: shard sizes differ by at most one run.
 * - 'cost': longest-processing-time first: runs by cost descending (ties by id), each to the shard with the least
 *   cost so far (ties to the lower index). Shards then finish close together, at most one run's cost apart from
 *   the ideal (LPT's bound); run counts may differ by more than one.
 */
export function splitShards(runs: readonly ShardableRun[], count: number, balance: ShardBalance): Map<string, number> {
  if (!Number.isInteger(count) || count < 1) throw new Error(`splitShards: shard count must be a positive integer; got ${count}`);
  const ids = new Set(runs.map((run) => run.id));
  if (ids.size !== runs.length) throw new Error('splitShards: run ids must be unique');
  const shardOf = new Map<string, number>();
  if (balance === 'count') {
    [...runs].sort(byId).forEach((run, position) => shardOf.set(run.id, position % count));
    return shardOf;
  }
  const totals = new Array<number>(count).fill(0);
  const ordered = [...runs].sort((a, b) => b.cost - a.cost || byId(a, b));
  for (const run of ordered) {
    let lightest = 0;
    for (let shard = 1; shard < count; shard++) if (totals[shard] < totals[lightest]) lightest = shard;
    totals[lightest] += run.cost;
    shardOf.set(run.id, lightest);
  }
  return shardOf;
}
