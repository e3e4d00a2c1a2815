// The native BLAS kernels give the plain-JS reference's outputs to float32 tolerance; skipped, with the reason
// shown, when the optional addon was not built (unless RNNLAB_REQUIRE_NATIVE=1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadNative } from '../../src/kernels/load-native.js';
import { createNativeKernels } from '../../src/kernels/native-kernels.js';
import { agreementCases } from './agreement-cases.js';
import { skipWithoutNative } from '../helpers/native-or-skip.js';

const load = loadNative();
const skipReason = load.addon ? undefined : `native addon not built: ${load.reason}`;
const kernels = load.addon ? createNativeKernels(load.addon, load.blas) : undefined;

// CI sets RNNLAB_REQUIRE_NATIVE=1 on the pass that installed the BLAS, so a silently failed build cannot pass as skips.
test('the native addon is loaded when RNNLAB_REQUIRE_NATIVE=1', (t) => {
  if (process.env.RNNLAB_REQUIRE_NATIVE !== '1') return void t.skip('RNNLAB_REQUIRE_NATIVE is not 1');
  assert.equal(load.reason, undefined, 'the native addon must be built on this machine');
});

test('the native kernels describe their BLAS and its thread count', (t) => {
  if (skipWithoutNative(t, skipReason) || !kernels || !load.addon) return;
  assert.equal(kernels.name, 'native');
  assert.match(load.blas.name, /^(OpenBLAS|Accelerate)$/);
  if (load.blas.name === 'OpenBLAS') assert.match(kernels.description, /, \d+ threads?$/);
});

for (const { name, run } of agreementCases) {
  test(`native: ${name}`, (t) => {
    if (skipWithoutNative(t, skipReason) || !kernels) return;
    run(kernels);
  });
}

test('the addon itself rejects a Float64Array and a short array with errors naming the argument', (t) => {
  if (skipWithoutNative(t, skipReason) || !load.addon) return;
  const { addon } = load;
  assert.throws(
    () => addon.sgemm(false, false, 1, 1, 1, 1, new Float64Array(1) as unknown as Float32Array, new Float32Array(1), 0, new Float32Array(1)),
    { name: 'TypeError', message: 'rnnlab-native: a must be a Float32Array' },
  );
  assert.throws(
    () => addon.softmaxCrossEntropy(new Float32Array(3), new Float32Array(6), null, new Int32Array(2), 2, 2, 3, null, null, null),
    { name: 'RangeError', message: 'rnnlab-native: h has 3 elements, needs at least 4' },
  );
});

test('the addon works on subarray views (it honours byteOffset)', (t) => {
  if (skipWithoutNative(t, skipReason) || !load.addon) return;
  const storage = new Float32Array([99, 1, 2, 99, 3, 4, 99, 0]);
  const c = storage.subarray(7, 8);
  load.addon.sgemm(false, false, 1, 1, 2, 1, storage.subarray(1, 3), storage.subarray(4, 6), 0, c);
  assert.equal(storage[7], 1 * 3 + 2 * 4);
  assert.equal(storage[6], 99);
});
