// YAML positions: values, keys, missing keys, list items, flow collections, syntax errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYamlWithPositions } from '../../src/config/parse-yaml-with-positions.js';

const text = [
  '# a comment', //                       line 1
  'name: demo', //                        line 2
  'model:', //                            line 3
  '  type: rnncf', //                     line 4
  '  layers: [32, 16]', //                line 5
  'grid:', //                             line 6
  '  corpus.documents:', //               line 7
  '    - 20', //                          line 8
  '    - 100', //                         line 9
  'empty:', //                            line 10
].join('\n');

test('values, keys and list items map to their line and column', () => {
  const parsed = parseYamlWithPositions(text);
  assert.deepEqual(parsed.problems, []);
  assert.deepEqual(parsed.data, {
    name: 'demo',
    model: { type: 'rnncf', layers: [32, 16] },
    grid: { 'corpus.documents': [20, 100] },
    empty: null,
  });
  assert.deepEqual(parsed.locate(['model', 'type']), { line: 4, col: 9 });
  assert.deepEqual(parsed.locate(['model', 'type'], { key: true }), { line: 4, col: 3 });
  assert.deepEqual(parsed.locate(['model', 'layers', 1]), { line: 5, col: 16 });
  assert.deepEqual(parsed.locate(['grid', 'corpus.documents', 1]), { line: 9, col: 7 });
  // A block mapping is shown at its key's line; an empty value at its key.
  assert.deepEqual(parsed.locate(['model']), { line: 3, col: 1 });
  assert.deepEqual(parsed.locate(['empty']), { line: 10, col: 1 });
});

test('a missing key points at its deepest existing parent; the root at the first key', () => {
  const parsed = parseYamlWithPositions(text);
  assert.deepEqual(parsed.locate(['model', 'hidden']), { line: 3, col: 1 });
  assert.deepEqual(parsed.locate(['train', 'num_unroll']), { line: 2, col: 1 });
  assert.deepEqual(parsed.locate([]), { line: 2, col: 1 });
});

test('syntax errors carry their own positions; duplicate keys are errors', () => {
  const parsed = parseYamlWithPositions('name: a\nmodel:\n  type: rnn\n  type: lstm\n');
  assert.deepEqual(parsed.problems, [{ location: { line: 4, col: 3 }, message: 'YAML: Map keys must be unique' }]);
  const empty = parseYamlWithPositions('');
  assert.deepEqual(empty.problems, []);
  assert.equal(empty.data, null);
});
