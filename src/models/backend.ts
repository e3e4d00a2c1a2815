// Chooses and initialises the TensorFlow.js backend; the one module through which rnnlab imports tfjs (models and train).
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { BackendName } from '../config/run-config.js';
import { UserError } from '../config/user-error.js';
import type { Kernels } from '../kernels/kernels.js';
import { applyBlasThreadBudget, loadNative } from '../kernels/load-native.js';
import { createNativeKernels } from '../kernels/native-kernels.js';

export { tf };

const require = createRequire(import.meta.url);

/** The native (BLAS addon) kernels while the `native` backend is active, else null. */
let activeKernels: Kernels | null = null;

/**
 * The kernels the models' hot paths (output layer, tanh recurrences) should run on, or null to use tfjs ops.
 * Non-null only under the `native` backend. tfjs itself then runs on wasm (parameters, Adam, small ops): measured
 * with `rnnlab bench`, that is 2–3× faster for rnncf and lstm than keeping the tensors on the JS CPU backend, whose
 * Adam and elementwise ops dominated an update once the products ran on BLAS.
 */
export function nativeKernels(): Kernels | null {
  return activeKernels;
}

/** Why the last `auto` did not pick native (addon not built, disabled, …), for the CLI to say once; else null. */
let autoFallbackReason: string | null = null;

export function nativeFallbackReason(): string | null {
  return autoFallbackReason;
}

/** The BLAS behind the native kernels (e.g. "OpenBLAS 0.3.21 … (core Haswell), 1 thread"), for run records. */
export function nativeBlasDescription(): string | null {
  return activeKernels?.description ?? null;
}

/**
 * Gives the native backend's BLAS `budget` threads (RNNLAB_BLAS_THREADS, when set, wins); returns the count in force,
 * or null when the native backend is not active.
 */
export function setNativeBlasThreads(budget: number): number | null {
  const load = loadNative();
  if (activeKernels === null || load.addon === null) return null;
  return applyBlasThreadBudget(load.addon, budget);
}

/** Makes the native kernels active with tfjs on wasm underneath; the reason when the addon or wasm is missing. */
async function tryNative(): Promise<{ ok: true } | { ok: false; reason: string }> {
  const load = loadNative();
  if (load.addon === null) return { ok: false, reason: load.reason };
  if (!(await tryWasm())) return { ok: false, reason: '@tensorflow/tfjs-backend-wasm failed to load' };
  await tf.ready();
  activeKernels = createNativeKernels(load.addon, load.blas);
  return { ok: true };
}

/** Loads @tensorflow/tfjs-node if installed (it registers the `tensorflow` backend on import). */
async function tryTensorflow(): Promise<boolean> {
  try {
    // A variable specifier keeps TypeScript from requiring the package's types at build time.
    const name = '@tensorflow/tfjs-node';
    await import(name);
    return await tf.setBackend('tensorflow');
  } catch {
    return false;
  }
}

/** Loads the wasm backend from node_modules; its .wasm binaries sit beside the package's main file. */
async function tryWasm(): Promise<boolean> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const distDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
    wasm.setWasmPaths(`${distDir}/`);
    return await tf.setBackend('wasm');
  } catch {
    return false;
  }
}

/** The JS CPU backend prints a "install tfjs-node" notice on first use; rnnlab chooses backends on purpose. */
function silenceCpuNotice(): void {
  const cpu = tf.findBackend('cpu') as { firstUse?: boolean } | null;
  if (cpu !== null && 'firstUse' in cpu) cpu.firstUse = false;
}

/** Switches the active backend to one already initialised (e.g. the benchmark's CPU baseline and back). */
export async function switchBackend(name: string): Promise<void> {
  // `native` keeps its tensors on wasm; the kernels stay selected.
  if (!(await tf.setBackend(name === 'native' ? 'wasm' : name))) throw new Error(`backend ${name} failed to initialise`);
  silenceCpuNotice();
}

/**
 * Makes `name` the active tfjs backend and returns the backend actually in use
 * (`auto` = native if the rnnlab-native BLAS addon is built, else tensorflow if @tensorflow/tfjs-node is importable,
 * else wasm, else cpu; `native` = the addon for the hot paths with tfjs on wasm for everything else).
 */
export async function initBackend(name: BackendName): Promise<string> {
  activeKernels = null;
  autoFallbackReason = null;
  switch (name) {
    case 'native': {
      const native = await tryNative();
      if (!native.ok) throw new UserError(`native backend not available: ${native.reason}`);
      return 'native';
    }
    case 'tensorflow':
      if (!(await tryTensorflow()))
        throw new UserError('backend "tensorflow" not available: install @tensorflow/tfjs-node (npm install @tensorflow/tfjs-node)');
      break;
    case 'wasm':
      if (!(await tryWasm())) throw new UserError('backend "wasm" not available: @tensorflow/tfjs-backend-wasm failed to load');
      break;
    case 'cpu':
      await switchBackend('cpu');
      break;
    case 'auto': {
      const native = await tryNative();
      if (native.ok) return 'native';
      autoFallbackReason = native.reason;
      if (!(await tryTensorflow()) && !(await tryWasm())) await switchBackend('cpu');
      break;
    }
    default:
      throw new UserError(`unknown backend "${String(name)}" (expected auto, tensorflow, wasm, cpu or native)`);
  }
  await tf.ready();
  return tf.getBackend();
}
