// planSweep: which runs a sweep trains or skips, for every stored status, with and without --force.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planSweep, type StoredRunState, type SweepRun } from '../../src/runner/plan-sweep.js';
import type { RunStatus } from '../../src/store/results-store.js';
import { tinyRunConfig } from './tiny-run-config.js';

const statuses: (RunStatus | null)[] = [null, 'queued', 'running', 'finished', 'failed', 'diverged', 'interrupted'];
const runs: SweepRun[] = statuses.map((_, i) => ({ id: `r${i}`, config: tinyRunConfig({ seed: i }), params: {}, gridPoint: i }));
const stored = new Map<string, StoredRunState>();
statuses.forEach((status, i) => {
  if (status) stored.set(`r${i}`, { status, pid: 4242, host: 'box' });
});

test('resume: trains new, queued, failed and interrupted runs; skips finished, diverged and live running ones', () => {
  const plan = planSweep(runs, stored, false);
  assert.deepEqual(
    plan.map((p) => [p.run.id, p.storedStatus, p.train, p.reason]),
    [
      ['r0', null, true, 'new'],
      ['r1', 'queued', true, 'queued'],
      ['r2', 'running', false, 'skip (running in process 4242 on box)'],
      ['r3', 'finished', false, 'skip (finished)'],
      ['r4', 'failed', true, 'retry (failed before)'],
      ['r5', 'diverged', false, 'skip (diverged)'],
      ['r6', 'interrupted', true, 'retry (interrupted before)'],
    ],
  );
});

test('--force retrains finished and diverged runs but never takes over a live running one', () => {
  const plan = planSweep(runs, stored, true);
  assert.deepEqual(
    plan.map((p) => [p.run.id, p.train, p.reason]),
    [
      ['r0', true, 'new'],
      ['r1', true, 'queued'],
      ['r2', false, 'skip (running in process 4242 on box)'],
      ['r3', true, 'rerun (--force; was finished)'],
      ['r4', true, 'retry (failed before)'],
      ['r5', true, 'rerun (--force; was diverged)'],
      ['r6', true, 'retry (interrupted before)'],
    ],
  );
});

test('--restart says that failed and interrupted runs start over instead of resuming; the rest plans as before', () => {
  const plan = planSweep(runs, stored, false, true);
  assert.deepEqual(
    plan.map((p) => [p.run.id, p.train, p.reason]),
    [
      ['r0', true, 'new'],
      ['r1', true, 'queued'],
      ['r2', false, 'skip (running in process 4242 on box)'],
      ['r3', false, 'skip (finished)'],
      ['r4', true, 'restart (--restart; failed before)'],
      ['r5', false, 'skip (diverged)'],
      ['r6', true, 'restart (--restart; interrupted before)'],
    ],
  );
});
