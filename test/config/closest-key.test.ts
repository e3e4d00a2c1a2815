// Did-you-mean suggestions: edit distance and the closeness limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closestKey, editDistance } from '../../src/config/closest-key.js';

test('edit distance counts insertions, deletions and substitutions', () => {
  assert.equal(editDistance('num_unrol', 'num_unroll'), 1);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('same', 'same'), 0);
});

test('suggests the closest key only when it is a likely typo', () => {
  const keys = ['num_unroll', 'batch_size', 'learning_rate', 'num_steps'];
  assert.equal(closestKey('num_unrol', keys), 'num_unroll');
  assert.equal(closestKey('Batch_Size', keys), 'batch_size');
  assert.equal(closestKey('lerning_rate', keys), 'learning_rate');
  assert.equal(closestKey('optimizer', keys), undefined);
  assert.equal(closestKey('xy', ['ab']), undefined);
});
