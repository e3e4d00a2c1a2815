// Decides whether the process that left a run `running` is still alive (pid on this host, heartbeat anywhere).
import { readFileSync } from 'node:fs';
import type { RunOwner } from '../store/results-store.js';

/** Heartbeats are written every 2 s and at every epoch; this much silence means the owner is gone. */
export const STALE_HEARTBEAT_MS = 5 * 60_000;

export interface LivenessOptions {
  /** This machine's host name. */
  host: string;
  /** ms since the epoch. */
  now: number;
  staleAfterMs: number;
  /** Whether a process with this pid exists on this host. */
  pidExists: (pid: number) => boolean;
}

/** True if `pid` names a live process here (EPERM: it exists but belongs to someone else). A zombie (killed, not yet
 *  reaped by its new parent, which can take a while when the sweep's parent died) counts as dead on Linux. */
export function pidExists(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/** Linux: state field of /proc/PID/stat (after the parenthesised command name) is Z or X. Elsewhere: false. */
function isZombie(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state === 'Z' || state === 'X';
}

/**
 * Same host: alive while the pid exists and the heartbeat is fresh (a stale heartbeat under a live pid
 * means the pid was reused). Another host: alive while the heartbeat is fresh, since its pids cannot be checked.
 */
export function isRunOwnerAlive(owner: RunOwner, options: LivenessOptions): boolean {
  const fresh = options.now - owner.heartbeatAt < options.staleAfterMs;
  if (owner.host === options.host) return fresh && options.pidExists(owner.pid);
  return fresh;
}
