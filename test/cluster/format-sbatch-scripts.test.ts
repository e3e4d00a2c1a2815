// The sbatch scripts run by bash as Slurm would run them, with stand-ins for node and scontrol that record what they
// get: the job's directory, environment and rnnlab command, the USR1 → stop → requeue path, SIGTERM, the merge line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatSbatchScripts, MAX_SELF_REQUEUES, signalLeadSeconds, type SlurmSweep } from '../../src/cluster/format-sbatch-scripts.js';

/** A work dir (rnnlab slurm refuses one that #SBATCH lines cannot carry), paths with spaces elsewhere, a fake node that logs and obeys FAKE_RNNLAB, a fake scontrol. */
function setUp(): { dir: string; workDir: string; bin: string; log: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-sbatch-'));
  const workDir = join(dir, 'lab-work');
  const bin = join(dir, "b'in dir");
  mkdirSync(workDir);
  mkdirSync(bin);
  const log = join(dir, 'log');
  // The fake rnnlab: records cwd, args and env; then behaves as FAKE_RNNLAB says.
  writeFileSync(
    join(bin, 'node'),
    `#!/bin/bash
{ echo "cwd=$(pwd)"; echo "args=$*"; echo "corpus=$RNNLAB_CORPUS_DIR"; } >>${JSON.stringify(log)}
case "$FAKE_RNNLAB" in
  exit0) exit 0 ;;
  exit1) exit 1 ;;
  # Train until a signal: USR1 or TERM → record it and exit 130, as rnnlab run does.
  train) trap 'echo "rnnlab got USR1" >>${JSON.stringify(log)}; exit 130' USR1
         trap 'echo "rnnlab got TERM" >>${JSON.stringify(log)}; exit 130' TERM
         echo "started $$" >>${JSON.stringify(log)}
         while true; do sleep 0.05; done ;;
esac
`,
  );
  writeFileSync(join(bin, 'scontrol'), `#!/bin/bash\necho "scontrol $*" >>${JSON.stringify(log)}\n`);
  // squeue lists what FAKE_SQUEUE says is left of the array; sbatch logs and answers like --parsable.
  writeFileSync(join(bin, 'squeue'), `#!/bin/bash\necho "squeue $*" >>${JSON.stringify(log)}\nprintf '%s' "$FAKE_SQUEUE"\n`);
  writeFileSync(join(bin, 'sbatch'), `#!/bin/bash\necho "sbatch $*" >>${JSON.stringify(log)}\necho "78;cluster"\n`);
  chmodSync(join(bin, 'squeue'), 0o755);
  chmodSync(join(bin, 'sbatch'), 0o755);
  writeFileSync(join(dir, 'main.js'), '');
  chmodSync(join(bin, 'node'), 0o755);
  chmodSync(join(bin, 'scontrol'), 0o755);
  return { dir, workDir, bin, log, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function sweepIn(dir: string, workDir: string, bin: string, overrides: Partial<SlurmSweep> = {}): SlurmSweep {
  return {
    experimentName: 'tiny',
    experimentFile: 'experiments/my tiny.yaml',
    shards: 3,
    partition: 'gpu,cpu',
    time: { text: '4:00:00', seconds: 4 * 3600 },
    cpusPerTask: 2,
    mem: '4G',
    account: 'lab-42',
    workDir,
    nodePath: join(bin, 'node'),
    cliPath: join(dir, 'main.js'),
    env: { RNNLAB_CORPUS_DIR: join(dir, 'the corpus') },
    runArgs: ['--set', 'seeds=[1, 2]'],
    mergeInto: 'runs/rnnlab.sqlite',
    logDir: 'runs/slurm/tiny',
    mergeScript: 'runs/slurm/tiny/merge.sbatch',
    packageVersion: '9.9.9',
    ...overrides,
  };
}

/** The #SBATCH options of a script, in order. */
function sbatchOptions(script: string): string[] {
  return script.split('\n').filter((line) => line.startsWith('#SBATCH ')).map((line) => line.slice('#SBATCH '.length));
}

/** Runs a script with bash as slurmstepd would: in the work dir, with the array task's environment. */
function startScript(path: string, env: Record<string, string>, cwd: string) {
  const child = spawn('bash', [path], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const done = new Promise<number | null>((resolveDone) => child.on('close', (code) => resolveDone(code)));
  return { child, done, output: () => output };
}

async function waitForText(path: string, text: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(existsSync(path) && readFileSync(path, 'utf8').includes(text))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for "${text}" in ${path}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 20));
  }
}

const taskEnv = (bin: string, mode: string, extra: Record<string, string> = {}) => ({
  PATH: `${bin}:${process.env.PATH}`,
  FAKE_RNNLAB: mode,
  SLURM_ARRAY_JOB_ID: '77',
  SLURM_ARRAY_TASK_ID: '1',
  SLURM_CPUS_PER_TASK: '2',
  ...extra,
});

