// The machine and code a publication is made with: CPU, cores, Node.js, rnnlab's version and git commit.
import { execFileSync } from 'node:child_process';
import { cpus, hostname } from 'node:os';
import { findProjectRoot } from '../corpus/find-project-root.js';

export interface MachineInfo {
  host: string;
  cpuModel: string;
  cores: number;
  nodeVersion: string;
  /** The git commit of the rnnlab checkout, "+ uncommitted changes" appended when its tree is dirty; null outside git. */
  gitCommit: string | null;
}

function git(args: string[], cwd: string): string | null {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  } catch {
    return null;
  }
}

export function describeMachine(): MachineInfo {
  const root = findProjectRoot();
  const commit = git(['rev-parse', 'HEAD'], root);
  const dirty = commit === null ? '' : git(['status', '--porcelain', '--untracked-files=no'], root);
  const processors = cpus();
  return {
    host: hostname(),
    cpuModel: processors[0]?.model.trim() || 'unknown',
    cores: processors.length,
    nodeVersion: process.version,
    gitCommit: commit === null ? null : `${commit}${dirty ? ' + uncommitted changes' : ''}`,
  };
}
