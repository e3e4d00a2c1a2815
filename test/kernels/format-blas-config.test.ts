// How run records and the bench describe the BLAS: the core in use and who chose it, and the thread count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBlasConfig, formatBlasCore, formatBlasThreads } from '../../src/kernels/format-blas-config.js';

const config = (core: string): string => `OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY ${core} MAX_THREADS=64 (core ${core})`;

test('the core suffix says who chose it', () => {
  const rnnlab = { source: 'rnnlab', requested: 'SkylakeX', detected: 'Prescott', why: '' } as const;
  assert.equal(
    formatBlasConfig({ name: 'OpenBLAS', config: config('SkylakeX'), threads: 1, coreSelection: rnnlab }),
    'OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64 (core SkylakeX: chosen by rnnlab, OpenBLAS detected Prescott)',
  );
  // A library that ignores OPENBLAS_CORETYPE (built without DYNAMIC_ARCH) or falls back: say so, not "chosen".
  assert.equal(formatBlasCore('Haswell', rnnlab), 'core Haswell: rnnlab asked for SkylakeX, OpenBLAS detected Prescott');
  assert.equal(formatBlasCore('Prescott', { source: 'user', requested: 'Prescott', detected: null, why: '' }), 'core Prescott: set by OPENBLAS_CORETYPE=Prescott');
  assert.equal(formatBlasCore('Zen', { source: 'openblas', requested: null, detected: 'Zen', why: '' }), 'core Zen: detected by OpenBLAS');
});

test('without a core (Accelerate) or a selection the config is left as the library gave it', () => {
  assert.equal(formatBlasConfig({ name: 'Accelerate', config: 'Apple Accelerate (vecLib)', threads: -1 }), 'Apple Accelerate (vecLib)');
  assert.equal(formatBlasConfig({ name: 'OpenBLAS', config: config('Zen'), threads: 1 }), config('Zen'));
});

test('threads: singular, plural, and Accelerate, which cannot say', () => {
  assert.deepEqual([1, 2, -1].map(formatBlasThreads), ['1 thread', '2 threads', 'threads set by the system']);
});
