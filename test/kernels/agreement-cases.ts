// The cases every fast kernel implementation must pass: same outputs as the plain-JS reference to float32 tolerance.
import assert from 'node:assert/strict';
import { jsKernels } from '../../src/kernels/js-kernels.js';
import type { Activation, Kernels } from '../../src/kernels/kernels.js';
import { assertClose, randomFloat32, randomTargets, seededUniform } from './kernel-fixtures.js';

export interface AgreementCase {
  name: string;
  run(kernels: Kernels): void;
}

// float32 products of length k ≤ ~70 over values in [-1, 1) are off by ≲ k·2⁻²⁴·Σ|terms| ≈ 1e-6; the reference
// accumulates in float64. 1e-5 absolute plus 1e-4 relative leaves room for BLAS/wasm summation order and expf.
const FLOAT32 = { atol: 1e-5, rtol: 1e-4 };

function sgemmCase(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number, beta: number): AgreementCase {
  return {
    name: `sgemm ${transA ? 'Aᵀ' : 'A'}·${transB ? 'Bᵀ' : 'B'} with m=${m} n=${n} k=${k}, alpha=${alpha}, beta=${beta}`,
    run(kernels) {
      const next = seededUniform(m * 1000 + n * 100 + k + (transA ? 7 : 0) + (transB ? 13 : 0));
      const a = randomFloat32(m * k, next);
      const b = randomFloat32(k * n, next);
      const c0 = randomFloat32(m * n, next);
      if (beta === 0) c0.fill(NaN); // beta = 0 must ignore C entirely
      const expected = c0.slice();
      const actual = c0.slice();
      jsKernels.sgemm({ transA, transB, m, n, k, alpha, a, b, beta, c: expected });
      kernels.sgemm({ transA, transB, m, n, k, alpha, a, b, beta, c: actual });
      assertClose(actual, expected, { ...FLOAT32, what: 'C' });
    },
  };
}

function outputLayerCase(n: number, hidden: number, vocab: number, withGradients: boolean, withBias: boolean): AgreementCase {
  return {
    name: `softmaxCrossEntropy n=${n} hidden=${hidden} vocab=${vocab} ${withBias ? 'with' : 'without'} bias, ${withGradients ? 'with gradients' : 'loss only'}`,
    run(kernels) {
      const next = seededUniform(n * 31 + hidden * 7 + vocab);
      const h = randomFloat32(n * hidden, next);
      const w = randomFloat32(hidden * vocab, next, 3); // logits of a few units: a peaked softmax
      const targets = randomTargets(n, vocab, next);
      const b = withBias ? randomFloat32(vocab, next, 2) : undefined;
      const grads = (): { dH?: Float32Array; dW?: Float32Array; dB?: Float32Array } => {
        if (!withGradients) return {};
        const out = { dH: new Float32Array(n * hidden).fill(NaN), dW: new Float32Array(hidden * vocab).fill(NaN) };
        return withBias ? { ...out, dB: new Float32Array(vocab).fill(NaN) } : out;
      };
      const expected = grads();
      const actual = grads();
      const expectedLoss = jsKernels.softmaxCrossEntropy({ h, w, b, targets, n, hidden, vocab, ...expected });
      const actualLoss = kernels.softmaxCrossEntropy({ h, w, b, targets, n, hidden, vocab, ...actual });
      assert.ok(Math.abs(actualLoss - expectedLoss) <= 1e-5 * Math.max(1, expectedLoss), `loss ${actualLoss} vs ${expectedLoss}`);
      if (expected.dH && actual.dH) assertClose(actual.dH, expected.dH, { ...FLOAT32, what: 'dH' });
      if (expected.dW && actual.dW) assertClose(actual.dW, expected.dW, { ...FLOAT32, what: 'dW' });
      if (expected.dB && actual.dB) assertClose(actual.dB, expected.dB, { ...FLOAT32, what: 'dB' });
    },
  };
}

