// The plain-JS reference kernels against hand-computed products and float64 central finite differences.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsKernels, jsRnnBackward, jsRnnForward, jsSgemm, jsSoftmaxCrossEntropy } from '../../src/kernels/js-kernels.js';
import type { Activation } from '../../src/kernels/kernels.js';
import { referenceFreeCases } from './agreement-cases.js';
import { assertClose, seededUniform } from './kernel-fixtures.js';

/** Stores a row-major [rows, cols] matrix transposed, as [cols, rows]. */
function transposed(values: number[], rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = values[i * cols + j];
  return out;
}

test('jsSgemm: a 2×3 by 3×2 product worked by hand, in every transpose combination, with alpha and beta', () => {
  const a = [1, 2, 3, 4, 5, 6]; // [2, 3]
  const b = [7, 8, 9, 10, 11, 12]; // [3, 2]
  // A·B = [[1·7+2·9+3·11, 1·8+2·10+3·12], [4·7+5·9+6·11, 4·8+5·10+6·12]] = [[58, 64], [139, 154]]
  const c0 = [1, -1, 2, 0.5];
  const expected = [58, 64, 139, 154].map((v, i) => 0.5 * v + 2 * c0[i]);
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      const c = Float64Array.from(c0);
      jsSgemm({
        transA, transB, m: 2, n: 2, k: 3, alpha: 0.5, beta: 2, c,
        a: transA ? transposed(a, 2, 3) : Float64Array.from(a),
        b: transB ? transposed(b, 3, 2) : Float64Array.from(b),
      });
      assert.deepEqual(Array.from(c), expected, `transA=${transA} transB=${transB}`);
    }
  }
});

test('jsSgemm: beta = 0 ignores NaN already in C', () => {
  const c = new Float64Array([NaN]);
  jsSgemm({ transA: false, transB: false, m: 1, n: 1, k: 2, alpha: 1, a: new Float64Array([1, 2]), b: new Float64Array([3, 4]), beta: 0, c });
  assert.equal(c[0], 11);
});

/** Central differences of f with respect to every element of x (float64; x is restored afterwards). */
function numericGradient(f: () => number, x: Float64Array, eps = 1e-6): Float64Array {
  const grad = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const saved = x[i];
    x[i] = saved + eps;
    const up = f();
    x[i] = saved - eps;
    const down = f();
    x[i] = saved;
    grad[i] = (up - down) / (2 * eps);
  }
  return grad;
}

test('jsSoftmaxCrossEntropy: dH, dW and dB equal float64 central differences of the mean loss', () => {
  const next = seededUniform(11);
  const [n, hidden, vocab] = [5, 3, 7];
  const h = Float64Array.from({ length: n * hidden }, next);
  const w = Float64Array.from({ length: hidden * vocab }, () => 2 * next());
  const b = Float64Array.from({ length: vocab }, next);
  const targets = Int32Array.from([0, 6, 3, 3, 1]);
  const dH = new Float64Array(n * hidden);
  const dW = new Float64Array(hidden * vocab);
  const dB = new Float64Array(vocab);
  jsSoftmaxCrossEntropy({ h, w, b, targets, n, hidden, vocab, dH, dW, dB });
  const loss = () => jsSoftmaxCrossEntropy({ h, w, b, targets, n, hidden, vocab });
  // Central differences have O(eps²) truncation and ~1e-16/eps rounding error: 1e-8 absolute is ample at eps 1e-6.
  assertClose(dH, numericGradient(loss, h), { atol: 1e-8, rtol: 1e-6, what: 'dH' });
  assertClose(dW, numericGradient(loss, w), { atol: 1e-8, rtol: 1e-6, what: 'dW' });
  assertClose(dB, numericGradient(loss, b), { atol: 1e-8, rtol: 1e-6, what: 'dB' });
});

