// "Seeds until decided" through the real CLI: validate's round-1 count, the seed rule's schema errors, and a tiny
// experiment whose large-effect claim stops early while an equivalence claim runs to max; a rerun trains nothing.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStore } from '../../src/store/results-store.js';
import { fixturesDir } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { readStore, tempDir } from './run-sweep-helpers.js';

/** Three grid points zipped: P0 lr 0.3, P1 lr 0.003, P2 lr 0.003 with another sample length (same training as P1). */
function writeSpec(dir: string, seeds: string, claims: string): string {
  const path = join(dir, 'seq.yaml');
  writeFileSync(
    path,
    `name: seq
corpus: {path: ${JSON.stringify(join(fixturesDir, 'runner', 'corpus'))}, documents: 3, vocabulary_documents: 4, min_count: 0,
         validation: {rule: fraction, fraction: 0.2}}
model: {type: rnn, hidden: 8, context: 4}
train: {num_unroll: 5, batch_size: 4, learning_rate: 0.01, schedule: epochs, epochs: 3}
generation: {length: 20, reset: zeros}
seeds: ${seeds}
zip: {train.learning_rate: [0.3, 0.003, 0.003], generation.length: [20, 20, 30]}
${claims}`,
  );
  return path;
}

const CLAIMS = `claims:
  - id: too-fast
    statement: a learning rate of 0.3 ends 3 epochs at a higher validation perplexity than 0.003
    compare: {a: {train.learning_rate: 0.3}, b: {train.learning_rate: 0.003}}
    where: {generation.length: 20}
    metric: best_valid_perplexity
    expect: higher
  - id: length
    statement: the sample length does not change training
    compare: {a: {generation.length: 20}, b: {generation.length: 30}}
    where: {train.learning_rate: 0.003}
    metric: best_valid_perplexity
    expect: equivalent
    margin: 1
`;

test('a seed rule: validate counts round 1; max below start, or no primary claim, are errors at their line', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const good = writeSpec(dir, '{first: 1, start: 3, add: 2, max: 7}', CLAIMS);
    const ok = await runCli(['validate', '--no-corpus', good]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(
      ok.stdout,
      `${good}: ok, 9 runs in round 1 (3 grid points × 3 seeds; up to 21 with the seed rule: 2 more per round where a ` +
        'primary claim is undecided, at most 7 per grid point), 2 claims (2 primary)\n',
    );
    const bad = writeSpec(dir, '{start: 3, max: 2, more: 1}', '');
    const result = await runCli(['validate', '--no-corpus', bad]);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, `${bad}:7:27: /seeds unknown key "more"\n`);
    const noClaims = writeSpec(dir, '{start: 3, max: 2}', '');
    const second = await runCli(['validate', '--no-corpus', noClaims]);
    assert.equal(second.code, 2);
    assert.equal(
      second.stderr,
      `${noClaims}:7:8: /seeds a seed rule adds seeds until the primary claims are decided, and this experiment declares none: add a claim (claims:, primary by default) or list the seeds\n` +
        `${noClaims}:7:24: /seeds/max must be at least start (3); got 2\n`,
    );
  } finally {
    cleanup();
  }
});

