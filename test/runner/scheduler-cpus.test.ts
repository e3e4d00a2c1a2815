// schedulerCpus: the smallest of Slurm's grant, a cgroup quota (v2 or v1) and the CPUs the process may run on;
// and readCpuLimits on this machine's real cgroup files and on a fake cgroup tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCpuLimits, schedulerCpus } from '../../src/runner/scheduler-cpus.js';

test('no scheduler and no quota: the CPUs this process may run on', () => {
  assert.equal(schedulerCpus({ availableParallelism: 16 }), 16);
  assert.equal(schedulerCpus({ availableParallelism: 16, cgroupV2CpuMax: 'max 100000\n', cgroupV1QuotaUs: '-1\n', cgroupV1PeriodUs: '100000\n' }), 16);
});

test('Slurm: SLURM_CPUS_PER_TASK, never more than the process may use; nonsense ignored', () => {
  assert.equal(schedulerCpus({ availableParallelism: 64, slurmCpusPerTask: '4' }), 4);
  assert.equal(schedulerCpus({ availableParallelism: 2, slurmCpusPerTask: '8' }), 2);
  assert.equal(schedulerCpus({ availableParallelism: 64, slurmCpusPerTask: '' }), 64);
  assert.equal(schedulerCpus({ availableParallelism: 64, slurmCpusPerTask: '0' }), 64);
  assert.equal(schedulerCpus({ availableParallelism: 64, slurmCpusPerTask: '2(x3)' }), 64);
});

test('cgroup v2 cpu.max: quota / period, rounded up, at least 1', () => {
  assert.equal(schedulerCpus({ availableParallelism: 64, cgroupV2CpuMax: '200000 100000\n' }), 2);
  assert.equal(schedulerCpus({ availableParallelism: 64, cgroupV2CpuMax: '150000 100000' }), 2);
  assert.equal(schedulerCpus({ availableParallelism: 64, cgroupV2CpuMax: '50000 100000' }), 1);
  assert.equal(schedulerCpus({ availableParallelism: 64, cgroupV2CpuMax: '400000 100000', slurmCpusPerTask: '3' }), 3);
  assert.equal(schedulerCpus({ availableParallelism: 64, cgroupV2CpuMax: 'garbage' }), 64);
});

test('cgroup v1 cfs quota and period', () => {
  assert.equal(schedulerCpus({ availableParallelism: 64, cgroupV1QuotaUs: '300000\n', cgroupV1PeriodUs: '100000\n' }), 3);
  assert.equal(schedulerCpus({ availableParallelism: 64, cgroupV1QuotaUs: '-1\n', cgroupV1PeriodUs: '100000\n' }), 64);
  assert.equal(schedulerCpus({ availableParallelism: 64, cgroupV1QuotaUs: '300000\n' }), 64);
});

test("readCpuLimits on this machine: the real cgroup files and the process's CPUs", () => {
  const limits = readCpuLimits({}, '/sys/fs/cgroup');
  assert.equal(limits.availableParallelism, availableParallelism());
  assert.equal(limits.slurmCpusPerTask, undefined);
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  };
  // Compared with the files read here directly, whichever cgroup version this machine mounts.
  assert.equal(limits.cgroupV2CpuMax, read('/sys/fs/cgroup/cpu.max'));
  const v1 = read('/sys/fs/cgroup/cpu/cpu.cfs_quota_us') ?? read('/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us');
  assert.equal(limits.cgroupV1QuotaUs, v1);
  assert.ok(limits.cgroupV2CpuMax !== undefined || limits.cgroupV1QuotaUs !== undefined, 'no cgroup CPU files found');
  const cpus = schedulerCpus(limits);
  assert.ok(cpus >= 1 && cpus <= availableParallelism());
  assert.equal(schedulerCpus(readCpuLimits({ SLURM_CPUS_PER_TASK: '1' })), 1);
});

test('readCpuLimits on a fake cgroup tree: v2 file, then v1 under cpu,cpuacct', () => {
  const root = mkdtempSync(join(tmpdir(), 'rnnlab-cgroup-'));
  try {
    writeFileSync(join(root, 'cpu.max'), '100000 100000\n');
    assert.equal(schedulerCpus(readCpuLimits({}, root)), 1);
    rmSync(join(root, 'cpu.max'));
    mkdirSync(join(root, 'cpu,cpuacct'));
    writeFileSync(join(root, 'cpu,cpuacct', 'cpu.cfs_quota_us'), '100000\n');
    writeFileSync(join(root, 'cpu,cpuacct', 'cpu.cfs_period_us'), '100000\n');
    const limits = readCpuLimits({}, root);
    assert.equal(limits.cgroupV1QuotaUs, '100000\n');
    assert.equal(schedulerCpus(limits), 1);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
