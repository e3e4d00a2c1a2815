// compare-pytorch's summary: medians over rounds, ratios to PyTorch, and the table with each side's BLAS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRow, formatComparison, median } from '../../bench/compare-pytorch.js';

test('median of the rounds; none when a side was not measured', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([]), null);
});

test('ratios are rnnlab medians over the PyTorch median', () => {
  const row = buildRow('rnn', { native: [30, 10, 20], wasm: [5, 7], pytorch: [8, 12] }, 'nn.RNN');
  assert.deepEqual(
    { native: row.native, wasm: row.wasm, pytorch: row.pytorch, ratio: row.ratio, wasm_ratio: row.wasm_ratio },
    { native: 20, wasm: 6, pytorch: 10, ratio: 2, wasm_ratio: 0.6 },
  );
  assert.equal(buildRow('lstm', { native: [9], wasm: [3], pytorch: [] }, null).ratio, null);
});

test('the table names the machine, both BLAS cores and the date, one row per model', () => {
  const rows = [
    buildRow('rnn', { native: [20], wasm: [6], pytorch: [10] }, 'nn.RNN'),
    buildRow('rnncf', { native: [15], wasm: [4], pytorch: [7.5] }, 'loop'),
    buildRow('rnncf-book', { native: [18], wasm: [5], pytorch: [7.5] }, 'loop'),
  ];
  const header = {
    date: '2026-11-28T10:00:00.000Z',
    cpu: 'Test CPU',
    rnnlabBlas: 'OpenBLAS 0.3.21 (core Zen: detected by OpenBLAS), 1 thread',
    pytorchBlas: 'OpenBLAS 0.3.21 (core Zen), 1 thread',
    torch: '1.13.1',
    pytorchMissing: null,
  };
  assert.equal(
    formatComparison(rows, header),
    [
      'rnnlab vs PyTorch, 2026-11-28T10:00:00.000Z; updates/s, median of 1 round, one thread each',
      'cpu: Test CPU',
      'rnnlab native BLAS: OpenBLAS 0.3.21 (core Zen: detected by OpenBLAS), 1 thread',
      'PyTorch 1.13.1 BLAS: OpenBLAS 0.3.21 (core Zen), 1 thread',
      '',
      '| model | rnnlab native | rnnlab wasm | PyTorch | native ÷ PyTorch | wasm ÷ PyTorch |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      '| rnn | 20.00 | 6.00 | 10.00 (nn.RNN) | 2.00× | 0.60× |',
      '| rnncf (paper) | 15.00 | 4.00 | 7.50 (loop) | 2.00× | 0.53× |',
      '| rnncf (book) | 18.00 | 5.00 | 7.50 (loop, paper SCRN) | 2.40× | 0.67× |',
      '',
    ].join('\n'),
  );
  const missing = formatComparison([buildRow('lstm', { native: [9], wasm: [3], pytorch: [] }, null)], {
    ...header,
    pytorchMissing: "No module named 'torch'",
  });
  assert.match(missing, /^PyTorch: not measured \(No module named 'torch'\)$/m);
  assert.match(missing, /^\| lstm \| 9\.00 \| 3\.00 \| - \| - \| - \|$/m);
});
