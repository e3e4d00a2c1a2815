// Adam (TF1 form, ε 1e-8) and global-norm clipping against hand computation.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { createAdamOptimizer } from '../../src/train/adam-optimizer.js';
import { initBackend, tf } from '../../src/models/backend.js';
import { clipByGlobalNorm } from '../../src/train/clip-by-global-norm.js';

before(async () => {
  await initBackend('wasm');
});

test('Adam follows TF1: lr_t = lr·√(1-β2^t)/(1-β1^t), θ -= lr_t·m/(√v + ε)', () => {
  const p = tf.variable(tf.tensor1d([1, -2]));
  const params = new Map([['p', p]]);
  const adam = createAdamOptimizer(params, { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
  const grads = [
    [0.5, -1],
    [0.25, 3],
  ];
  let theta = [1, -2];
  let m = [0, 0];
  let v = [0, 0];
  grads.forEach((g, k) => {
    tf.tidy(() => adam.apply(new Map([['p', tf.tensor1d(g)]])));
    const t = k + 1;
    m = m.map((mi, i) => 0.9 * mi + 0.1 * g[i]);
    v = v.map((vi, i) => 0.999 * vi + 0.001 * g[i] ** 2);
    const lrT = (0.1 * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
    theta = theta.map((x, i) => x - (lrT * m[i]) / (Math.sqrt(v[i]) + 1e-8));
    const got = p.dataSync();
    theta.forEach((x, i) => assert.ok(Math.abs(got[i] - x) < 1e-6, `step ${t}: ${got[i]} vs ${x}`));
  });
  assert.equal(adam.iterations, 2);
  adam.dispose();
  p.dispose();
});

test('Adam where ε matters: gradients around 1e-8 move θ by lr_t·m/(√v + 1e-8), not by ε = 0 or 1e-7', () => {
  // At |g| ≈ 1e-8, √v ≈ 0.03·|g| is smaller than ε, so the step size depends on ε itself: with ε = 1e-8 the first
  // step is ≈ 0.03·lr, with ε = 0 it is lr, with ε = 1e-7 it is ≈ 0.003·lr. θ starts at 0 so float32 keeps the
  // step's own precision (~1e-7 relative).
  const p = tf.variable(tf.tensor1d([0, 0, 0]));
  const adam = createAdamOptimizer(new Map([['p', p]]), { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
  const grads = [
    [1e-8, -3e-8, 2e-9],
    [2e-8, 1e-8, -5e-9],
    [-1e-8, 4e-8, 1e-9],
  ];
  let theta = [0, 0, 0];
  let m = [0, 0, 0];
  let v = [0, 0, 0];
  grads.forEach((g, k) => {
    tf.tidy(() => adam.apply(new Map([['p', tf.tensor1d(g)]])));
    const t = k + 1;
    // float64 of the float32 gradients the optimizer actually received
    const g32 = Array.from(Float32Array.from(g));
    m = m.map((mi, i) => 0.9 * mi + 0.1 * g32[i]);
    v = v.map((vi, i) => 0.999 * vi + 0.001 * g32[i] ** 2);
    const lrT = (0.01 * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
    theta = theta.map((x, i) => x - (lrT * m[i]) / (Math.sqrt(v[i]) + 1e-8));
    const got = p.dataSync();
    theta.forEach((x, i) => assert.ok(Math.abs(got[i] - x) <= 1e-5 * Math.abs(x), `step ${t}, θ[${i}]: ${got[i]} vs ${x}`));
    // The first step of θ[0] by hand: lr_1 = 0.01·√0.001/0.1 ≈ 3.1623e-3, m = 1e-9, √v = √1e-19 ≈ 3.1623e-10, so
    // Δ = 3.1623e-12 / 1.0316e-8 ≈ 3.0653e-4 (ε = 0 would give 1e-2, ε = 1e-7 about 3.1e-5).
    if (t === 1) assert.ok(Math.abs(got[0] + 3.0653e-4) < 1e-8, `first step ${got[0]}`);
  });
  adam.dispose();
  p.dispose();
});

test('Adam restored from a captured state continues exactly as the original does', () => {
  const settings = { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
  const original = tf.variable(tf.tensor1d([1, -2]));
  const adam = createAdamOptimizer(new Map([['p', original]]), settings);
  const step = (opt: typeof adam, g: number[]): void => tf.tidy(() => opt.apply(new Map([['p', tf.tensor1d(g)]])));
  step(adam, [0.5, -1]);
  step(adam, [0.25, 3]);
  const captured = adam.capture();
  assert.equal(captured.iterations, 2);
  // A fresh optimizer over a copy of the weights, given the captured moments and step count.
  const copy = tf.variable(tf.tensor1d(original.dataSync() as Float32Array));
  const resumed = createAdamOptimizer(new Map([['p', copy]]), settings);
  resumed.restore(captured);
  step(adam, [-0.75, 0.125]);
  step(resumed, [-0.75, 0.125]);
  assert.deepEqual([...copy.dataSync()], [...original.dataSync()]);
  assert.equal(resumed.iterations, 3);
  assert.throws(() => resumed.restore({ iterations: 1, slots: {} }), /no matching slots for "p"/);
  // Slots of another model's size (one moment or the other) are refused too, and nothing is changed.
  const two = new Float32Array(2);
  const three = new Float32Array(3);
  assert.throws(() => resumed.restore({ iterations: 1, slots: { p: { m: three, v: two } } }), /^Error: optimizer state has no matching slots for "p"$/);
  assert.throws(() => resumed.restore({ iterations: 1, slots: { p: { m: two, v: three } } }), /^Error: optimizer state has no matching slots for "p"$/);
  assert.equal(resumed.iterations, 3);
  for (const t of [original, copy]) t.dispose();
  adam.dispose();
  resumed.dispose();
});

test('clipByGlobalNorm scales every gradient by clip / max(norm, clip)', () => {
  tf.tidy(() => {
    const grads = new Map<string, tf.Tensor>([
      ['a', tf.tensor1d([3, 0])],
      ['b', tf.tensor2d([[0, 4]])],
    ]); // global norm 5
    const clipped = clipByGlobalNorm(grads, 2.5);
    assert.deepEqual([...clipped.get('a')!.dataSync()], [1.5, 0]);
    assert.deepEqual([...clipped.get('b')!.dataSync()], [0, 2]);
    const untouched = clipByGlobalNorm(grads, 10);
    assert.deepEqual([...untouched.get('a')!.dataSync()], [3, 0]);
    assert.equal(clipByGlobalNorm(grads, 0), grads);
  });
});
