// Which shard of a sweep this process trains: `--shard I/N`, or `--shard auto` read from a Slurm array task or a
// Kubernetes Indexed Job's environment.
import { UserError } from '../config/user-error.js';

export interface Shard {
  /** 0-based shard index, below `count`. */
  index: number;
  count: number;
  /** Where I and N came from, for messages: "--shard 1/3", "SLURM_ARRAY_TASK_ID=1 of SLURM_ARRAY_TASK_COUNT=3". */
  source: string;
}

export type Environment = Readonly<Record<string, string | undefined>>;

const FORMAT_HINT = 'I/N (shard I of N, counted from 0, e.g. 0/4) or auto';

function checkIndexInRange(index: number, count: number, source: string): void {
  if (count < 1) throw new UserError(`--shard ${source}: the shard count must be at least 1`);
  if (index >= count) {
    throw new UserError(
      `--shard ${source}: the shard index must be below the shard count (0 to ${count - 1} for ${count} shard${count === 1 ? '' : 's'})`,
    );
  }
}

/** A non-negative integer from an environment variable, or undefined when it is unset. */
function envInteger(env: Environment, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  if (!/^\d+$/.test(text.trim())) throw new UserError(`--shard auto: ${name} must be a non-negative integer; got "${text}"`);
  return Number(text.trim());
}

/** `--shards N` as given to --shard auto (Kubernetes: the Job's completions). */
function parseShardCount(text: string): number {
  if (!/^\d+$/.test(text)) throw new UserError(`--shards must be a positive integer; got "${text}"`);
  const count = Number(text);
  if (count < 1) throw new UserError(`--shards must be a positive integer; got "${text}"`);
  return count;
}

/** Slurm array task: I = ID − MIN, N = COUNT (or MAX − MIN + 1); the array must be contiguous (no step). */
function slurmShard(env: Environment, shards: number | undefined): Shard {
  const id = envInteger(env, 'SLURM_ARRAY_TASK_ID')!;
  const min = envInteger(env, 'SLURM_ARRAY_TASK_MIN');
  const max = envInteger(env, 'SLURM_ARRAY_TASK_MAX');
  const taskCount = envInteger(env, 'SLURM_ARRAY_TASK_COUNT');
  const span = min !== undefined && max !== undefined ? max - min + 1 : undefined;
  if (taskCount === undefined && span === undefined) {
    throw new UserError(
      `--shard auto: SLURM_ARRAY_TASK_ID is ${id} but neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MIN and ` +
        'SLURM_ARRAY_TASK_MAX are set, so the number of shards is unknown; give it explicitly: --shard I/N',
    );
  }
  if (taskCount !== undefined && span !== undefined && span !== taskCount) {
    throw new UserError(
      `--shard auto: the Slurm array is not contiguous (tasks ${min}-${max} but SLURM_ARRAY_TASK_COUNT=${taskCount}); ` +
        'submit it as --array=0-N-1 (no step, no gaps) so every shard has one task',
    );
  }
  const count = taskCount ?? span!;
  const index = id - (min ?? 0);
  const source =
    taskCount !== undefined
      ? `auto: SLURM_ARRAY_TASK_ID=${id}${min ? `, SLURM_ARRAY_TASK_MIN=${min}` : ''}, SLURM_ARRAY_TASK_COUNT=${taskCount}`
      : `auto: SLURM_ARRAY_TASK_ID=${id}, SLURM_ARRAY_TASK_MIN=${min}, SLURM_ARRAY_TASK_MAX=${max}`;
  if (index < 0) throw new UserError(`--shard ${source}: the task id is below the array's first task`);
  if (shards !== undefined && shards !== count) {
    throw new UserError(`--shard ${source}: --shards ${shards} disagrees with the Slurm array's ${count} tasks`);
  }
  checkIndexInRange(index, count, source);
  return { index, count, source };
}

/**
 * Parses `--shard`. `shardsText` is `--shards N`, which only `--shard auto` takes (a Kubernetes Indexed Job tells
 * its pods their index but not the Job's size). Slurm wins when both schedulers' variables are set.
 */
export function parseShard(text: string, shardsText: string | undefined, env: Environment): Shard {
  const shards = shardsText === undefined ? undefined : parseShardCount(shardsText);
  if (text === 'auto') {
    if (env.SLURM_ARRAY_TASK_ID !== undefined && env.SLURM_ARRAY_TASK_ID !== '') return slurmShard(env, shards);
    const index = envInteger(env, 'JOB_COMPLETION_INDEX');
    if (index !== undefined) {
      if (shards === undefined) {
        throw new UserError(
          `--shard auto: in a Kubernetes Indexed Job (JOB_COMPLETION_INDEX=${index}) the number of shards must be ` +
            'given too: --shards N (the Job\'s completions)',
        );
      }
      const source = `auto: JOB_COMPLETION_INDEX=${index}, --shards ${shards}`;
      checkIndexInRange(index, shards, source);
      return { index, count: shards, source };
    }
    throw new UserError(
      '--shard auto: not inside a Slurm array job (SLURM_ARRAY_TASK_ID is unset) nor a Kubernetes Indexed Job ' +
        '(JOB_COMPLETION_INDEX is unset); outside a scheduler give the shard explicitly, e.g. --shard 0/4',
    );
  }
  if (shards !== undefined) {
    throw new UserError(`--shards goes with --shard auto (Kubernetes Indexed Jobs); with --shard ${text} the count is in it`);
  }
  const match = /^(\d+)\/(\d+)$/.exec(text);
  if (match === null) throw new UserError(`--shard must be ${FORMAT_HINT}; got "${text}"`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  checkIndexInRange(index, count, text);
  return { index, count, source: text };
}
