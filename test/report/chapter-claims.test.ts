// The chapter's claims on hand-made runs: which are tested, the verdicts, and the numbers stated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateChapterClaims } from '../../src/report/chapter-claims.js';
import type { RunResults } from '../../src/report/experiment-results.js';
import { measureSamples } from '../../src/report/measure-samples.js';
import { groupRuns } from '../../src/report/group-runs.js';
import { tinyRunConfig } from '../helpers/store-fixtures.js';

function run(id: string, unroll: number, seed: number, valid: number[], train: number[]): RunResults {
  const config = tinyRunConfig(seed, { type: 'rnn' });
  config.corpus.documents = 20;
  config.train.num_unroll = unroll;
  return {
    run: {
      id, experiment: 'unroll', config, params: { 'train.num_unroll': unroll, seed }, status: 'finished', error: null,
      pid: null, host: null, heartbeatAt: null, createdAt: '2026-01-01T00:00:00Z', startedAt: null, finishedAt: null,
      backend: 'cpu', blas: null, packageVersion: null, attempts: 1,
    },
    epochs: valid.map((value, index) => ({
      runId: id, epoch: index + 1, trainLossNats: Math.log(train[index]), trainPerplexity: train[index],
      validLossNats: Math.log(value), validPerplexity: value, tokensPerSec: 1, durationMs: 1,
    })),
    samples: [],
  };
}

const runs = [
  // num_unroll 1: best 60 and 62; num_unroll 50: best 40 and 41 (means 61 vs 40.5, stds ≈ 1.41 and 0.71).
  run('u1-s1', 1, 1, [80, 60, 70], [90, 70, 60]), // overfits: 70/60 − 1 = 16.7% > 10%, train 70 → 60
  run('u1-s2', 1, 2, [80, 62, 62], [90, 70, 60]), // does not: final = best
  run('u50-s1', 50, 1, [70, 40, 50], [80, 50, 30]), // overfits: 25%
  run('u50-s2', 50, 2, [70, 41, 46], [80, 50, 30]), // overfits: 12.2%
];

test('unrolling is decided when num_unroll is swept; claims needing RNN-CF are not tested', () => {
  const claims = evaluateChapterClaims(runs, measureSamples(groupRuns(runs, ['train.num_unroll'], 'unroll')), ['train.num_unroll']);
  const byId = Object.fromEntries(claims.map((claim) => [claim.id, claim]));
  assert.equal(byId.repetition.verdict, 'not tested');
  assert.deepEqual(byId.repetition.findings, ['Not tested by this experiment: it needs both model.type rnn and rnncf.']);
  assert.equal(byId.fluctuation.verdict, 'not tested');
  // 61 − 40.5 = 20.5 > 2 × √(2/2 + 0.5/2) ≈ 2.24 → clear.
  assert.equal(byId.unrolling.verdict, 'supported');
  assert.deepEqual(byId.unrolling.findings, [
    'rnn, 20 documents: best validation perplexity 40.50 ± 0.71 at num_unroll 50 vs 61.00 ± 1.41 at num_unroll 1: ' +
      'holds, beyond seed noise.',
  ]);
  assert.deepEqual(byId.unrolling.table?.rows, [['rnn', '20', '61.00 ± 1.41', '40.50 ± 0.71']]);
  // 3 of 4 RNN runs on 20 documents overfit → more than half.
  assert.equal(byId.overfitting.verdict, 'weakly supported');
  assert.match(byId.overfitting.findings[0], /^3 of 4 RNN runs on 20 documents overfit;/);
  assert.deepEqual(byId.overfitting.table?.rows[0], ['20', '1', '60.00 (epoch 2)', '70.00', '16.7%', '70.00 → 60.00', 'yes']);
});

test('unrolling is not tested when num_unroll is not a grid key', () => {
  const claims = evaluateChapterClaims(runs, [], []);
  const unrolling = claims.find((claim) => claim.id === 'unrolling')!;
  assert.equal(unrolling.verdict, 'not tested');
  assert.deepEqual(unrolling.findings, [
    'Not tested by this experiment: train.num_unroll is not a grid key (see experiments/ablation-unroll.yaml).',
  ]);
});
