// Submits a sweep's array script and then its merge script (afterany the array) with sbatch; returns both job ids.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { UserError } from '../config/user-error.js';

export interface SubmittedJobs {
  arrayJobId: string;
  mergeJobId: string;
}

/** The first executable `name` on PATH, or null. */
export function findOnPath(name: string, path = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return null;
}

/** `sbatch --parsable ARGS…` → the job id ("id" or "id;cluster" on a federation: the id). */
function sbatch(sbatchPath: string, args: string[], cwd: string): string {
  const result = spawnSync(sbatchPath, ['--parsable', ...args], { cwd, encoding: 'utf8' });
  if (result.error) throw new UserError(`sbatch could not be started: ${result.error.message}`, 1);
  const jobId = result.stdout.trim().split(';')[0] ?? '';
  if (result.status !== 0 || !/^\d+$/.test(jobId)) {
    const said = `${result.stderr}${result.stdout}`.trim();
    throw new UserError(`sbatch ${args.join(' ')} failed (exit ${result.status ?? result.signal}):\n${said}`, 1);
  }
  return jobId;
}

/** The sbatch to submit with; a UserError when there is none (checked before anything is written). */
export function findSbatch(path = process.env.PATH ?? ''): string {
  const sbatchPath = findOnPath('sbatch', path);
  if (sbatchPath === null) {
    throw new UserError(
      '--submit: sbatch is not on PATH; run this on a Slurm login node, or leave out --submit and submit the ' +
        'written scripts there',
    );
  }
  return sbatchPath;
}

/**
 * Submits the array, then the merge job with --dependency=afterany on it. If the second sbatch fails the array is
 * left queued and the error says how to submit the merge job by hand.
 */
export function submitSlurmJobs(options: {
  arrayScript: string;
  mergeScript: string;
  workDir: string;
  sbatchPath: string;
}): SubmittedJobs {
  const { sbatchPath } = options;
  const arrayJobId = sbatch(sbatchPath, [options.arrayScript], options.workDir);
  let mergeJobId: string;
  try {
    mergeJobId = sbatch(sbatchPath, [`--dependency=afterany:${arrayJobId}`, options.mergeScript, arrayJobId], options.workDir);
  } catch (error) {
    throw new UserError(
      `${(error as Error).message}\nthe array job ${arrayJobId} is queued; submit the merge by hand: ` +
        `sbatch --dependency=afterany:${arrayJobId} ${options.mergeScript} ${arrayJobId}`,
      1,
    );
  }
  return { arrayJobId, mergeJobId };
}
