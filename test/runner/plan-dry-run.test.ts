// planDryRun reads what is stored without writing, including a database file another `rnnlab run` is still creating.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../src/config/user-error.js';
import { planDryRun } from '../../src/runner/plan-dry-run.js';
import type { SweepExperiment } from '../../src/runner/run-sweep.js';
import { openStore } from '../../src/store/results-store.js';
import { tinyRunConfig } from './tiny-run-config.js';

function experiment(): SweepExperiment {
  return {
    name: 'plan-test',
    path: 'plan-test.yaml',
    specText: 'name: plan-test\n',
    gridKeys: [],
    runs: [1, 2].map((seed, i) => ({ id: `run-${seed}`, config: tinyRunConfig({ seed }), params: { seed }, gridPoint: i })),
  };
}

function planned(dbPath: string): [string, boolean][] {
  return planDryRun(experiment(), dbPath, false).map((plan) => [plan.run.id, plan.train]);
}

test('planDryRun: no file, an empty file, or one another run has opened but not migrated yet: every run to train, the file unchanged', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-plan-'));
  try {
    assert.deepEqual(planned(join(dir, 'missing.sqlite')), [['run-1', true], ['run-2', true]]);

    const empty = join(dir, 'empty.sqlite');
    writeFileSync(empty, '');
    assert.deepEqual(planned(empty), [['run-1', true], ['run-2', true]]);

    // What openStore in another process leaves between setting WAL mode and its first migration: a non-empty
    // SQLite file at schema version 0, with no tables. Read-only opening it used to fail ("schema version 0").
    const creating = join(dir, 'creating.sqlite');
    const other = new Database(creating);
    try {
      other.pragma('journal_mode = WAL');
      const before = readFileSync(creating);
      assert.ok(before.length > 0);
      assert.deepEqual(planned(creating), [['run-1', true], ['run-2', true]]);
      assert.deepEqual(readFileSync(creating), before);
      assert.equal(other.pragma('user_version', { simple: true }), 0);
    } finally {
      other.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('planDryRun: a file that is not SQLite is a UserError naming it, not a crash', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-plan-'));
  try {
    const text = join(dir, 'notes.sqlite');
    writeFileSync(text, 'not a database, just some text long enough to be read as a header');
    assert.throws(() => planned(text), (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.match(error.message, new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not an SQLite database`));
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('planDryRun: a run finished in the database is skipped, the other one trained', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-plan-'));
  try {
    const dbPath = join(dir, 'runs.sqlite');
    const exp = experiment();
    const store = openStore(dbPath);
    try {
      store.saveExperiment({ name: exp.name, specPath: exp.path, specText: exp.specText });
      store.registerRuns(exp.name, exp.runs);
      store.claimRun('run-2', { pid: process.pid, host: 'test', backend: 'cpu', packageVersion: '0.0.0' });
      store.finishRun('run-2', { status: 'finished' });
    } finally {
      store.close();
    }
    assert.deepEqual(planned(dbPath), [['run-1', true], ['run-2', false]]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
