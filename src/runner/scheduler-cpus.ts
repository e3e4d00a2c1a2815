// How many CPUs this process was given: the scheduler's grant (Slurm's SLURM_CPUS_PER_TASK, a cgroup CPU quota)
// rather than the host's core count, so `--workers` does not oversubscribe a cluster node shared with other jobs.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

export interface CpuLimits {
  /** SLURM_CPUS_PER_TASK as set (undefined outside Slurm or without --cpus-per-task). */
  slurmCpusPerTask?: string;
  /** Contents of /sys/fs/cgroup/cpu.max (cgroup v2), e.g. "200000 100000" or "max 100000". */
  cgroupV2CpuMax?: string;
  /** Contents of cpu.cfs_quota_us and cpu.cfs_period_us (cgroup v1); quota -1 = no limit. */
  cgroupV1QuotaUs?: string;
  cgroupV1PeriodUs?: string;
  /** os.availableParallelism(): the CPUs this process may run on (affinity). */
  availableParallelism: number;
}

function positiveInteger(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*\d+\s*$/.test(text)) return undefined;
  const value = Number(text);
  return value >= 1 ? value : undefined;
}

/** CPUs a quota of `quota` per `period` amounts to, rounded up (1.5 CPUs can keep 2 workers busy half the time). */
function quotaCpus(quota: number, period: number): number | undefined {
  if (!(quota > 0) || !(period > 0)) return undefined;
  return Math.max(1, Math.ceil(quota / period));
}

function cgroupV2Cpus(cpuMax: string | undefined): number | undefined {
  const [quota, period] = (cpuMax ?? '').trim().split(/\s+/);
  if (quota === undefined || quota === 'max' || period === undefined) return undefined;
  return quotaCpus(Number(quota), Number(period));
}

/** The smallest of the limits that are set: a Slurm grant, a cgroup quota, and the CPUs the process may run on. */
export function schedulerCpus(limits: CpuLimits): number {
  const candidates = [
    positiveInteger(limits.slurmCpusPerTask),
    cgroupV2Cpus(limits.cgroupV2CpuMax),
    quotaCpus(Number(limits.cgroupV1QuotaUs), Number(limits.cgroupV1PeriodUs)),
    Math.max(1, limits.availableParallelism),
  ].filter((value): value is number => value !== undefined && Number.isFinite(value));
  return Math.min(...candidates);
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** This process's limits, read from its environment and the cgroup files (v2, then v1's two mount names). */
export function readCpuLimits(env: Readonly<Record<string, string | undefined>> = process.env, cgroupRoot = '/sys/fs/cgroup'): CpuLimits {
  const v1Dir = [`${cgroupRoot}/cpu`, `${cgroupRoot}/cpu,cpuacct`].find(
    (dir) => readOptional(`${dir}/cpu.cfs_quota_us`) !== undefined,
  );
  return {
    slurmCpusPerTask: env.SLURM_CPUS_PER_TASK,
    cgroupV2CpuMax: readOptional(`${cgroupRoot}/cpu.max`),
    cgroupV1QuotaUs: v1Dir === undefined ? undefined : readOptional(`${v1Dir}/cpu.cfs_quota_us`),
    cgroupV1PeriodUs: v1Dir === undefined ? undefined : readOptional(`${v1Dir}/cpu.cfs_period_us`),
    availableParallelism: availableParallelism(),
  };
}
