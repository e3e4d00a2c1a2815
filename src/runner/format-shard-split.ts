// The split `rnnlab run --shard … --dry-run` prints: which runs each shard trains and its share of the estimated cost.
import type { ShardSelection } from './shard-runs.js';

function formatFlops(flops: number): string {
  const units: [number, string][] = [[1e15, 'PFLOP'], [1e12, 'TFLOP'], [1e9, 'GFLOP'], [1e6, 'MFLOP']];
  for (const [scale, unit] of units) if (flops >= scale) return `${(flops / scale).toFixed(1)} ${unit}`;
  return `${Math.round(flops)} FLOP`;
}

export function formatShardSplit(experimentName: string, selection: ShardSelection<{ id: string }>, dbPath: string): string {
  const { shard, balance, shardOf, costs } = selection;
  const total = [...costs.values()].reduce((sum, cost) => sum + cost, 0);
  const lines = [
    `${experimentName}: shard ${shard.index} of ${shard.count} (--shard ${shard.source}), split by ${balance === 'cost' ? 'estimated cost' : 'run count'}; ` +
      `this shard writes ${dbPath}`,
  ];
  for (let index = 0; index < shard.count; index++) {
    const ids = [...shardOf].filter(([, s]) => s === index).map(([id]) => id).sort();
    const cost = ids.reduce((sum, id) => sum + costs.get(id)!, 0);
    const share = total > 0 ? ` (${Math.round((100 * cost) / total)}%)` : '';
    const marker = index === shard.index ? '*' : ' ';
    lines.push(
      `${marker} shard ${index}: ${ids.length} run${ids.length === 1 ? '' : 's'}, ~${formatFlops(cost)}${share}` +
        (ids.length > 0 ? `: ${ids.join(' ')}` : ''),
    );
  }
  return `${lines.join('\n')}\n`;
}
