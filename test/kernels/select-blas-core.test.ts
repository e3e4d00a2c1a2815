// Kernel selection end to end: the environment protocol with doubles for the CPU and the probe, then for real in
// child processes, where a library that detects Prescott (how OpenBLAS 0.3.21 sees a CPU it does not know) is made
// by loading the probe's OpenBLAS with OPENBLAS_CORETYPE=Prescott.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bestCoretypeFor, type CpuFeatures } from '../../src/kernels/choose-blas-core.js';
import { loadNative } from '../../src/kernels/load-native.js';
import { readCpuFeatures } from '../../src/kernels/read-cpu-features.js';
import { selectBlasCore, type SelectBlasCoreDeps } from '../../src/kernels/select-blas-core.js';
import { projectRoot } from '../helpers/paths.js';

const AVX2_AMD: CpuFeatures = { vendor: 'AuthenticAMD', flags: new Set(['avx', 'avx2', 'fma']) };

function doubles(detected: string, cpu: CpuFeatures = AVX2_AMD): SelectBlasCoreDeps & { probes: number } {
  const deps = {
    probes: 0,
    readCpu: () => cpu,
    probe: () => {
      deps.probes++;
      return { core: detected };
    },
  };
  return deps;
}

test('a mis-detected core is overridden through the environment, and a child inherits the choice without probing', (t) => {
  if (process.platform === 'darwin') return void t.skip('macOS uses Accelerate');
  const env: NodeJS.ProcessEnv = {};
  const deps = doubles('Prescott');
  assert.deepEqual(selectBlasCore(env, deps), {
    source: 'rnnlab',
    requested: 'Zen',
    detected: 'Prescott',
    why: 'OpenBLAS detected Prescott on this AVX2+FMA CPU',
  });
  assert.deepEqual(env, { OPENBLAS_CORETYPE: 'Zen', RNNLAB_BLAS_CORE_CHOSEN: 'Zen', RNNLAB_BLAS_CORE_DETECTED: 'Prescott' });
  const child = doubles('Prescott');
  assert.deepEqual(selectBlasCore({ ...env }, child), {
    source: 'rnnlab',
    requested: 'Zen',
    detected: 'Prescott',
    why: "inherited rnnlab's choice Zen",
  });
  assert.equal(child.probes, 0);
});

test("the user's OPENBLAS_CORETYPE wins: no probe, no override, rnnlab's stale marker dropped", (t) => {
  if (process.platform === 'darwin') return void t.skip('macOS uses Accelerate');
  const env: NodeJS.ProcessEnv = { OPENBLAS_CORETYPE: 'Prescott', RNNLAB_BLAS_CORE_CHOSEN: 'Zen' };
  const deps = doubles('Prescott');
  assert.deepEqual(selectBlasCore(env, deps), {
    source: 'user',
    requested: 'Prescott',
    detected: null,
    why: 'OPENBLAS_CORETYPE=Prescott is set by the user',
  });
  assert.deepEqual(env, { OPENBLAS_CORETYPE: 'Prescott' });
  assert.equal(deps.probes, 0);
});

test('a correct detection is kept and remembered for children; a CPU without AVX2 is never probed', (t) => {
  if (process.platform === 'darwin') return void t.skip('macOS uses Accelerate');
  const env: NodeJS.ProcessEnv = {};
  assert.equal(selectBlasCore(env, doubles('Zen')).source, 'openblas');
  assert.deepEqual(env, { RNNLAB_BLAS_CORE_DETECTED: 'Zen' });
  const old = doubles('Prescott', { vendor: 'GenuineIntel', flags: new Set(['sse2', 'avx']) });
  assert.deepEqual(selectBlasCore({}, old), {
    source: 'openblas',
    requested: null,
    detected: null,
    why: 'the CPU has neither AVX2+FMA nor AVX-512',
  });
  assert.equal(old.probes, 0);
});

const loaderUrl = pathToFileURL(join(projectRoot, 'dist', 'src', 'kernels', 'load-native.js')).href;
const kernelsUrl = pathToFileURL(join(projectRoot, 'dist', 'src', 'kernels', 'native-kernels.js')).href;
const casesUrl = pathToFileURL(join(projectRoot, 'dist', 'test', 'kernels', 'agreement-cases.js')).href;

interface ChildReport {
  description: string;
  env: { OPENBLAS_CORETYPE?: string; RNNLAB_BLAS_CORE_CHOSEN?: string; RNNLAB_BLAS_CORE_DETECTED?: string };
  failures: string[];
  worker?: ChildReport;
}

