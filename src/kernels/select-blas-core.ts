// Sets OPENBLAS_CORETYPE for this process and its children before the addon loads, when OpenBLAS would pick a
// generic or old core on a CPU that can run better kernels (issue 13); never over the user's own setting.
import { bestCoretypeFor, chooseBlasCore, type CpuFeatures } from './choose-blas-core.js';
import { probeBlasCore } from './probe-blas-core.js';
import { readCpuFeatures } from './read-cpu-features.js';

/**
 * Environment variables rnnlab sets for itself (children, i.e. sweep workers, inherit them and need no probe):
 * the coretype rnnlab put into OPENBLAS_CORETYPE, and the core the probe saw OpenBLAS detect.
 */
export const CHOSEN_CORE_VAR = 'RNNLAB_BLAS_CORE_CHOSEN';
export const DETECTED_CORE_VAR = 'RNNLAB_BLAS_CORE_DETECTED';

/** How the core of this process's OpenBLAS was decided. */
export interface BlasCoreSelection {
  /** `openblas`: its own detection; `rnnlab`: rnnlab set OPENBLAS_CORETYPE; `user`: the user did. */
  source: 'openblas' | 'rnnlab' | 'user';
  /** The OPENBLAS_CORETYPE in force (rnnlab's or the user's), if any. */
  requested: string | null;
  /** The core OpenBLAS detected by itself, when rnnlab probed it (or a parent process did). */
  detected: string | null;
  /** One line for logs and tests: why rnnlab did what it did. */
  why: string;
}

export interface SelectBlasCoreDeps {
  readCpu(): CpuFeatures;
  probe(env: NodeJS.ProcessEnv): { core: string } | { error: string };
}

const realDeps: SelectBlasCoreDeps = { readCpu: () => readCpuFeatures(), probe: probeBlasCore };

/**
 * Decides the core and writes the decision into `env` (process.env for real: OpenBLAS reads the C environment,
 * which Node's process.env writes through to, when the addon is loaded after this call).
 */
export function selectBlasCore(env: NodeJS.ProcessEnv = process.env, deps: SelectBlasCoreDeps = realDeps): BlasCoreSelection {
  const inForce = env.OPENBLAS_CORETYPE || undefined;
  const chosen = env[CHOSEN_CORE_VAR] || undefined;
  const inherited = env[DETECTED_CORE_VAR] || null;
  if (inForce !== undefined && inForce === chosen) {
    return { source: 'rnnlab', requested: chosen, detected: inherited, why: `inherited rnnlab's choice ${chosen}` };
  }
  delete env[CHOSEN_CORE_VAR];
  if (inForce !== undefined) {
    return { source: 'user', requested: inForce, detected: null, why: `OPENBLAS_CORETYPE=${inForce} is set by the user` };
  }
  // Only Linux loads OpenBLAS (macOS links Accelerate); only a CPU with AVX2+FMA or AVX-512 has better kernels to
  // offer, so everywhere else the probe (one short child process) is skipped.
  if (process.platform === 'darwin') return { source: 'openblas', requested: null, detected: null, why: 'Accelerate, not OpenBLAS' };
  const cpu = deps.readCpu();
  if (bestCoretypeFor(cpu) === null) {
    return { source: 'openblas', requested: null, detected: null, why: 'the CPU has neither AVX2+FMA nor AVX-512' };
  }
  let detected = inherited;
  if (detected === null) {
    const probe = deps.probe(env);
    if ('error' in probe) return { source: 'openblas', requested: null, detected: null, why: `probe failed: ${probe.error}` };
    detected = probe.core;
    env[DETECTED_CORE_VAR] = detected;
  }
  const decision = chooseBlasCore(detected, cpu, undefined);
  if (decision.action === 'keep') return { source: 'openblas', requested: null, detected, why: decision.why };
  env.OPENBLAS_CORETYPE = decision.coretype;
  env[CHOSEN_CORE_VAR] = decision.coretype;
  return { source: 'rnnlab', requested: decision.coretype, detected, why: decision.why };
}
