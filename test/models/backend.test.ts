// Backend choice: the tfjs backend each name gives, native kernels only under native (or auto with the addon), why auto
// fell back, the JS CPU backend's notice kept quiet, and a clear error for a backend that cannot load.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mock, test } from 'node:test';
import type { BackendName } from '../../src/config/run-config.js';
import { loadNative } from '../../src/kernels/load-native.js';
import {
  initBackend,
  nativeBlasDescription,
  nativeFallbackReason,
  nativeKernels,
  setNativeBlasThreads,
  switchBackend,
  tf,
} from '../../src/models/backend.js';
import { skipWithoutNative } from '../helpers/native-or-skip.js';

const load = loadNative();
const noNative = load.addon === null ? load.reason : undefined;

test('wasm: tfjs on wasm, no native kernels, nothing to report', async () => {
  assert.equal(await initBackend('wasm'), 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  assert.equal(nativeKernels(), null);
  assert.equal(nativeBlasDescription(), null);
  assert.equal(setNativeBlasThreads(2), null);
  assert.equal(nativeFallbackReason(), null);
});

test('native: BLAS kernels for the hot paths with tfjs on wasm underneath; a later wasm init drops them', async (t) => {
  if (skipWithoutNative(t, noNative)) return;
  assert.equal(await initBackend('native'), 'native');
  assert.equal(tf.getBackend(), 'wasm');
  assert.notEqual(nativeKernels(), null);
  assert.equal(nativeBlasDescription(), nativeKernels()!.description);
  assert.match(nativeBlasDescription()!, /thread/);
  // The thread budget applies unless RNNLAB_BLAS_THREADS fixes the count (as the mutation runs do).
  const fixed = process.env.RNNLAB_BLAS_THREADS;
  assert.equal(setNativeBlasThreads(2), fixed === undefined || fixed === '' ? 2 : Number(fixed));
  setNativeBlasThreads(1);
  // The benchmark switches to the CPU baseline and back; the kernels stay selected, tfjs returns to wasm.
  await switchBackend('cpu');
  assert.equal(tf.getBackend(), 'cpu');
  await switchBackend('native');
  assert.equal(tf.getBackend(), 'wasm');
  assert.notEqual(nativeKernels(), null);
  assert.equal(await initBackend('wasm'), 'wasm');
  assert.equal(nativeKernels(), null);
  assert.equal(setNativeBlasThreads(2), null);
});

test('auto: native when the addon loads; otherwise a tfjs backend, with the reason it fell back', async () => {
  const chosen = await initBackend('auto');
  if (noNative === undefined) {
    assert.equal(chosen, 'native');
    assert.equal(nativeFallbackReason(), null);
    assert.notEqual(nativeKernels(), null);
  } else {
    assert.ok(['tensorflow', 'wasm'].includes(chosen), chosen);
    assert.equal(nativeFallbackReason(), noNative);
    assert.equal(nativeKernels(), null);
  }
});

test('RNNLAB_NATIVE=0: auto falls back to wasm saying why, and native is refused with the same reason', () => {
  const backend = new URL('../../src/models/backend.js', import.meta.url).href;
  const script = `
    const b = await import(${JSON.stringify(backend)});
    const chosen = await b.initBackend('auto');
    const [reason, kernels] = [b.nativeFallbackReason(), b.nativeKernels()];
    const refusal = await b.initBackend('native').then(() => null, (error) => [error.name, error.message]);
    console.log(JSON.stringify({ chosen, reason, kernels, refusal }));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, RNNLAB_NATIVE: '0' },
    encoding: 'utf8',
  });
  assert.equal(child.status, 0, child.stderr);
  assert.deepEqual(JSON.parse(child.stdout), {
    chosen: 'wasm',
    reason: 'disabled by RNNLAB_NATIVE=0',
    kernels: null,
    refusal: ['UserError', 'native backend not available: disabled by RNNLAB_NATIVE=0'],
  });
});

test('cpu: the JS backend, without its "install our node backend" notice', async () => {
  const printed: unknown[][] = [];
  for (const method of ['log', 'warn', 'info'] as const) mock.method(console, method, (...args: unknown[]) => void printed.push(args));
  try {
    assert.equal(await initBackend('cpu'), 'cpu');
    assert.equal(tf.getBackend(), 'cpu');
    assert.equal(tf.tidy(() => tf.add(1, 2).dataSync()[0]), 3);
  } finally {
    mock.restoreAll();
  }
  assert.deepEqual(printed, []);
  assert.equal(nativeKernels(), null);
});

test('tensorflow without @tensorflow/tfjs-node, and an unknown name, are refused with what to do', async (t) => {
  const tfjsNode = '@tensorflow/tfjs-node';
  if (await import(tfjsNode).then(() => true, () => false)) {
    t.skip('@tensorflow/tfjs-node is installed here');
  } else {
    await assert.rejects(initBackend('tensorflow'), {
      name: 'UserError',
      message: 'backend "tensorflow" not available: install @tensorflow/tfjs-node (npm install @tensorflow/tfjs-node)',
    });
  }
  await assert.rejects(initBackend('gpu' as BackendName), {
    name: 'UserError',
    message: 'unknown backend "gpu" (expected auto, tensorflow, wasm, cpu or native)',
  });
  await assert.rejects(switchBackend('tensorflow'), /tensorflow/);
});