test('rnnlab run with a seed rule: the large effect is decided at round 2, the equivalence claim runs to max; a rerun trains nothing', { timeout: 300_000 }, async () => {
  const { dir, dbPath, cleanup } = tempDir();
  try {
    const spec = writeSpec(dir, '{first: 1, start: 3, add: 2, max: 7}', CLAIMS);
    // On the wasm path whatever the machine has: the decisions below rest on these numbers, and the native engine's
    // floats differ in the last bits, which a learning rate of 0.3 turns into other curves.
    const first = await runCli(['run', spec, '--db', dbPath, '--workers', '3', '--offline', '--backend', 'wasm']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /seq: seed rule ended after round 3:\n {2}too-fast: decided at round 2 \(supported\)\n {2}length: reached max \(7 seeds\); equivalence claims are not decided sequentially and run to max\n/);
    const { runs } = readStore(dbPath);
    const seedsOf = (lr: number, length: number) =>
      runs
        .filter((run) => run.params['train.learning_rate'] === lr && run.params['generation.length'] === length)
        .map((run) => run.params.seed as number)
        .sort((a, b) => a - b);
    // Round 1: seeds 1–3 everywhere; round 2: 4–5 everywhere; round 3: 6–7 only on the equivalence claim's points.
    assert.deepEqual(seedsOf(0.3, 20), [1, 2, 3, 4, 5]);
    assert.deepEqual(seedsOf(0.003, 20), [1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(seedsOf(0.003, 30), [1, 2, 3, 4, 5, 6, 7]);
    assert.ok(runs.every((run) => run.status === 'finished'));

    const store = openStore(dbPath, { readonly: true });
    let looksBefore;
    try {
      const rounds = store.sequentialRounds('seq');
      assert.deepEqual(rounds.map((round) => round.round), [1, 2, 3]);
      assert.deepEqual(rounds[2].seedsAdded, { 1: [6, 7], 2: [6, 7] });
      assert.deepEqual(rounds[2].stopReasons, {
        'too-fast': 'decided at round 2 (supported)',
        length: 'reached max (7 seeds); equivalence claims are not decided sequentially and run to max',
      });
      assert.equal(rounds[0].stopReasons, null);
      looksBefore = store.sequentialLooks('seq');
      const fast = looksBefore.filter((look) => look.claimId === 'too-fast');
      assert.deepEqual(fast.map((look) => [look.round, look.nA, look.decision]), [[1, 3, 'undecided'], [2, 5, 'supported'], [3, 5, 'supported']]);
      // Decided: the anytime p (1 / max E) reached α = 0.05 (one directional primary claim: Holm changes nothing).
      assert.ok(fast[1].anytimeP! <= 0.05 && fast[1].holmP === fast[1].anytimeP);
      assert.ok(fast[0].anytimeP! > 0.05);
      assert.ok(looksBefore.filter((look) => look.claimId === 'length').every((look) => look.decision === 'equivalence' && look.eFor === null));
    } finally {
      store.close();
    }

    const again = await runCli(['run', spec, '--db', dbPath, '--workers', '3', '--offline', '--backend', 'wasm']);
    assert.equal(again.code, 0, again.stderr);
    const after = readStore(dbPath);
    assert.equal(after.runs.length, runs.length);
    assert.deepEqual(after.runs.map((run) => run.startedAt), runs.map((run) => run.startedAt));
    const reread = openStore(dbPath, { readonly: true });
    try {
      assert.deepEqual(reread.sequentialLooks('seq'), looksBefore);
    } finally {
      reread.close();
    }
  } finally {
    cleanup();
  }
});

test('sharded rounds: rnnlab slurm plans each round from the merged database, shard tasks train its share, merge, again', { timeout: 300_000 }, async () => {
  const { dir, cleanup } = tempDir();
  try {
    const spec = writeSpec(dir, '{first: 1, start: 3, add: 2, max: 7}', CLAIMS);
    const merged = 'runs/merged.sqlite';
    const shardDb = (i: number) => `runs/shards/seq/shard-${i}-of-2.sqlite`;
    const trained: number[] = [];
    for (let round = 1; round <= 3; round++) {
      const slurm = await runCli(['slurm', spec, '--shards', '2', '--db', merged], { cwd: dir });
      assert.equal(slurm.code, 0, slurm.stderr);
      const pending = Number(/round (\d+) of the seed rule \(planned from runs\/merged\.sqlite\): (\d+) runs to train/.exec(slurm.stdout)?.[2]);
      assert.match(slurm.stdout, new RegExp(`^seq: round ${round} of the seed rule`));
      // Every array task plans the same round from the merged database.
      assert.match(readFileSync(join(dir, 'runs/slurm/seq/array.sbatch'), 'utf8'), /--plan-db runs\/merged\.sqlite/);
      trained.push(pending);
      for (const i of [0, 1]) {
        const task = await runCli(['run', spec, '--shard', `${i}/2`, '--plan-db', merged, '--workers', '2', '--offline', '--backend', 'wasm'], { cwd: dir });
        assert.equal(task.code, 0, task.stderr);
      }
      const merge = await runCli(['merge', shardDb(0), shardDb(1), '--into', merged], { cwd: dir });
      assert.equal(merge.code, 0, merge.stderr);
    }
    // The same rounds as the unsharded run: 9 runs, then 2 more seeds on 3 points, then 2 on the equivalence claim's 2.
    assert.deepEqual(trained, [9, 6, 4]);
    const done = await runCli(['slurm', spec, '--shards', '2', '--db', merged], { cwd: dir });
    assert.equal(done.code, 0, done.stderr);
    assert.equal(
      done.stdout,
      'seq: seed rule ended after round 3 (in runs/merged.sqlite); nothing more to train:\n' +
        '  too-fast: decided at round 2 (supported)\n' +
        '  length: reached max (7 seeds); equivalence claims are not decided sequentially and run to max\n',
    );
    const store = openStore(join(dir, merged), { readonly: true });
    try {
      assert.deepEqual(store.sequentialRounds('seq').map((round) => round.round), [1, 2, 3]);
      assert.equal(store.listRuns({ experiment: 'seq' }).length, 19);
    } finally {
      store.close();
    }
  } finally {
    cleanup();
  }
});
