// chooseRunCopy: which copy of a run a merge keeps, case by case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseRunCopy, type RunState } from '../../src/store/choose-run-copy.js';

const state = (status: RunState['status'], epochs: number, fingerprint = `f${epochs}`, experiment = 'x'): RunState => ({
  experiment,
  status,
  epochs,
  fingerprint,
});

test('a run the target lacks is taken', () => {
  assert.equal(chooseRunCopy(undefined, state('queued', 0)), 'take');
});

test('finished beats unfinished, in either direction; diverged counts as finished', () => {
  for (const unfinished of ['queued', 'running', 'failed', 'interrupted'] as const) {
    assert.equal(chooseRunCopy(state(unfinished, 5), state('finished', 3)), 'take');
    assert.equal(chooseRunCopy(state('finished', 3), state(unfinished, 5)), 'keep');
    assert.equal(chooseRunCopy(state(unfinished, 1), state('diverged', 2)), 'take');
  }
});

test('two finished copies: the same results are kept, different ones conflict', () => {
  assert.equal(chooseRunCopy(state('finished', 3, 'a'), state('finished', 3, 'a')), 'keep');
  assert.equal(chooseRunCopy(state('finished', 3, 'a'), state('finished', 3, 'b')), 'conflict');
  assert.equal(chooseRunCopy(state('finished', 3, 'a'), state('diverged', 3, 'b')), 'conflict');
});

test('two unfinished copies: more epochs win, then attempted over queued; ties keep the target', () => {
  assert.equal(chooseRunCopy(state('interrupted', 1), state('running', 2)), 'take');
  assert.equal(chooseRunCopy(state('interrupted', 2), state('failed', 1)), 'keep');
  assert.equal(chooseRunCopy(state('queued', 0), state('failed', 0)), 'take');
  assert.equal(chooseRunCopy(state('failed', 0), state('queued', 0)), 'keep');
  assert.equal(chooseRunCopy(state('interrupted', 2, 'a'), state('failed', 2, 'b')), 'keep');
});

test('the same run id under two experiments is a conflict', () => {
  assert.equal(chooseRunCopy(state('queued', 0, 'f', 'one'), state('finished', 3, 'f', 'two')), 'conflict');
});
