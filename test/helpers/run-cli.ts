// Runs the compiled rnnlab CLI in a subprocess, as a user would, and captures what it prints.
import { spawn } from 'node:child_process';
import { cliPath } from './paths.js';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; prefix?: string[]; timeoutMs?: number } = {},
): Promise<CliResult> {
  // `prefix` runs the CLI under another command (e.g. setpriv to drop root, unshare for a private mount).
  const [command, ...commandArgs] = [...(options.prefix ?? []), process.execPath, cliPath, ...args];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, commandArgs, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      // A CLI that hangs is killed (the result's signal says so) rather than keeping the test process alive.
      timeout: options.timeoutMs,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
