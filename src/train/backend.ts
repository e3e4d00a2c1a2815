// Chooses and initialises the TensorFlow.js backend; the one module through which rnnlab imports tfjs.
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { BackendName } from '../config/run-config.js';
import { UserError } from '../config/user-error.js';
import type { Kernels } from '../kernels/kernels.js';
import { loadNative } from '../kernels/load-native.js';
import { createNativeKernels } from '../kernels/native-kernels.js';

export { tf };

const require = createRequire(import.meta.url);

/** The native (BLAS addon) kernels while the `native` backend is active, else null. */
let activeKernels: Kernels | null = null;

/**
 * The kernels the models' hot paths (output layer, tanh recurrences) should run on, or null to use tfjs ops.
 * Non-null only under the `native` backend, where tensors live on the JS CPU backend (host arrays, no copies).
 */
export function nativeKernels(): Kernels | null {
  return activeKernels;
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
  // `native` keeps its tensors on the JS CPU backend; the kernels stay selected.
  if (!(await tf.setBackend(name === 'native' ? 'cpu' : name))) throw new Error(`backend ${name} failed to initialise`);
  silenceCpuNotice();
}

/**
 * Makes `name` the active tfjs backend and returns the backend actually in use
 * (`auto` = tensorflow if @tensorflow/tfjs-node is importable, else wasm, else cpu; `native` = the rnnlab-native
 * BLAS addon for the hot paths with the JS CPU backend for everything else, when the addon is built).
 */
export async function initBackend(name: BackendName): Promise<string> {
  activeKernels = null;
  switch (name) {
    case 'native': {
      // The rnnlab-native BLAS addon for the hot paths, tensors on the JS CPU backend (zero-copy host access).
      const load = loadNative();
      if (load.addon === null) throw new UserError(`native backend not available: ${load.reason}`);
      await switchBackend('cpu');
      await tf.ready();
      activeKernels = createNativeKernels(load.addon, load.blas);
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
    case 'auto':
      if (!(await tryTensorflow()) && !(await tryWasm())) await switchBackend('cpu');
      break;
    default:
      throw new UserError(`unknown backend "${String(name)}" (expected auto, tensorflow, wasm, cpu or native)`);
  }
  await tf.ready();
  return tf.getBackend();
}