test('jsSoftmaxCrossEntropy: the loss is ln(vocab) for zero logits and matches a direct log-softmax', () => {
  const [n, hidden, vocab] = [2, 2, 5];
  const zero = jsSoftmaxCrossEntropy({ h: new Float64Array(n * hidden), w: new Float64Array(hidden * vocab), targets: Int32Array.from([1, 4]), n, hidden, vocab });
  assert.ok(Math.abs(zero - Math.log(vocab)) < 1e-12);
  // One row, hidden 1: logits are w itself; large logits must not overflow.
  const w = Float64Array.from([1000, 1001, 999]);
  const loss = jsSoftmaxCrossEntropy({ h: Float64Array.from([1]), w, targets: Int32Array.from([2]), n: 1, hidden: 1, vocab: 3 });
  const expected = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(0)) - 0; // logits shifted by 999
  assert.ok(Math.abs(loss - expected) < 1e-12, `${loss} vs ${expected}`);
});

test('jsSoftmaxCrossEntropy: an out-of-range target is a RangeError naming it', () => {
  assert.throws(
    () => jsSoftmaxCrossEntropy({ h: new Float64Array(2), w: new Float64Array(6), targets: Int32Array.from([0, 3]), n: 2, hidden: 1, vocab: 3 }),
    { name: 'RangeError', message: 'softmaxCrossEntropy: targets[1] = 3 is outside [0, 3)' },
  );
});

for (const activation of ['tanh', 'sigmoid'] as Activation[]) {
  test(`jsRnnBackward (${activation}): dPre, dWhh, dH0 equal float64 central differences through jsRnnForward`, () => {
    const next = seededUniform(activation === 'tanh' ? 3 : 4);
    const [steps, batch, hidden] = [4, 2, 3];
    const size = steps * batch * hidden;
    const pre = Float64Array.from({ length: size }, next);
    const whh = Float64Array.from({ length: hidden * hidden }, next);
    const h0 = Float64Array.from({ length: batch * hidden }, () => 0.5 * next());
    const readout = Float64Array.from({ length: size }, next); // L = Σ readout ⊙ hs, so dL/dhs = readout
    const hs = new Float64Array(size);
    const loss = () => {
      jsRnnForward({ activation, steps, batch, hidden, whh, h0, pre, hs });
      return hs.reduce((sum, v, i) => sum + v * readout[i], 0);
    };
    loss();
    const dPre = new Float64Array(size);
    const dWhh = new Float64Array(hidden * hidden);
    const dH0 = new Float64Array(batch * hidden);
    jsRnnBackward({ activation, steps, batch, hidden, whh, h0, hs: hs.slice(), dHs: readout, dPre, dWhh, dH0 });
    assertClose(dPre, numericGradient(loss, pre), { atol: 1e-8, rtol: 1e-6, what: 'dPre' });
    assertClose(dWhh, numericGradient(loss, whh), { atol: 1e-8, rtol: 1e-6, what: 'dWhh' });
    assertClose(dH0, numericGradient(loss, h0), { atol: 1e-8, rtol: 1e-6, what: 'dH0' });
  });
}

test('jsRnnForward: hs may be the same array as pre', () => {
  const next = seededUniform(5);
  const [steps, batch, hidden] = [3, 2, 2];
  const pre = Float64Array.from({ length: steps * batch * hidden }, next);
  const whh = Float64Array.from({ length: hidden * hidden }, next);
  const h0 = Float64Array.from({ length: batch * hidden }, next);
  const separate = new Float64Array(pre.length);
  jsRnnForward({ activation: 'tanh', steps, batch, hidden, whh, h0, pre, hs: separate });
  jsRnnForward({ activation: 'tanh', steps, batch, hidden, whh, h0, pre, hs: pre });
  assert.deepEqual(Array.from(pre), Array.from(separate));
});

// The cases whose expected values are worked out independently (argument checks, a hand-computed extreme softmax),
// which the other implementations also pass.
for (const { name, run } of referenceFreeCases) test(`js: ${name}`, () => run(jsKernels));
