// The epoch's gradient tally on hand-computed updates: mean, max, the clipped fraction at its boundary, group norms.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createGradientTally } from '../../src/train/gradient-tally.js';
import { gradientGroups } from '../../src/train/gradient-groups.js';
import { bookRunConfig } from '../helpers/engine-fixtures.js';

const groups = [
  { name: 'hidden', parameters: ['A', 'R'] },
  { name: 'context', parameters: ['B'] },
];
const squares = (A: number, R: number, B: number) => new Map([['A', A], ['R', R], ['B', B]]);

test('mean and max over updates; an update at exactly clip_norm is not clipped, one above is', () => {
  const tally = createGradientTally(groups, 5);
  assert.equal(tally.summary(), null, 'no update yet');
  // Update 1: hidden √(9+16) = 5, context 0, global 5 (= clip_norm: TensorFlow's scale clip/max(norm, clip) is 1).
  tally.add(5, squares(9, 16, 0));
  // Update 2: hidden √36 = 6, context √64 = 8, global 10 > 5: clipped.
  tally.add(10, squares(36, 0, 64));
  // Update 3: hidden 0, context √1 = 1, global 1.
  tally.add(1, squares(0, 0, 1));
  assert.deepEqual(tally.summary(), {
    updates: 3,
    normMean: 16 / 3,
    normMax: 10,
    clippedFraction: 1 / 3,
    groups: [
      { group: 'hidden', parameters: ['A', 'R'], normMean: 11 / 3, normMax: 6 },
      { group: 'context', parameters: ['B'], normMean: 3, normMax: 8 },
    ],
  });
});

test('clip_norm 0 turns clipping off: nothing counts as clipped', () => {
  const tally = createGradientTally(groups, 0);
  tally.add(1e6, squares(1e12, 0, 0));
  assert.equal(tally.summary()!.clippedFraction, 0);
});

test('a non-finite norm (a diverging update) shows in the mean and max instead of vanishing', () => {
  const tally = createGradientTally(groups, 5);
  tally.add(2, squares(4, 0, 0));
  tally.add(NaN, squares(NaN, 0, 0));
  const summary = tally.summary()!;
  assert.ok(Number.isNaN(summary.normMean));
  assert.ok(Number.isNaN(summary.groups[0].normMean));
});

test('a parameter the update did not report is an error, not a silent zero', () => {
  const tally = createGradientTally(groups, 5);
  assert.throws(() => tally.add(1, new Map([['A', 1], ['R', 0]])), { message: 'gradient tally: the update reported no norm for parameter "B"' });
});

test('groups: a parameter no rule places is refused, so a new parameter is grouped on purpose', () => {
  const rnncf = bookRunConfig({ model: { type: 'rnncf' } }).model;
  assert.throws(() => gradientGroups(rnncf, ['A', 'W_new']), {
    message: 'gradient groups: no group for parameter "W_new" of model type rnncf',
  });
  assert.deepEqual(gradientGroups(rnncf, ['W_out', 'A', 'B']), [
    { name: 'hidden', parameters: ['A'] },
    { name: 'context', parameters: ['B'] },
    { name: 'output', parameters: ['W_out'] },
  ]);
});
