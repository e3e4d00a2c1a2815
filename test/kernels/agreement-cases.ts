// The cases every fast kernel implementation must pass: same outputs as the plain-JS reference to float32 tolerance.
import assert from 'node:assert/strict';
import { jsKernels } from '../../src/kernels/js-kernels.js';
import type {
  Activation, Kernels, OutputLayerArgs, RecurrenceBackwardArgs, RecurrenceForwardArgs, SgemmArgs,
} from '../../src/kernels/kernels.js';
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

/** A valid call of each kind, small enough to break one argument at a time. */
const sgemmArgs = (): SgemmArgs => ({
  transA: false, transB: false, m: 2, n: 2, k: 3, alpha: 1,
  a: new Float32Array(6), b: new Float32Array(6), beta: 0, c: new Float32Array(4),
});
// No size is 1, so a needed length computed as n / hidden instead of n × hidden (or steps / batch) shows.
const outputArgs = (): OutputLayerArgs => ({
  h: new Float32Array(4), w: new Float32Array(6), b: new Float32Array(3), targets: Int32Array.from([0, 2]), n: 2, hidden: 2, vocab: 3,
  dH: new Float32Array(4), dW: new Float32Array(6), dB: new Float32Array(3),
});
const recurrence = { activation: 'tanh' as const, steps: 2, batch: 2, hidden: 2, whh: new Float32Array(4), h0: new Float32Array(4) };
const forwardArgs = (): RecurrenceForwardArgs => ({ ...recurrence, pre: new Float32Array(8), hs: new Float32Array(8) });
const backwardArgs = (): RecurrenceBackwardArgs => ({
  ...recurrence, hs: new Float32Array(8), dHs: new Float32Array(8), dPre: new Float32Array(8), dWhh: new Float32Array(4), dH0: new Float32Array(4),
});

/** Each way a call can be malformed, with the RangeError every implementation must give before touching an array. */
const BAD_CALLS: [string, (kernels: Kernels) => void][] = [
  ['kernel argument a has 5 elements, needs at least 6', (k) => k.sgemm({ ...sgemmArgs(), a: new Float32Array(5) })],
  ['kernel argument b has 5 elements, needs at least 6', (k) => k.sgemm({ ...sgemmArgs(), b: new Float32Array(5) })],
  ['kernel argument c has 3 elements, needs at least 4', (k) => k.sgemm({ ...sgemmArgs(), c: new Float32Array(3) })],
  ['kernel argument m must be a non-negative integer, got -1', (k) => k.sgemm({ ...sgemmArgs(), m: -1 })],
  ['kernel argument n must be a non-negative integer, got 1.5', (k) => k.sgemm({ ...sgemmArgs(), n: 1.5 })],
  ['kernel argument k must be a non-negative integer, got NaN', (k) => k.sgemm({ ...sgemmArgs(), k: NaN })],
  ['kernel argument n must be a non-negative integer, got -2', (k) => k.softmaxCrossEntropy({ ...outputArgs(), n: -2 })],
  ['kernel argument hidden must be a non-negative integer, got 0.5', (k) => k.softmaxCrossEntropy({ ...outputArgs(), hidden: 0.5 })],
  ['kernel argument vocab must be a non-negative integer, got -3', (k) => k.softmaxCrossEntropy({ ...outputArgs(), vocab: -3 })],
  ['softmaxCrossEntropy needs n > 0 and vocab > 0', (k) => k.softmaxCrossEntropy({ ...outputArgs(), n: 0 })],
  ['softmaxCrossEntropy needs n > 0 and vocab > 0', (k) => k.softmaxCrossEntropy({ ...outputArgs(), vocab: 0 })],
  ['kernel argument h has 3 elements, needs at least 4', (k) => k.softmaxCrossEntropy({ ...outputArgs(), h: new Float32Array(3) })],
  ['kernel argument w has 5 elements, needs at least 6', (k) => k.softmaxCrossEntropy({ ...outputArgs(), w: new Float32Array(5) })],
  ['kernel argument b has 2 elements, needs at least 3', (k) => k.softmaxCrossEntropy({ ...outputArgs(), b: new Float32Array(2) })],
  ['kernel argument targets has 1 elements, needs at least 2', (k) => k.softmaxCrossEntropy({ ...outputArgs(), targets: Int32Array.from([0]) })],
  ['softmaxCrossEntropy: targets[1] = -1 is outside [0, 3)', (k) => k.softmaxCrossEntropy({ ...outputArgs(), targets: Int32Array.from([0, -1]) })],
  ['softmaxCrossEntropy: targets[0] = 3 is outside [0, 3)', (k) => k.softmaxCrossEntropy({ ...outputArgs(), targets: Int32Array.from([3, 0]) })],
  ['softmaxCrossEntropy: dH and dW must be given together or not at all', (k) => k.softmaxCrossEntropy({ ...outputArgs(), dW: undefined, dB: undefined })],
  ['softmaxCrossEntropy: dH and dW must be given together or not at all', (k) => k.softmaxCrossEntropy({ ...outputArgs(), dH: undefined, dB: undefined })],
  ['softmaxCrossEntropy: dB needs dH and dW', (k) => k.softmaxCrossEntropy({ ...outputArgs(), dH: undefined, dW: undefined })],
  ['kernel argument dB has 2 elements, needs at least 3', (k) => k.softmaxCrossEntropy({ ...outputArgs(), dB: new Float32Array(2) })],
  ['kernel argument dH has 3 elements, needs at least 4', (k) => k.softmaxCrossEntropy({ ...outputArgs(), dH: new Float32Array(3) })],
  ['kernel argument dW has 5 elements, needs at least 6', (k) => k.softmaxCrossEntropy({ ...outputArgs(), dW: new Float32Array(5) })],
  ['kernel argument steps must be a non-negative integer, got -1', (k) => k.rnnForward({ ...forwardArgs(), steps: -1 })],
  ['kernel argument batch must be a non-negative integer, got 1.5', (k) => k.rnnForward({ ...forwardArgs(), batch: 1.5 })],
  ['kernel argument hidden must be a non-negative integer, got -2', (k) => k.rnnBackward({ ...backwardArgs(), hidden: -2 })],
  ['kernel argument whh has 3 elements, needs at least 4', (k) => k.rnnForward({ ...forwardArgs(), whh: new Float32Array(3) })],
  ['kernel argument h0 has 3 elements, needs at least 4', (k) => k.rnnBackward({ ...backwardArgs(), h0: new Float32Array(3) })],
  ['kernel argument pre has 7 elements, needs at least 8', (k) => k.rnnForward({ ...forwardArgs(), pre: new Float32Array(7) })],
  ['kernel argument hs has 7 elements, needs at least 8', (k) => k.rnnForward({ ...forwardArgs(), hs: new Float32Array(7) })],
  ['kernel argument hs has 7 elements, needs at least 8', (k) => k.rnnBackward({ ...backwardArgs(), hs: new Float32Array(7) })],
  ['kernel argument dHs has 7 elements, needs at least 8', (k) => k.rnnBackward({ ...backwardArgs(), dHs: new Float32Array(7) })],
  ['kernel argument dPre has 7 elements, needs at least 8', (k) => k.rnnBackward({ ...backwardArgs(), dPre: new Float32Array(7) })],
];