function recurrenceCase(activation: Activation, steps: number, batch: number, hidden: number): AgreementCase {
  return {
    name: `rnnForward and rnnBackward (${activation}) steps=${steps} batch=${batch} hidden=${hidden}`,
    run(kernels) {
      const next = seededUniform(steps * 100 + batch * 10 + hidden + (activation === 'tanh' ? 0 : 1));
      const size = steps * batch * hidden;
      const common = {
        activation, steps, batch, hidden,
        whh: randomFloat32(hidden * hidden, next, 0.5),
        h0: randomFloat32(batch * hidden, next),
      };
      const pre = randomFloat32(size, next);
      const expectedHs = new Float32Array(size);
      const actualHs = new Float32Array(size);
      jsKernels.rnnForward({ ...common, pre, hs: expectedHs });
      kernels.rnnForward({ ...common, pre, hs: actualHs });
      assertClose(actualHs, expectedHs, { ...FLOAT32, what: 'hs' });

      const dHs = randomFloat32(size, next);
      const outputs = () => ({
        dPre: new Float32Array(size).fill(NaN),
        dWhh: new Float32Array(hidden * hidden).fill(NaN),
        dH0: new Float32Array(batch * hidden).fill(NaN),
      });
      const expected = outputs();
      const actual = outputs();
      jsKernels.rnnBackward({ ...common, hs: expectedHs, dHs, ...expected });
      kernels.rnnBackward({ ...common, hs: expectedHs, dHs, ...actual });
      assertClose(actual.dPre, expected.dPre, { ...FLOAT32, what: 'dPre' });
      assertClose(actual.dWhh, expected.dWhh, { ...FLOAT32, what: 'dWhh' });
      assertClose(actual.dH0, expected.dH0, { ...FLOAT32, what: 'dH0' });
    },
  };
}

const errorCase: AgreementCase = {
  name: 'bad arguments are the same RangeErrors as the reference',
  run(kernels) {
    assert.throws(
      () => kernels.sgemm({ transA: false, transB: false, m: 2, n: 2, k: 3, alpha: 1, a: new Float32Array(5), b: new Float32Array(6), beta: 0, c: new Float32Array(4) }),
      { name: 'RangeError', message: 'kernel argument a has 5 elements, needs at least 6' },
    );
    assert.throws(
      () => kernels.softmaxCrossEntropy({ h: new Float32Array(2), w: new Float32Array(6), targets: Int32Array.from([0, -1]), n: 2, hidden: 1, vocab: 3 }),
      { name: 'RangeError', message: 'softmaxCrossEntropy: targets[1] = -1 is outside [0, 3)' },
    );
  },
};

export const agreementCases: AgreementCase[] = [
  sgemmCase(false, false, 5, 7, 3, 1, 0),
  sgemmCase(true, false, 6, 4, 9, 1, 0),
  sgemmCase(false, true, 3, 8, 5, 0.5, 1),
  sgemmCase(true, true, 7, 2, 6, -1.5, 0.25),
  sgemmCase(false, false, 1, 65, 64, 1, 1),
  // The output layer's three products at a tenth of the book's sizes: [320,64]·[64,54], hᵀ·G and G·Wᵀ.
  sgemmCase(false, false, 320, 54, 64, 1, 0),
  sgemmCase(true, false, 64, 54, 320, 1, 0),
  sgemmCase(false, true, 320, 64, 54, 1, 0),
  outputLayerCase(6, 4, 9, true, false),
  outputLayerCase(6, 4, 9, false, false),
  outputLayerCase(6, 4, 9, true, true),
  outputLayerCase(6, 4, 9, false, true),
  outputLayerCase(50, 16, 37, true, false),
  outputLayerCase(200, 8, 300, true, true),
  recurrenceCase('tanh', 5, 3, 4),
  recurrenceCase('sigmoid', 5, 3, 4),
  recurrenceCase('tanh', 1, 2, 8),
  errorCase,
];
