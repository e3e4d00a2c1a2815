// For tests against a real Slurm (scripts/start-local-slurm.sh): is one up, job states, waiting for jobs, bounded.
import { spawnSync } from 'node:child_process';

/** Why Slurm cannot be used here, or null when `sinfo` answers with an idle, mixed or allocated node. */
export function slurmUnavailableReason(): string | null {
  const sinfo = spawnSync('sinfo', ['-h', '-o', '%T'], { encoding: 'utf8', timeout: 10_000 });
  if (sinfo.error) return `sinfo not runnable (${sinfo.error.message})`;
  if (sinfo.status !== 0) return `sinfo failed: ${sinfo.stderr.trim()}`;
  const states = sinfo.stdout.trim().split('\n');
  if (!states.some((state) => /^(idle|mixed|allocated|completing)/.test(state))) return `no usable node (${states.join(', ')})`;
  return null;
}

/** Runs a Slurm command; throws with its output when it fails. */
export function slurm(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}${result.stdout}`);
  return result.stdout;
}

/** The state of a job or array task (e.g. "5_1"): PENDING, RUNNING, COMPLETED, FAILED, …; "" once Slurm forgot it. */
export function jobState(jobId: string): string {
  const result = spawnSync('scontrol', ['show', 'job', '-o', jobId], { encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) return '';
  return /JobState=(\S+)/.exec(result.stdout)?.[1] ?? '';
}

/** The states of every task of an array job, by task id. */
export function arrayTaskStates(arrayJobId: string): Map<string, string> {
  const out = slurm('squeue', ['-h', '-r', '-t', 'all', '-j', arrayJobId, '-o', '%i %T']);
  return new Map(out.trim().split('\n').filter(Boolean).map((line) => line.split(' ') as [string, string]));
}

export async function sleep(ms: number): Promise<void> {
  await new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}

/** Polls `check` every `everyMs` until it returns true; fails after `timeoutMs` with `what` and `describe()`. */
export async function waitUntil(what: string, check: () => boolean, timeoutMs: number, describe = () => '', everyMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}. ${describe()}`);
    await sleep(everyMs);
  }
}
