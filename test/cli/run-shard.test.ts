// `rnnlab run --shard` through the real CLI: bad shard input writes nothing, the split printed by --dry-run, and
// three shards that together train exactly the grid, each into its own database under runs/shards/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { readStore, tempDir, tinySweepSpec } from './run-sweep-helpers.js';
import { dumpDatabase } from '../helpers/shard-fixtures.js';

/** The environment of a process outside any scheduler (the test itself might run under one). */
const noScheduler = { SLURM_ARRAY_TASK_ID: '', SLURM_ARRAY_TASK_COUNT: '', JOB_COMPLETION_INDEX: '' };

test('bad --shard input: exit 2, the message, nothing written', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const cases: [string[], string][] = [
      [['--shard', '3/3'], '--shard 3/3: the shard index must be below the shard count (0 to 2 for 3 shards)\n'],
      [['--shard', 'x'], '--shard must be I/N (shard I of N, counted from 0, e.g. 0/4) or auto; got "x"\n'],
      [['--shard', '1/0'], '--shard 1/0: the shard count must be at least 1\n'],
      [
        ['--shard', 'auto'],
        '--shard auto: not inside a Slurm array job (SLURM_ARRAY_TASK_ID is unset) nor a Kubernetes Indexed Job ' +
          '(JOB_COMPLETION_INDEX is unset); outside a scheduler give the shard explicitly, e.g. --shard 0/4\n',
      ],
      [['--shards', '3'], '--shards goes with --shard auto (Kubernetes Indexed Jobs)\n'],
      [['--shard-balance', 'cost'], '--shard-balance goes with --shard\n'],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(['run', tinySweepSpec, ...args], { cwd: dir, env: noScheduler });
      assert.equal(result.code, 2, args.join(' '));
      assert.equal(result.stderr, message);
      assert.deepEqual(readdirSync(dir), [], `${args.join(' ')} wrote something`);
    }
    const balance = await runCli(['run', tinySweepSpec, '--shard', '0/2', '--shard-balance', 'time'], { cwd: dir });
    assert.equal(balance.code, 2);
    assert.match(balance.stderr, /argument 'time' is invalid. Allowed choices are count, cost/);
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    cleanup();
  }
});

test('--dry-run with --shard prints the whole split, this shard marked, and writes nothing', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const result = await runCli(['run', tinySweepSpec, '--shard', '1/3', '--dry-run'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.split('\n');
    assert.equal(
      lines[0],
      'tiny-sweep: shard 1 of 3 (--shard 1/3), split by run count; this shard writes runs/shards/tiny-sweep/shard-1-of-3.sqlite',
    );
    const shardLines = lines.slice(1, 4);
    assert.match(shardLines[0], /^ {2}shard 0: 2 runs, ~\d+\.\d GFLOP \(\d+%\): [0-9a-f]{12} [0-9a-f]{12}$/);
    assert.match(shardLines[1], /^\* shard 1: 1 run, ~\d+\.\d GFLOP \(\d+%\): [0-9a-f]{12}$/);
    assert.match(shardLines[2], /^ {2}shard 2: 1 run, /);
    assert.equal(lines[4], 'tiny-sweep: 1 run, 1 would be trained, 0 skipped (dry run: nothing written)');
    const mine = shardLines[1].split(': ').at(-1)!;
    assert.match(result.stdout, new RegExp(`│ 1 │ ${mine} │`));
    assert.deepEqual(readdirSync(dir), []);

    const cost = await runCli(['run', tinySweepSpec, '--shard', '0/2', '--shard-balance', 'cost', '--dry-run'], { cwd: dir });
    assert.match(cost.stdout, /split by estimated cost/);
    // The rnncf runs cost more than the rnn runs (context path): LPT puts one of each model in each shard.
    assert.match(cost.stdout, /\* shard 0: 2 runs, ~\d+\.\d GFLOP \(50%\)/);
  } finally {
    cleanup();
  }
});