const errorCase: AgreementCase = {
  name: 'every malformed call is the same RangeError as the reference, and a well-formed one of each kind is not',
  run(kernels) {
    for (const [message, call] of BAD_CALLS) assert.throws(() => call(kernels), { name: 'RangeError', message }, message);
    // The calls above differ from these in one argument each: what throws is that argument.
    kernels.sgemm(sgemmArgs());
    kernels.softmaxCrossEntropy(outputArgs());
    kernels.rnnForward(forwardArgs());
    kernels.rnnBackward(backwardArgs());
  },
};

/**
 * Logits of ±500 (h = [1, −1], w = [500, 0, −500]), worked by hand: row 0 is sure of its target 0 (loss 0, G row 0),
 * row 1 puts all mass on token 2 against target 1 (loss 500 + ln(1 + e^-500 + e^-1000) = 500). Mean loss 250;
 * G row 1 = [0, −1, 1]/2, so dW = hᵀG = [0, 0.5, −0.5], dH = G·wᵀ = [0, −250], dB = [0, −0.5, 0.5]. Only a softmax
 * shifted by each row's maximum gets this: any other shift overflows exp (float32 past 88, float64 past 709).
 */
const largeLogitsCase: AgreementCase = {
  name: 'softmaxCrossEntropy with logits of ±500 (worked by hand): shifted by the row maximum, no overflow',
  run(kernels) {
    const out = { dH: new Float32Array(2).fill(NaN), dW: new Float32Array(3).fill(NaN), dB: new Float32Array(3).fill(NaN) };
    const args = { h: Float32Array.from([1, -1]), w: Float32Array.from([500, 0, -500]), targets: Int32Array.from([0, 1]), n: 2, hidden: 1, vocab: 3 };
    const loss = kernels.softmaxCrossEntropy({ ...args, b: new Float32Array(3), ...out });
    assert.ok(Math.abs(loss - 250) <= 1e-4, `loss ${loss}`);
    assertClose(out.dW, [0, 0.5, -0.5], { atol: 1e-6, rtol: 0, what: 'dW' });
    assertClose(out.dH, [0, -250], { atol: 1e-4, rtol: 0, what: 'dH' });
    assertClose(out.dB, [0, -0.5, 0.5], { atol: 1e-6, rtol: 0, what: 'dB' });
    // Loss only: the same loss, without gradients.
    assert.ok(Math.abs(kernels.softmaxCrossEntropy(args) - 250) <= 1e-4);
  },
};

/** Cases whose expected values do not come from the plain-JS reference, so they test it too. */
export const referenceFreeCases: AgreementCase[] = [errorCase, largeLogitsCase];

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
  ...referenceFreeCases,
];
