// Which config keys set runs of one grid point apart, with their values and run counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findConfigSplits } from '../../src/report/find-config-splits.js';
import { claimGroup } from '../helpers/claim-runs.js';

test('keys that differ inside a grid point are found with every value and its run count; grid keys and seed are not', () => {
  const runs = [
    ...claimGroup('new', { 'model.type': 'rnn' }, [40, 41, 42]),
    ...claimGroup('cf', { 'model.type': 'rnncf' }, [30, 31, 32]),
    ...claimGroup('old', { 'model.type': 'rnn', 'train.num_steps': 7, 'model.variant': 'paper' }, [50, 51]),
  ];
  // Between the grid points, model.type differs (a grid key); inside rnn, num_steps and variant differ.
  assert.deepEqual(findConfigSplits(runs, ['model.type']), [
    { key: 'model.variant', values: [{ value: '"book"', runs: 6 }, { value: '"paper"', runs: 2 }] },
    { key: 'train.num_steps', values: [{ value: '2', runs: 6 }, { value: '7', runs: 2 }] },
  ]);
  // Keys that only differ between grid points do not count.
  assert.deepEqual(findConfigSplits(runs.slice(0, 6), ['model.type']), []);
});

test('a key added to rnnlab after a run was stored counts as its value before, not as a difference', () => {
  const current = claimGroup('current', {}, [40, 41]);
  const older = claimGroup('older', {}, [42]);
  delete (older[0].run.config.train as unknown as Record<string, unknown>).clip_norm; // stored before the key existed
  assert.deepEqual(findConfigSplits([...current, ...older], []).map((split) => split.key), ['train.clip_norm']);
  assert.deepEqual(findConfigSplits([...current, ...older], [], [{ path: 'train.clip_norm', before: 5 }]), []);
  // A different "before" value than the current runs' is a real difference.
  assert.deepEqual(findConfigSplits([...current, ...older], [], [{ path: 'train.clip_norm', before: 1 }]), [
    { key: 'train.clip_norm', values: [{ value: '5', runs: 2 }, { value: '1', runs: 1 }] },
  ]);
});
