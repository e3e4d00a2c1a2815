// `rnnlab run` on native where OpenBLAS reports Prescott (a CPU it does not know): every worker trains on the core
// rnnlab chose, and each run records it with its thread count. Skipped without the addon or an AVX2/AVX-512 CPU.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestCoretypeFor } from '../../src/kernels/choose-blas-core.js';
import { loadNative } from '../../src/kernels/load-native.js';
import { readCpuFeatures } from '../../src/kernels/read-cpu-features.js';
import { runCli } from '../helpers/run-cli.js';
import { readStore, tempDir, tinySweepSpec } from './run-sweep-helpers.js';

test('a sweep whose OpenBLAS detects Prescott trains every run on the chosen core, in both workers', async (t) => {
  const load = loadNative();
  if (!load.addon || load.blas.name !== 'OpenBLAS') return void t.skip(load.reason ?? `${load.blas.name} is not OpenBLAS`);
  const best = bestCoretypeFor(readCpuFeatures());
  if (best === null) return void t.skip('this CPU has neither AVX2+FMA nor AVX-512');
  const { dbPath, cleanup } = tempDir();
  try {
    // The test process's own decision must not leak into the CLI: it decides afresh from a Prescott-reporting probe.
    const env = { RNNLAB_BLAS_PROBE_CORETYPE: 'Prescott', OPENBLAS_CORETYPE: '', RNNLAB_BLAS_CORE_DETECTED: '', RNNLAB_BLAS_CORE_CHOSEN: '' };
    const result = await runCli(['run', tinySweepSpec, '--db', dbPath, '--workers', '2', '--backend', 'native'], { env });
    assert.equal(result.code, 0, result.stderr);
    const { runs } = readStore(dbPath);
    // Runs are trained in forked workers, never in the CLI process that decided the core: the decision reached them
    // through the environment. (Which of the two workers took how many runs depends on the machine's load.)
    assert.ok(runs.length > 0 && runs.every((run) => run.pid !== null));
    const core = `\\(core ${best.coretype}: chosen by rnnlab, OpenBLAS detected Prescott\\), \\d+ threads?`;
    for (const run of runs) assert.match(run.blas ?? '', new RegExp(`^OpenBLAS .*${core}(, then \\d+ threads from epoch \\d+)?$`));
  } finally {
    cleanup();
  }
});
