// TensorFlow.js on its wasm backend for the kernel tests and benchmark.
// Imported directly for now: src/train/backend.ts (issue 3, not yet committed) will own the backend choice;
// switch to its initBackend('wasm') and exported tf once it is committed.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

export async function wasmTf(): Promise<typeof tf> {
  setWasmPaths(`${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`);
  if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs wasm backend did not initialise');
  await tf.ready();
  return tf;
}
