// The addon loader: one BLAS thread by default, RNNLAB_BLAS_THREADS overrides, RNNLAB_NATIVE=0 disables with a reason,
// and each way the addon can be missing, unbuilt, broken or stale is named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../../src/config/user-error.js';
import { NATIVE_API_VERSION, applyBlasThreadBudget, blasThreadsFromEnv, loadNative } from '../../src/kernels/load-native.js';
import { projectRoot } from '../helpers/paths.js';
import { skipWithoutNative } from '../helpers/native-or-skip.js';

const loaderUrl = pathToFileURL(join(projectRoot, 'dist', 'src', 'kernels', 'load-native.js')).href;

/** loadNative() in a fresh process (it is cached per process), returning what it reported; `preload` is a script
 *  to --require first. */
function loadInChild(env: Record<string, string>, preload?: string): { loaded: boolean; reason?: string; threads?: number } {
  const script = `const { loadNative } = await import(${JSON.stringify(loaderUrl)});
    const load = loadNative();
    console.log(JSON.stringify({ loaded: load.addon !== null, reason: load.reason, threads: load.blas?.threads }));`;
  const clean = { ...process.env };
  delete clean.RNNLAB_NATIVE;
  delete clean.RNNLAB_BLAS_THREADS;
  const args = [...(preload === undefined ? [] : ['--require', preload]), '--input-type=module', '-e', script];
  const out = execFileSync(process.execPath, args, { env: { ...clean, ...env }, encoding: 'utf8' });
  return JSON.parse(out);
}

test('RNNLAB_NATIVE=0 disables the addon at run time and says why', () => {
  assert.deepEqual(loadInChild({ RNNLAB_NATIVE: '0' }), { loaded: false, reason: 'disabled by RNNLAB_NATIVE=0' });
});

test('loadNative answers the same object every time in a process', () => {
  assert.equal(loadNative(), loadNative());
});

test('the BLAS thread count is 1 unless RNNLAB_BLAS_THREADS says otherwise', () => {
  assert.equal(blasThreadsFromEnv({}), 1);
  assert.equal(blasThreadsFromEnv({ RNNLAB_BLAS_THREADS: '3' }), 3);
  // Set but empty (as `RNNLAB_BLAS_THREADS= cmd` leaves it) counts as not set.
  assert.equal(blasThreadsFromEnv({ RNNLAB_BLAS_THREADS: '' }), 1);
  for (const text of ['two', '0', '-1', '1.5']) {
    assert.throws(
      () => blasThreadsFromEnv({ RNNLAB_BLAS_THREADS: text }),
      new UserError(`environment variable RNNLAB_BLAS_THREADS: must be a positive integer, got "${text}"`),
    );
  }
});

test('the loaded OpenBLAS runs one thread by default and two when asked', (t) => {
  const load = loadNative();
  if (skipWithoutNative(t, load.addon ? undefined : `native addon not built: ${load.reason}`) || !load.addon) return;
  if (load.blas.name !== 'OpenBLAS') return void t.skip(`${load.blas.name} does not report its thread count`);
  assert.equal(loadInChild({}).threads, 1);
  assert.equal(loadInChild({ RNNLAB_BLAS_THREADS: '2' }).threads, 2);
});

test('the loaded addon has the API version this code expects', (t) => {
  const load = loadNative();
  if (skipWithoutNative(t, load.addon ? undefined : `native addon not built: ${load.reason}`) || !load.addon) return;
  assert.equal(load.addon.apiVersion, NATIVE_API_VERSION);
});

test('without the addon, the reason names the package and says how it was lost', (t) => {
  const load = loadNative();
  if (load.addon) return void t.skip('native addon is built here; this checks the message on machines without it');
  assert.match(load.reason, /^(rnnlab-native is not installed \(its build was skipped or failed during npm install\)|disabled by RNNLAB_NATIVE=0|rnnlab-native failed to load: .+|rnnlab-native is out of date .+|rnnlab-native is installed but not built .+)$/);
});

test("a run's thread budget reaches the BLAS unless RNNLAB_BLAS_THREADS fixes the count", (t) => {
  const load = loadNative();
  if (!load.addon) return void t.skip(`native addon not built: ${load.reason}`);
  if (load.blas.name !== 'OpenBLAS') return void t.skip(`${load.blas.name} does not report its thread count`);
  try {
    assert.equal(applyBlasThreadBudget(load.addon, 2, {}), 2);
    assert.equal(load.addon.blasInfo().threads, 2);
    assert.equal(applyBlasThreadBudget(load.addon, 2, { RNNLAB_BLAS_THREADS: '1' }), 1);
    assert.equal(load.addon.blasInfo().threads, 1);
    assert.equal(applyBlasThreadBudget(load.addon, 2, { RNNLAB_BLAS_THREADS: '' }), 2);
  } finally {
    load.addon.setNumThreads(1);
  }
});

test('a missing, unbuilt, broken or stale addon is named with what to do (a stand-in addon in a child process)', () => {
  // A --require hook that answers require('rnnlab-native') with what FAKE_NATIVE (JSON) says: an addon or an error.
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-fake-native-'));
  const hook = join(dir, 'fake-native.cjs');
  writeFileSync(
    hook,
    `const Module = require('node:module');
    const load = Module._load;
    Module._load = function (request, ...rest) {
      if (request !== 'rnnlab-native') return load.call(this, request, ...rest);
      const fake = JSON.parse(process.env.FAKE_NATIVE);
      if (fake.error) throw Object.assign(new Error(fake.error.message), { code: fake.error.code });
      return { ...fake.addon, setNumThreads() {}, blasInfo: () => ({ threads: 1 }) };
    };`,
  );
  const load = (fake: object) => loadInChild({ FAKE_NATIVE: JSON.stringify(fake) }, hook);
  try {
    assert.deepEqual(load({ addon: { apiVersion: NATIVE_API_VERSION } }), { loaded: true, threads: 1 });
    assert.deepEqual(load({ addon: { apiVersion: NATIVE_API_VERSION - 1 } }), {
      loaded: false,
      reason: `rnnlab-native is out of date (API version ${NATIVE_API_VERSION - 1}, rnnlab needs ${NATIVE_API_VERSION}); run npm rebuild rnnlab-native`,
    });
    const notFound = (message: string) => ({ error: { code: 'MODULE_NOT_FOUND', message } });
    assert.deepEqual(load(notFound("Cannot find module 'rnnlab-native'\nRequire stack:\n- /x/load-native.js")), {
      loaded: false,
      reason: 'rnnlab-native is not installed (its build was skipped or failed during npm install)',
    });
    assert.deepEqual(load(notFound("Cannot find module '/x/native/build/Release/rnnlab_native.node'")), {
      loaded: false,
      reason: 'rnnlab-native is installed but not built (its install script did not run: see "allowScripts" in package.json, then npm rebuild rnnlab-native)',
    });
    // Another module missing (one the addon needs) is not the addon missing.
    assert.deepEqual(load(notFound("Cannot find module 'node-gyp-build'")), {
      loaded: false,
      reason: "rnnlab-native failed to load: Cannot find module 'node-gyp-build'",
    });
    assert.deepEqual(load({ error: { code: 'ERR_DLOPEN_FAILED', message: 'libopenblas.so.0: cannot open shared object file\nat dlopen' } }), {
      loaded: false,
      reason: 'rnnlab-native failed to load: libopenblas.so.0: cannot open shared object file',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
