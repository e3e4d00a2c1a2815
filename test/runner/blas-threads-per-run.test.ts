// The per-run BLAS thread budget: cores shared evenly among the runs in flight, never below one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blasThreadsPerRun } from '../../src/runner/blas-threads-per-run.js';

test('cores are shared evenly, rounding down, at least one thread per run', () => {
  assert.equal(blasThreadsPerRun(2, 1), 2);
  assert.equal(blasThreadsPerRun(2, 2), 1);
  assert.equal(blasThreadsPerRun(8, 3), 2);
  assert.equal(blasThreadsPerRun(2, 5), 1);
  assert.equal(blasThreadsPerRun(4, 0), 4);
});
