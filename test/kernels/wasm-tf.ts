// TensorFlow.js on its wasm backend for the kernel tests and benchmark, chosen through rnnlab's backend module.
import { initBackend, tf } from '../../src/models/backend.js';

export async function wasmTf(): Promise<typeof tf> {
  await initBackend('wasm');
  return tf;
}
