// `rnnlab slurm` through the real CLI: the scripts it writes and prints, --submit against a stand-in sbatch, and every
// bad input (exit 2, exact message, nothing written).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/results-store.js';
import { runCli } from '../helpers/run-cli.js';
import { cliPath } from '../helpers/paths.js';
import { tinySweepSpec } from './run-sweep-helpers.js';

function tempWorkDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-slurm-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A stand-in sbatch that logs its arguments and answers like `sbatch --parsable` (ids 41, 42, …). */
function fakeSbatch(dir: string, behaviour = ''): { bin: string; log: string } {
  const bin = join(dir, 'bin');
  const log = join(dir, 'sbatch.log');
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'sbatch'),
    `#!/bin/bash
echo "$PWD: $*" >>${JSON.stringify(log)}
n=$(wc -l <${JSON.stringify(log)})
${behaviour}
echo "$((40 + n));cluster-a"
`,
  );
  chmodSync(join(bin, 'sbatch'), 0o755);
  return { bin, log };
}

test('writes the array and merge scripts, says where and how to submit them', async () => {
  const { dir, cleanup } = tempWorkDir();
  try {
    const result = await runCli(['slurm', tinySweepSpec, '--shards', '3', '--time', '30', '--partition', 'short'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    assert.equal(
      result.stdout,
      [
        'wrote runs/slurm/tiny-sweep/array.sbatch: array job of 3 tasks, the 4 runs split into 3 shards, each into runs/shards/tiny-sweep/shard-I-of-3.sqlite',
        'wrote runs/slurm/tiny-sweep/merge.sbatch: merges the 3 shard databases into runs/rnnlab.sqlite once the array has ended',
        'submit both (the merge job waits for every array task):',
        '  jobid=$(sbatch --parsable runs/slurm/tiny-sweep/array.sbatch) && sbatch --dependency=afterany:${jobid%%;*} runs/slurm/tiny-sweep/merge.sbatch ${jobid%%;*}',
        'or run the same command with --submit',
        '',
      ].join('\n'),
    );
    const array = readFileSync(join(dir, 'runs/slurm/tiny-sweep/array.sbatch'), 'utf8');
    assert.match(array, /^#SBATCH --array=0-2$/m);
    assert.match(array, /^#SBATCH --time=30$/m);
    assert.match(array, /^#SBATCH --partition=short$/m);
    assert.match(array, /^#SBATCH --signal=B:USR1@120$/m);
    assert.match(array, new RegExp(`^#SBATCH --chdir=${dir}$`, 'm'));
    // The job runs this very node and CLI by absolute path.
    assert.match(array, new RegExp(`^node=${process.execPath}$`, 'm'));
    assert.match(array, new RegExp(`^cli=${cliPath}$`, 'm'));
    assert.match(array, /--shard "\$\{SLURM_ARRAY_TASK_ID\}\/3"/);
    // The log folder exists before any job starts (Slurm does not create it).
    assert.ok(existsSync(join(dir, 'runs/slurm/tiny-sweep')));
    assert.match(readFileSync(join(dir, 'runs/slurm/tiny-sweep/merge.sbatch'), 'utf8'), /merge runs\/shards\/tiny-sweep\/shard-\{0\.\.2\}-of-3\.sqlite --into runs\/rnnlab\.sqlite$/m);
  } finally {
    cleanup();
  }
});

test('--set, --reuse and --backend reach every task; RNNLAB_CORPUS_DIR and --reuse as absolute paths', async () => {
  const { dir, cleanup } = tempWorkDir();
  try {
    // tiny-sweep names its corpus explicitly; this file leaves it to RNNLAB_CORPUS_DIR.
    writeFileSync(join(dir, 'plain.yaml'), 'name: plain\nseeds: [1, 2]\n');
    mkdirSync(join(dir, 'corpus'));
    openStore(join(dir, 'earlier.sqlite')).close();
    const result = await runCli(['slurm', 'plain.yaml', '--shards', '2', '--set', 'train.num_steps=2', '--reuse', 'earlier.sqlite', '--backend', 'wasm'], {
      cwd: dir,
      env: { RNNLAB_CORPUS_DIR: 'corpus', RNNLAB_NATIVE: '0' },
    });
    assert.equal(result.code, 0, result.stderr);
    const array = readFileSync(join(dir, 'runs/slurm/plain/array.sbatch'), 'utf8');
    assert.match(array, new RegExp(`^export RNNLAB_CORPUS_DIR=${join(dir, 'corpus')}$`, 'm'));
    assert.match(array, /^export RNNLAB_NATIVE=0$/m);
    assert.ok(
      array.includes(
        `run plain.yaml --shard "\${SLURM_ARRAY_TASK_ID}/2" --workers "\${SLURM_CPUS_PER_TASK:-1}" --offline --set train.num_steps=2 ` +
          `--reuse ${join(dir, 'earlier.sqlite')} --backend wasm &\n`,
      ),
      array,
    );
  } finally {
    cleanup();
  }
});

test('--submit: the array first, then the merge job afterany the array; prints the ids and how to watch them', async () => {
  const { dir, cleanup } = tempWorkDir();
  try {
    const { bin, log } = fakeSbatch(dir);
    const result = await runCli(['slurm', tinySweepSpec, '--shards', '2', '--submit'], {
      cwd: dir,
      env: { PATH: `${bin}:${process.env.PATH}` },
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      readFileSync(log, 'utf8'),
      `${dir}: --parsable runs/slurm/tiny-sweep/array.sbatch\n` +
        `${dir}: --parsable --dependency=afterany:41 runs/slurm/tiny-sweep/merge.sbatch 41\n`,
    );
    assert.equal(
      result.stdout.split('\n').slice(2).join('\n'),
      [
        'submitted array job 41 (tasks 41_0…41_1) and merge job 42 (after the array ends)',
        'watch:   squeue -j 41,42',
        'history: sacct -j 41,42 --format=JobID,JobName%28,State,Elapsed,ExitCode',
        'logs:    runs/slurm/tiny-sweep/rnnlab-tiny-sweep-41_*.out, runs/slurm/tiny-sweep/rnnlab-tiny-sweep-merge-42.out',
        'results: runs/rnnlab.sqlite once job 42 has run; meanwhile rnnlab status --db runs/shards/tiny-sweep/',
        '',
      ].join('\n'),
    );
  } finally {
    cleanup();
  }
});

test('--submit when sbatch refuses: its message, exit 1; when the merge submission fails: how to submit it by hand', async () => {
  const { dir, cleanup } = tempWorkDir();
  try {
    const { bin } = fakeSbatch(dir, 'if [ "$n" = 1 ]; then echo "sbatch: error: invalid partition specified: nope" >&2; exit 1; fi');
    const refused = await runCli(['slurm', tinySweepSpec, '--shards', '2', '--submit'], { cwd: dir, env: { PATH: `${bin}:${process.env.PATH}` } });
    assert.equal(refused.code, 1);
    assert.equal(
      refused.stderr,
      'sbatch runs/slurm/tiny-sweep/array.sbatch failed (exit 1):\nsbatch: error: invalid partition specified: nope\n',
    );
    const second = tempWorkDir();
    try {
      const { bin: bin2 } = fakeSbatch(second.dir, 'if [ "$n" = 2 ]; then echo "sbatch: error: Job dependency problem" >&2; exit 1; fi');
      const half = await runCli(['slurm', tinySweepSpec, '--shards', '2', '--submit'], { cwd: second.dir, env: { PATH: `${bin2}:${process.env.PATH}` } });
      assert.equal(half.code, 1);
      assert.equal(
        half.stderr,
        'sbatch --dependency=afterany:41 runs/slurm/tiny-sweep/merge.sbatch 41 failed (exit 1):\nsbatch: error: Job dependency problem\n' +
          'the array job 41 is queued; submit the merge by hand: sbatch --dependency=afterany:41 runs/slurm/tiny-sweep/merge.sbatch 41\n',
      );
    } finally {
      second.cleanup();
    }
  } finally {
    cleanup();
  }
});

test('bad input: exit 2, the exact message, nothing written', async () => {
  const { dir, cleanup } = tempWorkDir();
  try {
    const emptyPath = join(dir, 'empty-path');
    mkdirSync(emptyPath);
    writeFileSync(join(dir, 'notes.sqlite'), 'plain text, not a results database\n'.repeat(8));
    const cases: [string[], string, NodeJS.ProcessEnv?][] = [
      [['slurm', tinySweepSpec], '--shards is required'],
      [['slurm', tinySweepSpec, '--shards', '0'], '--shards must be a positive integer; got "0"'],
      [['slurm', tinySweepSpec, '--shards', 'x'], '--shards must be a positive integer; got "x"'],
      [
        ['slurm', tinySweepSpec, '--shards', '5'],
        `--shards 5: ${tinySweepSpec} has 4 runs, so some shards would have none; use at most --shards 4`,
      ],
      [['slurm', tinySweepSpec, '--shards', '2', '--time', '2h'], '--time "2h": not a Slurm time limit; use M, M:S, H:M:S, D-H, D-H:M or D-H:M:S (e.g. 90, 4:00:00, 1-12)'],
      [['slurm', tinySweepSpec, '--shards', '2', '--cpus-per-task', '0'], '--cpus-per-task must be a positive integer; got "0"'],
      [['slurm', tinySweepSpec, '--shards', '2', '--mem', '4GB'], '--mem "4GB": use a size as sbatch takes it, e.g. 4G, 500M or 4096 (MB)'],
      [['slurm', tinySweepSpec, '--shards', '2', '--partition', 'a b'], '--partition "a b": only letters, digits, ".", "_", "-" (and "," between partitions)'],
      [['slurm', tinySweepSpec, '--shards', '2', '--account', 'x;rm'], '--account "x;rm": only letters, digits, ".", "_", "-" (and "," between partitions)'],
      [
        ['slurm', tinySweepSpec, '--shards', '2', '--set', 'train.num_unrol=3'],
        `${tinySweepSpec}: --set /train unknown key "num_unrol" (did you mean "num_unroll"?)`,
      ],
      [['slurm', tinySweepSpec, '--shards', '2', '--reuse', ''], '--reuse needs a results database path, got ""'],
      [['slurm', tinySweepSpec, '--shards', '2', '--reuse', 'gone.sqlite'], 'gone.sqlite: no such file'],
      [['slurm', tinySweepSpec, '--shards', '2', '--reuse', 'notes.sqlite'], 'notes.sqlite: not an SQLite database (file is not a database)'],
      [
        ['slurm', tinySweepSpec, '--shards', '2', '--submit'],
        '--submit: sbatch is not on PATH; run this on a Slurm login node, or leave out --submit and submit the written scripts there',
        { PATH: emptyPath },
      ],
    ];
    for (const [args, message, env] of cases) {
      const result = await runCli(args, { cwd: dir, env });
      assert.equal(result.stderr, `${message}\n`, args.join(' '));
      assert.equal(result.code, 2, args.join(' '));
      assert.equal(result.stdout, '');
    }
    assert.ok(!existsSync(join(dir, 'runs')), 'nothing written');
  } finally {
    cleanup();
  }
});

test('a corpus that is not there yet: exit 2 before anything is written, saying why it must be', async () => {
  const { dir, cleanup } = tempWorkDir();
  try {
    writeFileSync(join(dir, 'plain.yaml'), 'name: plain\n');
    const result = await runCli(['slurm', 'plain.yaml', '--shards', '1'], { cwd: dir, env: { RNNLAB_CORPUS_DIR: join(dir, 'nope') } });
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      'the jobs run --offline (compute nodes often have no network, and N tasks must not download at once), so the ' +
        'corpus must be in place before their scripts are written:\n' +
        `corpus directory not found: ${join(dir, 'nope')} (from RNNLAB_CORPUS_DIR). To download the Grimm stories there: rnnlab corpus fetch --to ${join(dir, 'nope')}\n`,
    );
    assert.ok(!existsSync(join(dir, 'runs')));
  } finally {
    cleanup();
  }
});

test('a working directory #SBATCH --chdir cannot carry: exit 2, nothing written', async () => {
  const { dir, cleanup } = tempWorkDir();
  try {
    const spaced = join(dir, 'my lab');
    mkdirSync(spaced);
    const result = await runCli(['slurm', tinySweepSpec, '--shards', '2'], { cwd: spaced });
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      `the working directory ${spaced} has a space, quote or other character that #SBATCH --chdir cannot carry safely; ` +
        'run rnnlab slurm from a directory whose path has none\n',
    );
    assert.ok(!existsSync(join(spaced, 'runs')));
  } finally {
    cleanup();
  }
});
