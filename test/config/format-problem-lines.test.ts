// The clickable problem lines: FILE:LINE:COL: /pointer message, command-line problems first, then by position.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatProblemLines } from '../../src/config/format-problem-lines.js';

test('one line per problem, sorted, duplicates removed, --set problems named by the option', () => {
  const text = formatProblemLines('experiments/ablation.yaml', [
    { location: { line: 9, col: 3 }, pointer: '/train', message: 'unknown key "num_unrol" (did you mean "num_unroll"?)' },
    { location: { line: 10, col: 1 }, message: 'YAML: bad indentation' },
    { location: { line: 7, col: 12 }, pointer: '/model/type', message: 'must be one of rnn, rnncf, stacked; got "lstmm"' },
    { location: { option: '--set' }, pointer: '/seeds', message: 'must be a list; got 3' },
    { location: { line: 7, col: 12 }, pointer: '/model/type', message: 'must be one of rnn, rnncf, stacked; got "lstmm"' },
  ]);
  assert.equal(
    text,
    [
      'experiments/ablation.yaml: --set /seeds must be a list; got 3',
      'experiments/ablation.yaml:7:12: /model/type must be one of rnn, rnncf, stacked; got "lstmm"',
      'experiments/ablation.yaml:9:3: /train unknown key "num_unrol" (did you mean "num_unroll"?)',
      'experiments/ablation.yaml:10:1: YAML: bad indentation',
    ].join('\n'),
  );
});