test('three shards, each its own database under runs/shards/EXPERIMENT, together train exactly the grid', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const ids: string[][] = [];
    for (let index = 0; index < 3; index++) {
      // Shard 1 comes from a Slurm-like environment, shard 2 from a Kubernetes-like one; both mean the same split.
      const env =
        index === 1
          ? { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '3' }
          : index === 2
            ? { ...noScheduler, JOB_COMPLETION_INDEX: '2' }
            : noScheduler;
      const shardArgs = index === 0 ? ['--shard', '0/3'] : index === 1 ? ['--shard', 'auto'] : ['--shard', 'auto', '--shards', '3'];
      const result = await runCli(['run', tinySweepSpec, ...shardArgs, '--workers', '1', '--backend', 'cpu'], { cwd: dir, env });
      assert.equal(result.code, 0, result.stderr);
      const dbPath = join(dir, 'runs', 'shards', 'tiny-sweep', `shard-${index}-of-3.sqlite`);
      assert.match(result.stdout, new RegExp(`\\[runs/shards/tiny-sweep/shard-${index}-of-3\\.sqlite\\]\\n$`));
      const source = ['0/3', 'auto: SLURM_ARRAY_TASK_ID=2, SLURM_ARRAY_TASK_MIN=1, SLURM_ARRAY_TASK_MAX=3', 'auto: JOB_COMPLETION_INDEX=2, --shards 3'][index];
      assert.ok(
        result.stderr.startsWith(
          `tiny-sweep: shard ${index} of 3 (--shard ${source}): ${index === 0 ? 2 : 1} of 4 runs, into runs/shards/tiny-sweep/shard-${index}-of-3.sqlite\n`,
        ),
        result.stderr,
      );
      const { runs } = readStore(dbPath);
      assert.ok(runs.every((run) => run.status === 'finished'));
      ids.push(runs.map((run) => run.id));
    }
    assert.deepEqual(ids.map((shard) => shard.length), [2, 1, 1]);
    assert.ok(existsSync(join(dir, 'runs', 'shards', 'tiny-sweep', 'checkpoints', `${ids[1][0]}.json`)));
    assert.equal(existsSync(join(dir, 'runs', 'rnnlab.sqlite')), false);

    // The whole grid, run in one database, has exactly the union of the shards' run ids.
    const whole = await runCli(['run', tinySweepSpec, '--dry-run'], { cwd: dir });
    const gridIds = [...whole.stdout.matchAll(/│ \d+ │ ([0-9a-f]{12}) │/g)].map((match) => match[1]);
    assert.deepEqual(ids.flat().sort(), gridIds.sort());

    // More shards than runs: an empty shard says so, and writes its database all the same (a merge of every
    // shard's file finds it), holding the experiment and no runs.
    const empty = await runCli(['run', tinySweepSpec, '--shard', '4/5', '--workers', '1'], { cwd: dir });
    assert.equal(empty.code, 0, empty.stderr);
    assert.equal(empty.stdout, 'tiny-sweep: shard 4 of 5 has no runs (the grid has 4)  [runs/shards/tiny-sweep/shard-4-of-5.sqlite]\n');
    const emptyDb = join(dir, 'runs', 'shards', 'tiny-sweep', 'shard-4-of-5.sqlite');
    assert.deepEqual(readStore(emptyDb).runs, []);
    assert.deepEqual((dumpDatabase(emptyDb).experiments as { name: string }[]).map((e) => e.name), ['tiny-sweep']);

    // --db with --shard: this shard's database is the one named.
    const named = join(dir, 'elsewhere', 'mine.sqlite');
    const explicit = await runCli(['run', tinySweepSpec, '--shard', '1/3', '--db', named, '--workers', '1', '--backend', 'cpu'], { cwd: dir });
    assert.equal(explicit.code, 0, explicit.stderr);
    assert.deepEqual(readStore(named).runs.map((run) => run.id), ids[1]);
  } finally {
    cleanup();
  }
});
