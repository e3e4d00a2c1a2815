// orderRunsByGrid: runs come out in the stored file's grid order, however they were registered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { orderRunsByGrid } from '../../src/report/order-runs-by-grid.js';

const run = (id: string, params: Record<string, unknown>) => ({ id, params });
const ids = (runs: readonly { id: string }[]) => runs.map((r) => r.id);

const HIDDEN_SPEC = `name: h
seeds: [1, 2]
grid:
  model.type: [rnn, rnncf]
  model.hidden: [32, 64, 128]
`;

test('a grid extended after a first sweep (hidden 32 and 128 first, 64 later) reads in the file’s order, seeds kept in stored order', () => {
  const stored = [
    run('rnn-32-s1', { 'model.type': 'rnn', 'model.hidden': 32, seed: 1 }),
    run('rnn-32-s2', { 'model.type': 'rnn', 'model.hidden': 32, seed: 2 }),
    run('rnn-128-s1', { 'model.type': 'rnn', 'model.hidden': 128, seed: 1 }),
    run('rnncf-32-s1', { 'model.type': 'rnncf', 'model.hidden': 32, seed: 1 }),
    run('rnncf-128-s1', { 'model.type': 'rnncf', 'model.hidden': 128, seed: 1 }),
    run('rnn-64-s2', { 'model.type': 'rnn', 'model.hidden': 64, seed: 2 }),
    run('rnn-64-s1', { 'model.type': 'rnn', 'model.hidden': 64, seed: 1 }),
    run('rnncf-64-s1', { 'model.type': 'rnncf', 'model.hidden': 64, seed: 1 }),
  ];
  assert.deepEqual(ids(orderRunsByGrid(stored, HIDDEN_SPEC)), [
    'rnn-32-s1', 'rnn-32-s2', 'rnn-64-s2', 'rnn-64-s1', 'rnn-128-s1', 'rnncf-32-s1', 'rnncf-64-s1', 'rnncf-128-s1',
  ]);
});

test('zip groups move together and come after the grid keys in the expansion; values compare as JSON (lists too)', () => {
  const spec = `name: z
grid:
  model.layers: [[8, 4], [4]]
zip:
  corpus.documents: [20, 100]
  train.docs_per_step: [5, 10]
`;
  const stored = [
    run('b100', { 'model.layers': [4], 'corpus.documents': 100, 'train.docs_per_step': 10 }),
    run('a100', { 'model.layers': [8, 4], 'corpus.documents': 100, 'train.docs_per_step': 10 }),
    run('b20', { 'model.layers': [4], 'corpus.documents': 20, 'train.docs_per_step': 5 }),
    run('a20', { 'model.layers': [8, 4], 'corpus.documents': 20, 'train.docs_per_step': 5 }),
  ];
  assert.deepEqual(ids(orderRunsByGrid(stored, spec)), ['a20', 'a100', 'b20', 'b100']);
});

test('runs no grid point matches go last in stored order; an unreadable or grid-less file keeps the stored order', () => {
  const stored = [
    run('moved', { 'model.type': 'lstm', 'model.hidden': 64 }),
    run('rnncf-32', { 'model.type': 'rnncf', 'model.hidden': 32 }),
    run('no-params', {}),
    run('rnn-128', { 'model.type': 'rnn', 'model.hidden': 128 }),
  ];
  assert.deepEqual(ids(orderRunsByGrid(stored, HIDDEN_SPEC)), ['rnn-128', 'rnncf-32', 'moved', 'no-params']);
  for (const spec of ['name: x\n', 'grid: [1, 2]\n', 'grid: {model.hidden: 3}\n', ': : not yaml [', '- a list\n', '']) {
    assert.deepEqual(ids(orderRunsByGrid(stored, spec)), ['moved', 'rnncf-32', 'no-params', 'rnn-128'], spec);
  }
});

test('a grid too large to expand in a report keeps the stored order instead of building it', () => {
  const values = `[${Array.from({ length: 400 }, (_, i) => i + 1).join(', ')}]`;
  const spec = `grid:\n  model.hidden: ${values}\n  model.context: ${values}\n`;
  const stored = [run('b', { 'model.hidden': 2, 'model.context': 1 }), run('a', { 'model.hidden': 1, 'model.context': 1 })];
  assert.deepEqual(ids(orderRunsByGrid(stored, spec)), ['b', 'a']);
  const small = `grid:\n  model.hidden: [1, 2]\n  model.context: [1]\n`;
  assert.deepEqual(ids(orderRunsByGrid(stored, small)), ['a', 'b']);
});
