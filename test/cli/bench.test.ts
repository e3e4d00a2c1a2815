// `rnnlab bench`: JSON output shape and option errors (tiny step counts; the figures themselves are not asserted).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers/run-cli.js';

test('bench --json prints one object per model with the measured figures', async () => {
  const result = await runCli(['bench', '--model', 'rnn', '--steps', '1', '--baseline-steps', '1', '--backend', 'wasm', '--json']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, '');
  const lines = result.stdout.trim().split('\n');
  assert.equal(lines.length, 1);
  const row = JSON.parse(lines[0]) as Record<string, unknown>;
  assert.deepEqual(Object.keys(row), [
    'model',
    'backend',
    'steps_per_sec',
    'tokens_per_sec',
    'baseline_steps_per_sec',
    'speedup',
    'variant',
    'gflop_per_update',
    'gflops',
    'gemm_gflops',
    'gemm_fraction',
    'blas',
    'cpu',
  ]);
  assert.equal(row.model, 'rnn');
  assert.equal(row.backend, 'wasm');
  assert.equal(row.variant, null);
  assert.equal(row.blas, null);
  const steps = row.steps_per_sec as number;
  assert.ok(steps > 0);
  assert.ok(Math.abs((row.tokens_per_sec as number) - steps * 50 * 64) < 1e-6 * steps * 3200);
  assert.ok(Math.abs((row.speedup as number) - steps / (row.baseline_steps_per_sec as number)) < 1e-9 * (row.speedup as number));
  assert.equal(row.gflop_per_update, 0.7471104);
  assert.ok(Math.abs((row.gflops as number) - 0.7471104 * steps) < 1e-9 * (row.gflops as number));
  assert.ok((row.gemm_gflops as number) > 0);
  assert.ok(Math.abs((row.gemm_fraction as number) - (row.gflops as number) / (row.gemm_gflops as number)) < 1e-12);
});

test('bench --model rnncf measures the paper variant; --variant book the notebook\'s graph, with fewer FLOPs', async () => {
  const rows = [];
  for (const variant of [[], ['--variant', 'book']]) {
    const result = await runCli(['bench', '--model', 'rnncf', ...variant, '--steps', '1', '--baseline-steps', '0', '--backend', 'wasm', '--json']);
    assert.equal(result.code, 0, result.stderr);
    rows.push(JSON.parse(result.stdout) as { variant: string; gflop_per_update: number; baseline_steps_per_sec: null });
  }
  assert.deepEqual(
    rows.map((row) => [row.variant, row.gflop_per_update, row.baseline_steps_per_sec]),
    [
      ['paper', 1.4942208, null],
      ['book', 1.340080128, null],
    ],
  );
});

test('bench prints the CPU, the GEMM rate and one table row per model', async () => {
  const result = await runCli(['bench', '--model', 'lstm', '--steps', '1', '--baseline-steps', '0', '--backend', 'wasm']);
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.split('\n');
  assert.match(lines[0], /^cpu: .+$/);
  assert.match(lines[1], /^GEMM rate: \d+\.\d GFLOP\/s on \[3200×128\]·\[128×544\] \((OpenBLAS|Accelerate|TensorFlow\.js).*\)$/);
  assert.match(result.stdout, /│ model +│ backend │ updates\/s │ tokens\/s │ GFLOP\/update │ GFLOP\/s │ of GEMM rate │/);
  assert.match(result.stdout, /│ lstm +│ wasm +│ \d+\.\d\d +│ \d+ +│ 0\.983 +│ \d+\.\d +│ \d+% +│ - +│ - +│/);
});

test('bench on native records the BLAS core, and picks better kernels when OpenBLAS reports Prescott', async (t) => {
  const { loadNative } = await import('../../src/kernels/load-native.js');
  const { bestCoretypeFor } = await import('../../src/kernels/choose-blas-core.js');
  const { readCpuFeatures } = await import('../../src/kernels/read-cpu-features.js');
  const load = loadNative();
  if (!load.addon || load.blas.name !== 'OpenBLAS') return void t.skip(load.reason ?? 'not OpenBLAS');
  const best = bestCoretypeFor(readCpuFeatures());
  if (best === null) return void t.skip('this CPU has neither AVX2+FMA nor AVX-512');
  const env = { RNNLAB_BLAS_PROBE_CORETYPE: 'Prescott', OPENBLAS_CORETYPE: '', RNNLAB_BLAS_CORE_DETECTED: '', RNNLAB_BLAS_CORE_CHOSEN: '' };
  const args = ['bench', '--backend', 'native', '--model', 'rnn', '--steps', '1', '--baseline-steps', '0', '--json'];
  const result = await runCli(args, { env });
  assert.equal(result.code, 0, result.stderr);
  const row = JSON.parse(result.stdout) as { blas: string };
  assert.match(row.blas, new RegExp(`^OpenBLAS .*\\(core ${best.coretype}: chosen by rnnlab, OpenBLAS detected Prescott\\), 1 thread$`));
});

test('bench rejects a bad --steps', async () => {
  const result = await runCli(['bench', '--steps', 'many']);
  assert.equal(result.code, 2);
  assert.equal(result.stderr, '--steps must be an integer ≥ 1; got "many"\n');
});

test('bench rejects an unknown --backend', async () => {
  const result = await runCli(['bench', '--backend', 'gpu', '--steps', '1']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /option '--backend <name>' argument 'gpu' is invalid\. Allowed choices are auto, tensorflow, wasm, cpu, native\./);
});

test('bench --backend native runs on the addon or says why it is not available', async () => {
  const result = await runCli(['bench', '--backend', 'native', '--model', 'rnn', '--steps', '1', '--baseline-steps', '0', '--json'], {
    env: { RNNLAB_NATIVE: '0' },
  });
  assert.equal(result.code, 2);
  assert.equal(result.stderr, 'native backend not available: disabled by RNNLAB_NATIVE=0\n');
});
