// Shared by the `rnnlab run` end-to-end tests: temp databases, reading the store, a CLI process one can signal.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type EpochRow, type RunRow } from '../../src/store/results-store.js';
import { cliPath, fixturesDir } from '../helpers/paths.js';

/** 2 models × 2 seeds, 3 epochs each, on the 4 fixture documents. */
export const tinySweepSpec = join(fixturesDir, 'runner', 'tiny-sweep.yaml');

/** Writes a tiny experiment (one seed, 3 epochs, the fixture corpus) into `dir` with this grid; returns its path. */
export function writeTinySpec(dir: string, name: string, grid: string, extra = ''): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(
    path,
    `name: ${name}
corpus: {path: ${JSON.stringify(join(fixturesDir, 'runner', 'corpus'))}, documents: 3, vocabulary_documents: 4, min_count: 0,
         validation: {rule: fraction, fraction: 0.2}}
model: {type: rnn, hidden: 8, context: 4}
train: {num_unroll: 5, batch_size: 4, learning_rate: 0.01, schedule: epochs, epochs: 3${extra}}
generation: {length: 20, reset: zeros}
seeds: [1]
grid: ${grid}
`,
  );
  return path;
}

export function tempDir(): { dir: string; dbPath: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-run-'));
  return { dir, dbPath: join(dir, 'runs', 'test.sqlite'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function readStore(dbPath: string): { runs: RunRow[]; epochs: EpochRow[] } {
  if (!existsSync(dbPath)) return { runs: [], epochs: [] };
  const store = openStore(dbPath, { readonly: true });
  try {
    const runs = store.listRuns();
    return { runs, epochs: store.epochs(runs.map((run) => run.id)) };
  } finally {
    store.close();
  }
}

/** Each run's epoch numbers in storage order: duplicates or gaps show up here. */
export function epochNumbers(epochs: readonly EpochRow[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const row of epochs) (out[row.runId] ??= []).push(row.epoch);
  return out;
}

export interface CliProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the CLI in its own process group (detached), so a test can signal the parent alone or the whole group. */
export function startCli(args: string[], cwd: string): CliProcess {
  const child = spawn(process.execPath, [cliPath, ...args], { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveDone) =>
    child.on('close', (code, signal) => resolveDone({ code, signal })),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, done };
}

/** Polls `check` every 50 ms until it returns true; fails after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 50));
  }
}

export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
