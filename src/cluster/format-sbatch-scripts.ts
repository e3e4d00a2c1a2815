// The two sbatch scripts of a sharded sweep: an array job (task I trains shard I of N) and the merge job after it.
import { quoteShellWord as q } from './quote-shell-word.js';
import { shardFolder } from '../runner/shard-db-path.js';

export interface SlurmSweep {
  experimentName: string;
  /** The experiment file as `rnnlab run` inside the job gets it (relative to workDir, or absolute). */
  experimentFile: string;
  shards: number;
  partition: string | null;
  /** As given to --time (already checked), with its length in seconds. */
  time: { text: string; seconds: number } | null;
  cpusPerTask: number;
  mem: string | null;
  account: string | null;
  /** Absolute: the job's working directory, where runs/ lives; on a cluster, a shared filesystem. */
  workDir: string;
  /** Absolute paths of the node binary and of rnnlab's CLI entry (dist/src/cli/main.js). */
  nodePath: string;
  cliPath: string;
  /** Exported in the job before rnnlab starts (e.g. RNNLAB_CORPUS_DIR, absolute). */
  env: Record<string, string>;
  /** More arguments for every `rnnlab run` (--set …, --backend …). */
  runArgs: string[];
  /** The database the merge job writes (relative to workDir, or absolute). */
  mergeInto: string;
  /** Folder for the job logs, relative to workDir; it must exist before the job starts. */
  logDir: string;
  /** Where the merge script itself is written, relative to workDir (it may submit itself again). */
  mergeScript: string;
  packageVersion: string;
}

export interface SbatchScripts {
  array: string;
  merge: string;
}

/** Seconds before the time limit at which Slurm sends USR1 (at most half the limit, for short test limits). */
export function signalLeadSeconds(time: SlurmSweep['time']): number {
  return time === null ? 120 : Math.max(1, Math.min(120, Math.floor(time.seconds / 2)));
}

/** A task asks to be requeued at most this many times, so a run whose epoch never fits the limit cannot loop forever. */
export const MAX_SELF_REQUEUES = 20;

function resourceLines(sweep: SlurmSweep, cpus: number): string[] {
  return [
    `#SBATCH --ntasks=1`,
    `#SBATCH --cpus-per-task=${cpus}`,
    ...(sweep.time ? [`#SBATCH --time=${sweep.time.text}`] : []),
    ...(sweep.mem ? [`#SBATCH --mem=${sweep.mem}`] : []),
    ...(sweep.partition ? [`#SBATCH --partition=${sweep.partition}`] : []),
    ...(sweep.account ? [`#SBATCH --account=${sweep.account}`] : []),
    // #SBATCH lines are not shell words: Slurm reads the rest of the line as the value, spaces included.
    `#SBATCH --chdir=${sweep.workDir}`,
  ];
}

function preludeLines(sweep: SlurmSweep): string[] {
  return [
    'set -u',
    `cd ${q(sweep.workDir)} || exit 1`,
    ...Object.entries(sweep.env).map(([key, value]) => `export ${key}=${q(value)}`),
    `node=${q(sweep.nodePath)}`,
    `cli=${q(sweep.cliPath)}`,
    // The job runs on a compute node: node and rnnlab must be at these paths there too (a shared filesystem).
    `if [ ! -x "$node" ] || [ ! -f "$cli" ]; then`,
    `  echo "rnnlab: $node or $cli is missing on $(hostname -s): install rnnlab and node on a filesystem the compute nodes share" >&2`,
    `  exit 2`,
    `fi`,
  ];
}

