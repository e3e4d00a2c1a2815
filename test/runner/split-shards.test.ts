// splitShards: a pure function of run ids (grid order never matters), balanced by count or by cost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitShards } from '../../src/runner/split-shards.js';
import { createSeededRandom } from '../../src/models/seeded-random.js';

/** Run ids shaped like rnnlab's (12 hex digits), from a seeded generator. */
function fakeRuns(n: number, seed: number): { id: string; cost: number }[] {
  const random = createSeededRandom(seed, 'cpu');
  return Array.from({ length: n }, () => ({
    id: Array.from({ length: 12 }, () => random.int(16).toString(16)).join(''),
    cost: 1 + random.int(100),
  }));
}

function sizes(shardOf: Map<string, number>, count: number): number[] {
  const out = new Array<number>(count).fill(0);
  for (const shard of shardOf.values()) out[shard]++;
  return out;
}

test('count: every run in exactly one shard, sizes within one, dealt over ids in sorted order', () => {
  const runs = [{ id: 'c', cost: 1 }, { id: 'a', cost: 1 }, { id: 'e', cost: 1 }, { id: 'b', cost: 1 }, { id: 'd', cost: 1 }];
  const shardOf = splitShards(runs, 2, 'count');
  assert.deepEqual(Object.fromEntries(shardOf), { a: 0, b: 1, c: 0, d: 1, e: 0 });
  for (const n of [1, 7, 12, 13, 50]) {
    for (const count of [1, 2, 3, 5, 8, 60]) {
      const split = splitShards(fakeRuns(n, n), count, 'count');
      assert.equal(split.size, n);
      const s = sizes(split, count);
      assert.ok(Math.max(...s) - Math.min(...s) <= 1, `${n} runs in ${count} shards: ${s}`);
    }
  }
});

test('both rules: the same split whatever the order of the grid', () => {
  const runs = fakeRuns(17, 4);
  const reversed = [...runs].reverse();
  const shuffled = [...runs.slice(9), ...runs.slice(0, 9)];
  for (const balance of ['count', 'cost'] as const) {
    const expected = Object.fromEntries(splitShards(runs, 4, balance));
    assert.deepEqual(Object.fromEntries(splitShards(reversed, 4, balance)), expected);
    assert.deepEqual(Object.fromEntries(splitShards(shuffled, 4, balance)), expected);
  }
});

test('cost: longest first to the lightest shard; better balanced in cost than the count split', () => {
  // Costs 8, 7, 6, 5, 4 into 2 shards: 8→0, 7→1, 6→1 (7 < 8), 5→0 (8 < 13), 4→0 or 1: 13 vs 13 → 0.
  const runs = [{ id: 'e', cost: 4 }, { id: 'a', cost: 8 }, { id: 'c', cost: 6 }, { id: 'b', cost: 7 }, { id: 'd', cost: 5 }];
  assert.deepEqual(Object.fromEntries(splitShards(runs, 2, 'cost')), { a: 0, b: 1, c: 1, d: 0, e: 0 });

  const skewed = fakeRuns(24, 9).map((run, i) => ({ ...run, cost: i < 6 ? 100 : 1 }));
  const spread = (balance: 'count' | 'cost') => {
    const totals = [0, 0, 0];
    for (const [id, shard] of splitShards(skewed, 3, balance)) totals[shard] += skewed.find((run) => run.id === id)!.cost;
    return Math.max(...totals) - Math.min(...totals);
  };
  assert.ok(spread('cost') <= 1, `cost spread ${spread('cost')}`);
  assert.ok(spread('count') >= spread('cost'));
});

test('more shards than runs: the extra shards are empty', () => {
  const split = splitShards([{ id: 'x', cost: 1 }, { id: 'y', cost: 1 }], 4, 'count');
  assert.deepEqual(sizes(split, 4), [1, 1, 0, 0]);
});