test('the array script asks Slurm for an array of N tasks with requeue and a USR1 warning; the merge job for one core', () => {
  const { dir, workDir, bin, cleanup } = setUp();
  try {
    const { array, merge } = formatSbatchScripts(sweepIn(dir, workDir, bin));
    assert.deepEqual(sbatchOptions(array), [
      '--job-name=rnnlab-tiny',
      '--array=0-2',
      '--ntasks=1',
      '--cpus-per-task=2',
      '--time=4:00:00',
      '--mem=4G',
      '--partition=gpu,cpu',
      '--account=lab-42',
      `--chdir=${workDir}`,
      '--output=runs/slurm/tiny/%x-%A_%a.out',
      '--open-mode=append',
      '--requeue',
      '--signal=B:USR1@120',
    ]);
    assert.deepEqual(sbatchOptions(merge), [
      '--job-name=rnnlab-tiny-merge',
      '--ntasks=1',
      '--cpus-per-task=1',
      '--time=4:00:00',
      '--mem=4G',
      '--partition=gpu,cpu',
      '--account=lab-42',
      `--chdir=${workDir}`,
      '--output=runs/slurm/tiny/%x-%j.out',
    ]);
    // Options left out are not written: the cluster's defaults apply.
    const bare = formatSbatchScripts(sweepIn(dir, workDir, bin, { time: null, mem: null, partition: null, account: null }));
    assert.deepEqual(sbatchOptions(bare.array).filter((line) => /^--(time|mem|partition|account)=/.test(line)), []);
    for (const script of [array, merge]) assert.equal(spawnSync('bash', ['-n'], { input: script }).status, 0);
  } finally {
    cleanup();
  }
});

test('the USR1 warning comes 2 minutes before the limit, or at half a limit shorter than 4 minutes', () => {
  assert.equal(signalLeadSeconds(null), 120);
  assert.equal(signalLeadSeconds({ text: '4:00:00', seconds: 14400 }), 120);
  assert.equal(signalLeadSeconds({ text: '3', seconds: 180 }), 90);
  assert.equal(signalLeadSeconds({ text: '0:01', seconds: 1 }), 1);
});

test('a task runs rnnlab run on its own shard in the work dir, with the corpus exported, and exits with its code', async () => {
  const { dir, workDir, bin, log, cleanup } = setUp();
  try {
    const scriptPath = join(dir, 'array.sbatch');
    writeFileSync(scriptPath, formatSbatchScripts(sweepIn(dir, workDir, bin)).array);
    // Run from elsewhere: the script must cd itself (sbatch --chdir does it on a cluster, the cd is the fallback).
    const ok = startScript(scriptPath, taskEnv(bin, 'exit0'), dir);
    assert.equal(await ok.done, 0, ok.output());
    assert.equal(
      readFileSync(log, 'utf8'),
      [
        `cwd=${workDir}`,
        `args=${join(dir, 'main.js')} run experiments/my tiny.yaml --shard 1/3 --workers 2 --offline --set seeds=[1, 2]`,
        `corpus=${join(dir, 'the corpus')}`,
        '',
      ].join('\n'),
    );
    assert.match(ok.output(), /^rnnlab: task 77_1 \(shard 1\/3\) on \S+, start 1, \d{4}-\d\d-\d\dT/);
    const failed = startScript(scriptPath, taskEnv(bin, 'exit1', { SLURM_RESTART_COUNT: '2' }), dir);
    assert.equal(await failed.done, 1);
    assert.match(failed.output(), /, start 3, /);
    assert.doesNotMatch(readFileSync(log, 'utf8'), /scontrol/); // a failure is not requeued by the script
  } finally {
    cleanup();
  }
});

test('USR1 (the time-limit warning) reaches rnnlab, and once it has stopped the task requeues itself', async () => {
  const { dir, workDir, bin, log, cleanup } = setUp();
  try {
    const scriptPath = join(dir, 'array.sbatch');
    writeFileSync(scriptPath, formatSbatchScripts(sweepIn(dir, workDir, bin)).array);
    const task = startScript(scriptPath, taskEnv(bin, 'train'), dir);
    await waitForText(log, 'started');
    task.child.kill('SIGUSR1'); // B:USR1 signals only the batch shell
    assert.equal(await task.done, 130, task.output());
    const lines = readFileSync(log, 'utf8').split('\n');
    assert.deepEqual(lines.slice(-3), ['rnnlab got USR1', 'scontrol requeue 77_1', '']);
    assert.match(task.output(), /rnnlab: time limit near: runs stopped at their checkpoints; requeueing task 77_1\n/);
  } finally {
    cleanup();
  }
});

test(`a task that hit its limit ${MAX_SELF_REQUEUES + 1} times is not requeued again`, async () => {
  const { dir, workDir, bin, log, cleanup } = setUp();
  try {
    const scriptPath = join(dir, 'array.sbatch');
    writeFileSync(scriptPath, formatSbatchScripts(sweepIn(dir, workDir, bin)).array);
    const task = startScript(scriptPath, taskEnv(bin, 'train', { SLURM_RESTART_COUNT: String(MAX_SELF_REQUEUES) }), dir);
    await waitForText(log, 'started');
    task.child.kill('SIGUSR1');
    assert.equal(await task.done, 130);
    assert.doesNotMatch(readFileSync(log, 'utf8'), /scontrol/);
    assert.match(
      task.output(),
      /rnnlab: task 77_1 reached its time limit 21 times; not requeueing it again \(give it a longer --time\)\n/,
    );
  } finally {
    cleanup();
  }
});

