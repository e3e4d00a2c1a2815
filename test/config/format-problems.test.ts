// The problem block: header with count, aligned columns, command-line problems first, then by position.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatProblems } from '../../src/config/format-problems.js';

test('problems are sorted, aligned and counted', () => {
  const text = formatProblems('experiments/ablation.yaml', [
    { location: { line: 9, col: 3 }, pointer: '/train', message: 'unknown key "num_unrol" (did you mean "num_unroll"?)' },
    { location: { line: 7, col: 12 }, pointer: '/model/type', message: 'must be one of rnn, rnncf, stacked; got "lstmm"' },
    { location: { option: '--set' }, pointer: '/seeds', message: 'must be a list; got 3' },
    { location: { line: 7, col: 12 }, pointer: '/model/type', message: 'must be one of rnn, rnncf, stacked; got "lstmm"' },
  ]);
  assert.equal(
    text,
    [
      'experiments/ablation.yaml: 3 problems',
      '  --set  /seeds       must be a list; got 3',
      '  7:12   /model/type  must be one of rnn, rnncf, stacked; got "lstmm"',
      '  9:3    /train       unknown key "num_unrol" (did you mean "num_unroll"?)',
    ].join('\n'),
  );
});

test('one problem is singular; without pointers there is no pointer column', () => {
  assert.equal(formatProblems('a.yaml', [{ location: { line: 2, col: 5 }, message: 'YAML: bad' }]), 'a.yaml: 1 problem\n  2:5  YAML: bad');
});
