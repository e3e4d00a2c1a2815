// Asks a short child process which core the addon's OpenBLAS picks by itself: the library reads OPENBLAS_CORETYPE
// only when it is loaded, so this process must learn the answer before it loads the addon.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

/** The core named at the end of the addon's BLAS config, "… (core Zen)"; null when there is none (Accelerate). */
export function coreFromConfig(config: string): string | null {
  return /\(core ([^)]+)\)$/.exec(config)?.[1] ?? null;
}

/**
 * The core OpenBLAS detects on this machine when nothing forces one, or why the probe could not tell.
 * `env.RNNLAB_BLAS_PROBE_CORETYPE` (diagnostic) loads the probe's library with that OPENBLAS_CORETYPE, so it behaves
 * exactly as a library that detects that core would: how to see (and test) what rnnlab does on a CPU its OpenBLAS
 * does not recognise.
 */
export function probeBlasCore(env: NodeJS.ProcessEnv): { core: string } | { error: string } {
  let addonPath: string;
  try {
    addonPath = createRequire(import.meta.url).resolve('rnnlab-native');
  } catch {
    return { error: 'rnnlab-native is not installed' };
  }
  const probeEnv: NodeJS.ProcessEnv = { ...env, OPENBLAS_NUM_THREADS: '1' };
  delete probeEnv.OPENBLAS_CORETYPE;
  delete probeEnv.OPENBLAS_VERBOSE;
  if (env.RNNLAB_BLAS_PROBE_CORETYPE) probeEnv.OPENBLAS_CORETYPE = env.RNNLAB_BLAS_PROBE_CORETYPE;
  const script = `process.stdout.write(require(${JSON.stringify(addonPath)}).blasInfo().config)`;
  const child = spawnSync(process.execPath, ['-e', script], { env: probeEnv, encoding: 'utf8', timeout: 30_000 });
  if (child.status !== 0) {
    const why = child.error?.message ?? (child.stderr.trim().split('\n')[0] || `exit ${String(child.status ?? child.signal)}`);
    return { error: `the probe process failed: ${why}` };
  }
  const core = coreFromConfig(child.stdout);
  return core === null ? { error: `no core in the BLAS config "${child.stdout}"` } : { core };
}
