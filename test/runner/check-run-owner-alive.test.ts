// isRunOwnerAlive and pidExists: dead pids on this host, stale heartbeats, other hosts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { isRunOwnerAlive, pidExists } from '../../src/runner/check-run-owner-alive.js';

const now = 1_000_000_000;
const options = (alivePids: number[]) => ({
  host: 'here',
  now,
  staleAfterMs: 60_000,
  pidExists: (pid: number) => alivePids.includes(pid),
});

test('same host: alive only while the pid exists and the heartbeat is fresh', () => {
  assert.equal(isRunOwnerAlive({ pid: 7, host: 'here', heartbeatAt: now - 1000 }, options([7])), true);
  assert.equal(isRunOwnerAlive({ pid: 7, host: 'here', heartbeatAt: now - 1000 }, options([])), false);
  // A live pid with a heartbeat older than the limit: the pid was reused by another program.
  assert.equal(isRunOwnerAlive({ pid: 7, host: 'here', heartbeatAt: now - 60_000 }, options([7])), false);
});

test('another host: judged by the heartbeat alone', () => {
  assert.equal(isRunOwnerAlive({ pid: 7, host: 'elsewhere', heartbeatAt: now - 59_999 }, options([])), true);
  assert.equal(isRunOwnerAlive({ pid: 7, host: 'elsewhere', heartbeatAt: now - 60_000 }, options([7])), false);
  assert.equal(isRunOwnerAlive({ pid: -1, host: '', heartbeatAt: 0 }, options([])), false);
});

test('pidExists: this process exists, an exited child does not, nonsense pids do not', () => {
  assert.equal(pidExists(process.pid), true);
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  assert.equal(pidExists(Number(child.stdout)), false);
  assert.equal(pidExists(0), false);
  assert.equal(pidExists(-5), false);
  assert.equal(pidExists(1.5), false);
});

test('pidExists: a killed child not yet reaped (a zombie) counts as dead', { skip: process.platform !== 'linux' }, async () => {
  // A child that exits while its parent (a shell) sleeps without waiting for it stays a zombie meanwhile.
  const { spawn } = await import('node:child_process');
  // The child outlives the shell's exec, so its parent becomes `sleep`, which never waits for it.
  const shell = spawn('sh', ['-c', 'sleep 0.2 & echo $!; exec sleep 3'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const pid = await new Promise<number>((resolvePid) => shell.stdout.once('data', (chunk) => resolvePid(Number(String(chunk).trim()))));
  await new Promise((resolveWait) => setTimeout(resolveWait, 600));
  let signalZero = true;
  try {
    process.kill(pid, 0);
  } catch {
    signalZero = false;
  }
  assert.equal(signalZero, true); // still in the process table…
  assert.equal(pidExists(pid), false); // …but dead
  shell.kill();
});