/**
 * In a fresh process: loadNative(), its kernels' description, rnnlab's variables, the kernel agreement cases run on
 * that core, and (with `worker`) the same from a grandchild started the way the sweep forks workers (inherited env).
 */
function loadInChild(env: Record<string, string>, worker = false): ChildReport {
  const script = `
    const { loadNative } = await import(${JSON.stringify(loaderUrl)});
    const { createNativeKernels } = await import(${JSON.stringify(kernelsUrl)});
    const { agreementCases } = await import(${JSON.stringify(casesUrl)});
    const load = loadNative();
    const kernels = createNativeKernels(load.addon, load.blas);
    const failures = [];
    for (const c of agreementCases) { try { c.run(kernels); } catch (e) { failures.push(c.name + ': ' + e.message); } }
    const pick = ({ OPENBLAS_CORETYPE, RNNLAB_BLAS_CORE_CHOSEN, RNNLAB_BLAS_CORE_DETECTED }) =>
      ({ OPENBLAS_CORETYPE, RNNLAB_BLAS_CORE_CHOSEN, RNNLAB_BLAS_CORE_DETECTED });
    const report = { description: kernels.description, env: pick(process.env), failures };
    if (process.argv[1] === 'worker') {
      const { execFileSync } = await import('node:child_process');
      report.worker = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', process.argv[2]], { encoding: 'utf8' }));
    }
    console.log(JSON.stringify(report));`;
  const clean = { ...process.env };
  for (const name of ['OPENBLAS_CORETYPE', 'RNNLAB_BLAS_CORE_CHOSEN', 'RNNLAB_BLAS_CORE_DETECTED', 'RNNLAB_BLAS_PROBE_CORETYPE', 'RNNLAB_BLAS_THREADS']) {
    delete clean[name];
  }
  const args = ['--input-type=module', '-e', script, ...(worker ? ['worker', script] : [])];
  return JSON.parse(execFileSync(process.execPath, args, { env: { ...clean, ...env }, encoding: 'utf8' })) as ChildReport;
}

const load = loadNative();
const skipReason = !load.addon ? `native addon not built: ${load.reason}` : load.blas.name !== 'OpenBLAS' ? `${load.blas.name} is not OpenBLAS` : undefined;
const best = bestCoretypeFor(readCpuFeatures());

test('for real: a library that detects Prescott makes rnnlab load it with the best core, in the process and its workers', (t) => {
  if (skipReason) return void t.skip(skipReason);
  if (best === null) return void t.skip('this CPU has neither AVX2+FMA nor AVX-512: nothing better than Prescott to choose');
  const report = loadInChild({ RNNLAB_BLAS_PROBE_CORETYPE: 'Prescott' }, true);
  const core = `(core ${best.coretype}: chosen by rnnlab, OpenBLAS detected Prescott), 1 thread`;
  assert.ok(report.description.endsWith(core), report.description);
  assert.deepEqual(report.env, { OPENBLAS_CORETYPE: best.coretype, RNNLAB_BLAS_CORE_CHOSEN: best.coretype, RNNLAB_BLAS_CORE_DETECTED: 'Prescott' });
  assert.deepEqual(report.failures, []);
  assert.ok(report.worker?.description.endsWith(core), report.worker?.description);
  assert.deepEqual(report.worker?.failures, []);
});

test("for real: the user's OPENBLAS_CORETYPE=Prescott is what a mis-detected CPU gets, and rnnlab leaves it; kernels still agree", (t) => {
  if (skipReason) return void t.skip(skipReason);
  const report = loadInChild({ OPENBLAS_CORETYPE: 'Prescott' });
  assert.ok(report.description.endsWith('(core Prescott: set by OPENBLAS_CORETYPE=Prescott), 1 thread'), report.description);
  assert.deepEqual(report.env, { OPENBLAS_CORETYPE: 'Prescott' }); // JSON drops rnnlab's unset variables
  assert.deepEqual(report.failures, []);
});

test('for real: with nothing set, the detected core is recorded as OpenBLAS\'s own and the kernels agree on it', (t) => {
  if (skipReason) return void t.skip(skipReason);
  const report = loadInChild({});
  assert.match(report.description, /\(core \w+: detected by OpenBLAS\), 1 thread$/);
  const detected = report.env.RNNLAB_BLAS_CORE_DETECTED;
  if (best !== null) assert.ok(report.description.includes(`(core ${detected ?? '?'}: `), report.description);
  assert.equal(report.env.OPENBLAS_CORETYPE, undefined);
  assert.deepEqual(report.failures, []);
});
