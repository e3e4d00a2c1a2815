// Host-side kernels: row lookup, its scatter-add gradient, fused softmax cross-entropy, block slicing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gatherRows, scatterAddRows, sliceBlock, softmaxCrossEntropyInPlace, sumCrossEntropy } from '../../src/models/host-math.js';

test('gatherRows picks rows by id; scatterAddRows accumulates repeated ids', () => {
  const table = Float32Array.from([0, 1, 10, 11, 20, 21]); // [3, 2]
  const ids = Int32Array.from([2, 0, 2, 1]);
  assert.deepEqual([...gatherRows(table, 2, ids, 1, 3)], [0, 1, 20, 21, 10, 11]);
  const into = new Float32Array(6);
  scatterAddRows(into, 2, ids, Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]), 0.5);
  assert.deepEqual([...into], [1.5, 2, 3.5, 4, 3, 4]);
});

test('softmaxCrossEntropyInPlace returns the mean loss and leaves (softmax - onehot) / n', () => {
  const logits = [
    [1, 2, 3],
    [0.5, -1, 4],
  ];
  const targets = Int32Array.from([2, 0]);
  const data = Float32Array.from(logits.flat());
  const loss = softmaxCrossEntropyInPlace(data, 3, targets);
  let expected = 0;
  logits.forEach((row, r) => {
    const z = row.reduce((s, x) => s + Math.exp(x), 0);
    expected += Math.log(z) - row[targets[r]];
    row.forEach((x, c) => {
      const grad = (Math.exp(x) / z - (c === targets[r] ? 1 : 0)) / 2;
      assert.ok(Math.abs(data[r * 3 + c] - grad) < 1e-7);
    });
  });
  assert.ok(Math.abs(loss - expected / 2) < 1e-6);
  assert.ok(Math.abs(sumCrossEntropy(Float32Array.from(logits.flat()), 3, targets) - expected) < 1e-6);
});

test('softmax cross-entropy is stable for large logits', () => {
  const loss = softmaxCrossEntropyInPlace(Float32Array.from([1000, 0]), 2, Int32Array.from([1]));
  assert.ok(Math.abs(loss - 1000) < 1e-3);
  // Validation's sum: rows [1000, 0, -1000] against target 1, [-1000, 1000, 0] against target 1 and
  // [-1000, 0, 1000] against target 2 lose 1000, ≈ 0 and ≈ 0 (ln(1 + e^-1000 + e^-2000)); only a sum shifted by
  // each row's own maximum avoids exp(1000) or exp(2000) = Infinity. The maximum sits in a different column in each
  // row, so a scan that compares the wrong entries (another row's, or the row's in reverse) lands on a smaller shift.
  const rows = [1000, 0, -1000, -1000, 1000, 0, -1000, 0, 1000];
  const total = sumCrossEntropy(Float32Array.from(rows), 3, Int32Array.from([1, 1, 2]));
  assert.ok(Math.abs(total - 1000) < 1e-3, `${total}`);
});

test('sliceBlock copies a block of rows and columns', () => {
  const data = Float32Array.from({ length: 12 }, (_, i) => i); // [4, 3]
  assert.deepEqual([...sliceBlock(data, 3, 1, 2, 1, 2)], [4, 5, 7, 8]);
  assert.deepEqual([...sliceBlock(data, 3, 2, 2, 0, 3)], [6, 7, 8, 9, 10, 11]);
});