test('SIGTERM to the shell (scancel, preemption) does not cut rnnlab short and does not requeue from the script', async () => {
  const { dir, workDir, bin, log, cleanup } = setUp();
  try {
    const scriptPath = join(dir, 'array.sbatch');
    writeFileSync(scriptPath, formatSbatchScripts(sweepIn(dir, workDir, bin)).array);
    const task = startScript(scriptPath, taskEnv(bin, 'train'), dir);
    await waitForText(log, 'started');
    task.child.kill('SIGTERM');
    // The shell keeps waiting: rnnlab is still running (Slurm signals it itself).
    await new Promise((resolveWait) => setTimeout(resolveWait, 300));
    assert.equal(task.child.exitCode, null);
    // Slurm signals every process of the job; here the fake rnnlab gets its SIGTERM from the test.
    const rnnlabPid = Number(/^started (\d+)$/m.exec(readFileSync(log, 'utf8'))![1]);
    process.kill(rnnlabPid, 'SIGTERM');
    assert.equal(await task.done, 130);
    assert.doesNotMatch(readFileSync(log, 'utf8'), /scontrol/);
  } finally {
    cleanup();
  }
});

test('the merge job names every shard database and the target', async () => {
  const { dir, workDir, bin, log, cleanup } = setUp();
  try {
    const scriptPath = join(dir, 'merge.sbatch');
    writeFileSync(scriptPath, formatSbatchScripts(sweepIn(dir, workDir, bin, { mergeInto: 'out/all results.sqlite' })).merge);
    const merge = startScript(scriptPath, { PATH: `${bin}:${process.env.PATH}`, FAKE_RNNLAB: 'exit0' }, dir);
    assert.equal(await merge.done, 0, merge.output());
    assert.equal(
      readFileSync(log, 'utf8').split('\n')[1],
      `args=${join(dir, 'main.js')} merge runs/shards/tiny/shard-0-of-3.sqlite runs/shards/tiny/shard-1-of-3.sqlite ` +
        'runs/shards/tiny/shard-2-of-3.sqlite --into out/all results.sqlite',
    );
  } finally {
    cleanup();
  }
});

test('a merge job that finds array tasks still left (afterany met too early) submits itself again after them', async () => {
  const { dir, workDir, bin, log, cleanup } = setUp();
  try {
    const scriptPath = join(dir, 'merge.sbatch');
    writeFileSync(scriptPath, formatSbatchScripts(sweepIn(dir, workDir, bin)).merge);
    const env = { PATH: `${bin}:${process.env.PATH}`, FAKE_RNNLAB: 'exit0', FAKE_SQUEUE: '77_1\n77_2\n' };
    const early = spawn('bash', [scriptPath, '77'], { cwd: dir, env: { ...process.env, ...env } });
    let output = '';
    early.stdout.on('data', (chunk) => (output += chunk));
    assert.equal(await new Promise((resolveDone) => early.on('close', resolveDone)), 0);
    assert.equal(output, 'rnnlab: array job 77 still has tasks queued or running (77_1 77_2); merging after them as job 78\n');
    assert.equal(
      readFileSync(log, 'utf8'),
      'squeue -h -r -j 77 -o %i\nsbatch --parsable --dependency=afterany:77 runs/slurm/tiny/merge.sbatch 77\n',
    );
    // Nothing left: it merges.
    rmSync(log);
    const done = spawn('bash', [scriptPath, '77'], { cwd: dir, env: { ...process.env, ...env, FAKE_SQUEUE: '' } });
    assert.equal(await new Promise((resolveDone) => done.on('close', resolveDone)), 0);
    assert.match(readFileSync(log, 'utf8'), /^squeue -h -r -j 77 -o %i\ncwd=.*\nargs=\S+ merge runs\/shards\/tiny\/shard-0-of-3\.sqlite /);
  } finally {
    cleanup();
  }
});

test('a node or CLI missing on the compute node: exit 2 with a message saying where', async () => {
  const { dir, workDir, bin, cleanup } = setUp();
  try {
    const scriptPath = join(dir, 'array.sbatch');
    writeFileSync(scriptPath, formatSbatchScripts(sweepIn(dir, workDir, bin, { nodePath: '/nowhere/node' })).array);
    const task = startScript(scriptPath, taskEnv(bin, 'exit0'), dir);
    assert.equal(await task.done, 2);
    assert.match(
      task.output(),
      new RegExp(`^rnnlab: /nowhere/node or ${join(dir, 'main.js')} is missing on \\S+: install rnnlab and node on a filesystem the compute nodes share\\n$`),
    );
  } finally {
    cleanup();
  }
});
