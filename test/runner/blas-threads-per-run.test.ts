// The per-run BLAS thread budget: cores shared evenly among the runs in flight, never below one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blasThreadsPerRun, coresFreeForBlas } from '../../src/runner/blas-threads-per-run.js';

test('cores are shared evenly, rounding down, at least one thread per run', () => {
  assert.equal(blasThreadsPerRun(2, 1), 2);
  assert.equal(blasThreadsPerRun(2, 2), 1);
  assert.equal(blasThreadsPerRun(8, 3), 2);
  assert.equal(blasThreadsPerRun(2, 5), 1);
  assert.equal(blasThreadsPerRun(4, 0), 4);
});

test('cores other processes keep busy are not free: load beyond our own threads is taken off, at least one is left', () => {
  assert.equal(coresFreeForBlas(2, 0.1, 1), 2); // only our run: both cores free
  assert.equal(coresFreeForBlas(2, 1.0, 1), 2); // the load is our own thread
  assert.equal(coresFreeForBlas(2, 3.0, 1), 1); // another sweep's two workers: nothing spare, one thread
  assert.equal(coresFreeForBlas(2, 1.6, 1), 1); // 0.6 cores busy elsewhere rounds to one
  assert.equal(coresFreeForBlas(2, 1.4, 1), 2); // 0.4 rounds to none
  assert.equal(coresFreeForBlas(8, 5.0, 2), 5);
  assert.equal(coresFreeForBlas(4, 0, 0), 4);
});
