// Several processes writing one database at once: no SQLITE_BUSY, every run claimed and trained exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/results-store.js';
import { projectRoot } from '../helpers/paths.js';

const writerPath = join(projectRoot, 'dist', 'test', 'helpers', 'store-writer.js');

function runWriter(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writerPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('three worker processes share one fresh database without lock errors or duplicated runs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-concurrent-'));
  const dbPath = join(dir, 'runs', 'rnnlab.sqlite');
  const runs = 30;
  const epochs = 8;
  try {
    // All three create, migrate and register the same database at the same moment.
    const startAt = Date.now() + 500;
    const results = await Promise.all(
      [0, 10, 20].map((offset) => runWriter([dbPath, String(runs), String(epochs), String(startAt), String(offset)])),
    );
    for (const result of results) {
      assert.equal(result.stderr, '');
      assert.equal(result.code, 0);
      assert.ok((JSON.parse(result.stdout) as string[]).length > 0, 'each process trained some runs');
    }
    const trained = results.flatMap((result) => JSON.parse(result.stdout) as string[]);
    assert.equal(trained.length, runs, 'every run trained by exactly one process');
    assert.equal(new Set(trained).size, runs);

    const store = openStore(dbPath, { readonly: true });
    const stored = store.listRuns({ experiment: 'contended' });
    assert.equal(stored.length, runs);
    for (const run of stored) {
      assert.equal(run.status, 'finished');
      assert.equal(run.attempts, 1);
    }
    const rows = store.epochs(stored.map((run) => run.id));
    assert.equal(rows.length, runs * epochs);
    assert.deepEqual(
      store.query('SELECT count(*), count(DISTINCT run_id) FROM samples').rows,
      [[runs * epochs, runs]],
    );
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
