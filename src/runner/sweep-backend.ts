// Which backend a sweep's workers will train on, decided in the parent as initBackend decides it in each worker.
import { createRequire } from 'node:module';
import type { BackendName } from '../config/run-config.js';
import { loadNative } from '../kernels/load-native.js';

/** What `auto` picks after native, as initBackend does: tfjs-node where it is installed, else wasm. */
export function autoFallbackBackend(): string {
  try {
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-node');
    return 'tensorflow (@tensorflow/tfjs-node)';
  } catch {
    return 'wasm';
  }
}

/** The name workers store in runs.backend for a sweep asked to use `name` ("native", "wasm", "tensorflow", "cpu"). */
export function sweepBackend(name: BackendName): string {
  if (name !== 'auto') return name;
  if (loadNative().addon !== null) return 'native';
  return autoFallbackBackend().startsWith('tensorflow') ? 'tensorflow' : 'wasm';
}
