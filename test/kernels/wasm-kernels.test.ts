// The TensorFlow.js (wasm backend) kernels give the plain-JS reference's outputs to float32 tolerance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWasmKernels } from '../../src/kernels/wasm-kernels.js';
import { agreementCases } from './agreement-cases.js';
import { wasmTf } from './wasm-tf.js';

const tf = await wasmTf();
const kernels = createWasmKernels(tf);

test('the wasm kernels run on the wasm backend and say so', () => {
  assert.equal(kernels.name, 'wasm');
  assert.match(kernels.description, /on the wasm backend$/);
});

for (const { name, run } of agreementCases) {
  test(`wasm: ${name}`, () => run(kernels));
}

test('the wasm kernels leave no tensors behind', () => {
  const before = tf.memory().numTensors;
  for (const { run } of agreementCases) run(kernels);
  assert.equal(tf.memory().numTensors, before);
});
