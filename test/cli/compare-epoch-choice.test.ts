// Which epoch counts for a run in `rnnlab compare`: best, last or a fixed epoch, with NaN and gaps handled on purpose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseEpoch, buildComparison } from '../../src/report/build-comparison.js';
import type { EpochRow, RunRow } from '../../src/store/results-store.js';
import type { RunResults } from '../../src/report/experiment-results.js';
import { tinyRunConfig } from '../helpers/store-fixtures.js';

function rows(valid: (number | null)[], tokensPerSec: number[] = valid.map(() => 100)): EpochRow[] {
  return valid.map((v, i) => ({
    runId: 'r',
    epoch: i + 1,
    trainLossNats: 1,
    trainPerplexity: 10 + i,
    validLossNats: v === null ? null : Math.log(v),
    validPerplexity: v,
    tokensPerSec: tokensPerSec[i],
    durationMs: 1,
    gradNormMean: null,
    gradNormMax: null,
    clippedFraction: null,
  }));
}

const epochOf = (row: EpochRow | null) => row?.epoch ?? null;

test('best: the lowest finite validation perplexity, earliest on ties; NaN and Infinity never win', () => {
  assert.equal(epochOf(chooseEpoch(rows([9, NaN, 7, 7, Infinity]), 'valid_perplexity', 'best')), 3);
  // The train metric is read at the best-validation epoch, not at its own minimum.
  assert.equal(chooseEpoch(rows([9, 5, 7]), 'train_perplexity', 'best')?.trainPerplexity, 11);
});

test('best without any finite validation falls back to the metric itself (highest for tokens per second)', () => {
  assert.equal(epochOf(chooseEpoch(rows([null, null, null]), 'train_perplexity', 'best')), 1);
  assert.equal(epochOf(chooseEpoch(rows([NaN, null, null], [5, 30, 20]), 'tokens_per_sec', 'best')), 2);
  assert.equal(chooseEpoch(rows([NaN, NaN]), 'valid_perplexity', 'best'), null);
  assert.equal(chooseEpoch([], 'valid_perplexity', 'best'), null);
});

test('last: the latest epoch that measured the metric, NaN included; EPOCH: exactly that epoch', () => {
  assert.equal(epochOf(chooseEpoch(rows([9, 8, null]), 'valid_perplexity', 'last')), 2);
  assert.equal(epochOf(chooseEpoch(rows([9, NaN]), 'valid_perplexity', 'last')), 2);
  assert.equal(epochOf(chooseEpoch(rows([9, 8, null]), 'train_perplexity', 'last')), 3);
  assert.equal(epochOf(chooseEpoch(rows([9, 8, null]), 'valid_perplexity', 2)), 2);
  assert.equal(chooseEpoch(rows([9, 8, null]), 'valid_perplexity', 3), null, 'not measured at epoch 3');
  assert.equal(chooseEpoch(rows([9]), 'valid_perplexity', 4), null, 'not reached');
});

function result(id: string, params: Record<string, unknown>, valid: number[]): RunResults {
  const run: RunRow = {
    id,
    experiment: 'e',
    config: tinyRunConfig(Number(params.seed ?? 0)),
    params,
    status: 'finished',
    error: null,
    pid: null,
    host: null,
    heartbeatAt: null,
    createdAt: '',
    startedAt: null,
    finishedAt: null,
    backend: null,
    blas: null,
    packageVersion: null,
    attempts: 1,
  };
  return { run, epochs: rows(valid).map((row) => ({ ...row, runId: id })), samples: [] };
}

test('mean and sample std over seeds match a direct computation; one seed has no std', () => {
  const runs = [
    result('a', { 'train.learning_rate': 0.01, seed: 1 }, [3.5, 2.25]),
    result('b', { 'train.learning_rate': 0.01, seed: 2 }, [4.75]),
    result('c', { 'train.learning_rate': 0.01, seed: 3 }, [1.125, 6]),
    result('d', { 'train.learning_rate': 0.1, seed: 1 }, [8]),
  ];
  const comparison = buildComparison('e', runs, { by: null, metric: 'valid_perplexity', at: 'best', sort: null });
  assert.deepEqual(comparison.keys, ['train.learning_rate']);
  const values = [2.25, 4.75, 1.125];
  const mean = (2.25 + 4.75 + 1.125) / 3;
  const std = Math.sqrt(values.map((v) => (v - mean) ** 2).reduce((a, b) => a + b) / 2);
  assert.equal(comparison.lines[0].stats.mean, mean);
  assert.ok(Math.abs((comparison.lines[0].stats.std as number) - std) < 1e-12);
  assert.deepEqual([comparison.lines[1].stats.mean, comparison.lines[1].stats.std, comparison.lines[1].stats.n], [8, null, 1]);
  // --by a config path that is not a grid key groups everything with the same value.
  const byHidden = buildComparison('e', runs, { by: ['model.hidden'], metric: 'valid_perplexity', at: 'best', sort: null });
  assert.deepEqual(byHidden.lines.map((line) => [line.values, line.stats.n]), [[{ 'model.hidden': 8 }, 4]]);
});

test('runs of one grid point that differ elsewhere in their config (an edited file) are not averaged together', () => {
  const edited = result('e', { 'model.type': 'rnn', seed: 1 }, [6]);
  edited.run.config = { ...edited.run.config, train: { ...edited.run.config.train, learning_rate: 0.01 } };
  const rnncf = result('f', { 'model.type': 'rnncf', seed: 1 }, [7]);
  // model.type differs between grid points and drags derived values along: that alone adds no column.
  rnncf.run.config = { ...rnncf.run.config, model: { ...rnncf.run.config.model, type: 'rnncf', activation: 'sigmoid' } };
  const runs = [result('a', { 'model.type': 'rnn', seed: 1 }, [5]), result('b', { 'model.type': 'rnn', seed: 2 }, [7]), edited, rnncf];
  const comparison = buildComparison('e', runs, { by: null, metric: 'valid_perplexity', at: 'best', sort: null });
  assert.deepEqual(comparison.extraKeys, ['train.learning_rate']);
  assert.deepEqual(comparison.keys, ['model.type', 'train.learning_rate']);
  assert.deepEqual(
    comparison.lines.map((line) => [line.values['model.type'], line.values['train.learning_rate'], line.stats.mean, line.stats.n]),
    [
      ['rnn', 0.001, 6, 2],
      ['rnn', 0.01, 6, 1],
      ['rnncf', 0.001, 7, 1],
    ],
  );
});

test('test_perplexity at best is read at the best-validation epoch; without a finite validation it has no value', () => {
  const withTest = (valid: (number | null)[], testPerplexity: (number | null)[]) => rows(valid).map((row, i) => ({ ...row, testPerplexity: testPerplexity[i] }));
  assert.equal(chooseEpoch(withTest([9, 5, 7], [20, 18, 11]), 'test_perplexity', 'best')?.testPerplexity, 18);
  // The test set chooses nothing: no fallback to the lowest test perplexity.
  assert.equal(chooseEpoch(withTest([NaN, NaN], [20, 18]), 'test_perplexity', 'best'), null);
  assert.equal(chooseEpoch(withTest([9, 5, 7], [20, 18, null]), 'test_perplexity', 'last')?.epoch, 2);
});