export function formatSbatchScripts(sweep: SlurmSweep): SbatchScripts {
  const jobName = `rnnlab-${sweep.experimentName}`;
  const last = sweep.shards - 1;
  const lead = signalLeadSeconds(sweep.time);
  const runArgs = sweep.runArgs.map(q).join(' ');
  const array = [
    '#!/bin/bash',
    `# rnnlab ${sweep.packageVersion}: experiment ${sweep.experimentName} as a Slurm array job of ${sweep.shards} tasks; task I trains`,
    `# shard I of ${sweep.shards} into its own database, ${shardFolder(sweep.experimentName)}/shard-I-of-${sweep.shards}.sqlite (SQLite is never shared between hosts).`,
    `# Near the time limit Slurm sends USR1: rnnlab stops between two updates, keeps its checkpoints, and the task`,
    `# requeues itself; preemption (SIGTERM) stops it the same way and --requeue puts it back. A requeued task resumes.`,
    `#SBATCH --job-name=${jobName}`,
    `#SBATCH --array=0-${last}`,
    ...resourceLines(sweep, sweep.cpusPerTask),
    `#SBATCH --output=${sweep.logDir}/%x-%A_%a.out`,
    `#SBATCH --open-mode=append`,
    `#SBATCH --requeue`,
    `#SBATCH --signal=B:USR1@${lead}`,
    ...preludeLines(sweep),
    `task="\${SLURM_ARRAY_JOB_ID}_\${SLURM_ARRAY_TASK_ID}"`,
    `echo "rnnlab: task $task (shard \${SLURM_ARRAY_TASK_ID}/${sweep.shards}) on $(hostname -s), start $(( \${SLURM_RESTART_COUNT:-0} + 1 )), $(date -u +%FT%TZ)"`,
    // The shard is named explicitly rather than by --shard auto, so that resubmitting some tasks
    // (sbatch --array=2,5 …) still trains shards 2 and 5 of N, not of the smaller array.
    `"$node" "$cli" run ${q(sweep.experimentFile)} --shard "\${SLURM_ARRAY_TASK_ID}/${sweep.shards}" --workers "\${SLURM_CPUS_PER_TASK:-1}" --offline${runArgs ? ` ${runArgs}` : ''} &`,
    'rnnlab=$!',
    'requeue=0',
    // USR1 reaches only this shell (B:); rnnlab gets it from here. SIGTERM (scancel, preemption, requeue) reaches
    // every process of the job, rnnlab included, so the shell only keeps waiting for rnnlab to stop cleanly.
    `trap 'requeue=1; kill -USR1 "$rnnlab" 2>/dev/null' USR1`,
    `trap ':' TERM`,
    'while true; do',
    '  wait "$rnnlab"; code=$?',
    '  kill -0 "$rnnlab" 2>/dev/null || break # else a signal interrupted wait and rnnlab is still stopping',
    'done',
    'if [ "$requeue" = 1 ] && [ "$code" != 0 ]; then',
    `  if [ "\${SLURM_RESTART_COUNT:-0}" -ge ${MAX_SELF_REQUEUES} ]; then`,
    `    echo "rnnlab: task $task reached its time limit ${MAX_SELF_REQUEUES + 1} times; not requeueing it again (give it a longer --time)" >&2`,
    '    exit "$code"',
    '  fi',
    '  echo "rnnlab: time limit near: runs stopped at their checkpoints; requeueing task $task"',
    '  scontrol requeue "$task"',
    'fi',
    'exit "$code"',
    '',
  ].join('\n');

  const shardFiles = `${shardFolder(sweep.experimentName)}/shard-{0..${last}}-of-${sweep.shards}.sqlite`;
  const merge = [
    '#!/bin/bash',
    `# rnnlab ${sweep.packageVersion}: merges the ${sweep.shards} shard databases of experiment ${sweep.experimentName} into ${sweep.mergeInto}.`,
    `# Submitted as sbatch --dependency=afterany:ARRAY_JOB_ID merge.sbatch ARRAY_JOB_ID: it runs once every array task`,
    `# has ended, however it ended (without ARRAY_JOB_ID it merges at once);`,
    `# a missing shard database makes it fail with nothing merged, and running it again after a fix is safe.`,
    `#SBATCH --job-name=${jobName}-merge`,
    ...resourceLines(sweep, 1),
    `#SBATCH --output=${sweep.logDir}/%x-%j.out`,
    ...preludeLines(sweep),
    // afterany can be satisfied while a task that requeued itself still waits to start again (seen on Slurm 22.05):
    // merge only once the array has no task left, else hand over to a new merge job after the rest.
    'array="${1:-}"',
    'if [ -n "$array" ]; then',
    '  left="$(squeue -h -r -j "$array" -o %i 2>/dev/null | tr \'\\n\' \' \')"',
    '  if [ -n "${left// /}" ]; then',
    `    next="$(sbatch --parsable --dependency=afterany:"$array" ${q(sweep.mergeScript)} "$array")" || exit 1`,
    '    echo "rnnlab: array job $array still has tasks queued or running (${left% }); merging after them as job ${next%%;*}"',
    '    exit 0',
    '  fi',
    'fi',
    // Brace expansion names every shard, so a shard that never wrote its database is reported, not skipped.
    `"$node" "$cli" merge ${shardFiles} --into ${q(sweep.mergeInto)}`,
    '',
  ].join('\n');
  return { array, merge };
}
