// The chapter's claims on hand-made runs: which are tested, the verdicts, and the numbers stated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateChapterClaims } from '../../src/report/chapter-claims.js';
import type { RunResults } from '../../src/report/experiment-results.js';
import { measureSamples } from '../../src/report/measure-samples.js';
import { groupRuns } from '../../src/report/group-runs.js';
import { tinyRunConfig } from '../helpers/store-fixtures.js';

function run(id: string, unroll: number, seed: number, valid: number[], train: number[], vocabularySize = 544): RunResults {
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
      gradNormMean: null, gradNormMax: null, clippedFraction: null,
    })),
    samples: [],
    vocabularySize,
  };
}

const runs = [
  // num_unroll 1: best 60, 62, 61; num_unroll 50: best 40, 41, 42 (means 61 vs 41, stds 1 and 1). V = 544: the
  // uniform level's perplexity is 544, and every best is far below 544^0.9 ≈ 290.
  run('u1-s1', 1, 1, [80, 60, 70], [90, 70, 60]), // overfits: 70/60 − 1 = 16.7% > 10%, train 70 → 60
  run('u1-s2', 1, 2, [80, 62, 62], [90, 70, 60]), // does not: final = best
  run('u1-s3', 1, 3, [80, 61, 68], [90, 70, 60]), // overfits: 68/61 − 1 = 11.5%
  run('u50-s1', 50, 1, [70, 40, 50], [80, 50, 30]), // overfits: 25%
  run('u50-s2', 50, 2, [70, 41, 46], [80, 50, 30]), // overfits: 12.2%
  run('u50-s3', 50, 3, [70, 42, 44], [80, 50, 30]), // does not: 4.8%
];

const NOT_DECIDING = 'The numbers below are shown but do not decide.';
const unrollingOf = (sample: RunResults[]) =>
  evaluateChapterClaims(sample, [], ['train.num_unroll']).find((claim) => claim.id === 'unrolling')!;

test('unrolling is decided when num_unroll is swept; claims needing RNN-CF are not tested', () => {
  const claims = evaluateChapterClaims(runs, measureSamples(groupRuns(runs, ['train.num_unroll'], 'unroll')), ['train.num_unroll']);
  const byId = Object.fromEntries(claims.map((claim) => [claim.id, claim]));
  assert.equal(byId.repetition.verdict, 'not tested');
  assert.deepEqual(byId.repetition.findings, ['Not tested by this experiment: it needs both model.type rnn and rnncf.']);
  assert.equal(byId.fluctuation.verdict, 'not tested');
  // 41 − 61 = −20, SE = √(1/3 + 1/3) = 0.8165, t = −24.49, df = 4, CI −20 ± 2.776 × 0.8165 = −22.27 to −17.73;
  // p = 1.65e-5 (scipy.stats.ttest_ind(equal_var=False)) → significant.
  assert.equal(byId.unrolling.verdict, 'supported');
  assert.deepEqual(byId.unrolling.findings, [
    'rnn, 20 documents: best validation perplexity 41.00 ± 1.00 at num_unroll 50 vs 61.00 ± 1.00 at num_unroll 1: ' +
      'difference −20.00 (95% CI −22.27 to −17.73; Welch t = −24.49, df = 4.0, p < 0.001): holds, significant (p < 0.05).',
  ]);
  assert.deepEqual(byId.unrolling.table?.rows, [['rnn', '20', '61.00 ± 1.00', '41.00 ± 1.00']]);
  // 4 of 6 RNN runs on 20 documents overfit → more than half.
  assert.equal(byId.overfitting.verdict, 'weakly supported');
  assert.match(byId.overfitting.findings[0], /^4 of 6 RNN runs on 20 documents overfit;/);
  // Overfitting does not group by num_unroll, so it says it pools over it; unrolling (above) has no such note.
  assert.equal(byId.overfitting.findings.at(-1), 'Runs are pooled over the other grid keys (train.num_unroll); read with care.');
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

test('two seeds per group are not enough data: the verdict says so and why, and the numbers stay', () => {
  const twoSeeds = runs.filter((r) => !r.run.id.endsWith('-s3'));
  const unrolling = unrollingOf(twoSeeds);
  assert.equal(unrolling.verdict, 'not enough data');
  assert.deepEqual(unrolling.findings, [
    'Not enough data to decide: fewer than 3 seeds in a compared group (rnn, 20 documents, num_unroll 1: 2; ' +
      `rnn, 20 documents, num_unroll 50: 2). ${NOT_DECIDING}`,
    // [40, 41] vs [60, 62]: t = −20.5/√(0.25 + 1) = −18.34, df = 1.25²/(0.25²/1 + 1²/1) = 25/17 = 1.47;
    // p = 0.0103 (scipy.stats.ttest_ind(equal_var=False): 0.010299714557145165).
    'rnn, 20 documents: best validation perplexity 40.50 ± 0.71 at num_unroll 50 vs 61.00 ± 1.41 at num_unroll 1: ' +
      'difference −20.50 (95% CI −27.42 to −13.58; Welch t = −18.34, df = 1.5, p = 0.0103): holds, significant (p < 0.05).',
  ]);
  const overfitting = evaluateChapterClaims(twoSeeds.slice(0, 2), [], []).find((claim) => claim.id === 'overfitting')!;
  assert.equal(overfitting.verdict, 'not enough data');
  assert.equal(overfitting.findings[0], `Not enough data to decide: fewer than 3 seeds in a compared group (RNN, 20 documents: 2). ${NOT_DECIDING}`);
});

test('validation still near the uniform level is not enough data: best loss must be below 90% of ln V', () => {
  // V = 64: ln 64 = 4.159 nats, 90% of it 3.743 nats = perplexity 64^0.9 ≈ 42.22. The num_unroll 1 runs (best 60, 62,
  // 61) are above it; the num_unroll 50 runs (best 40, 41, 42) below it, 42 by a hair (ln 42 = 3.738).
  const small = runs.map((r) => ({ ...r, vocabularySize: 64 }));
  const unrolling = unrollingOf(small);
  assert.equal(unrolling.verdict, 'not enough data');
  assert.equal(
    unrolling.findings[0],
    'Not enough data to decide: validation perplexity still near the uniform level (V = 64: a run’s best validation ' +
      `perplexity must get below 42.2) (rnn, 20 documents, num_unroll 1: 3 of 3 runs). ${NOT_DECIDING}`,
  );
  // At V = 60 (60^0.9 ≈ 39.83) the num_unroll 50 runs are near it too.
  const smaller = unrollingOf(runs.map((r) => ({ ...r, vocabularySize: 60 })));
  assert.match(smaller.findings[0], /\(V = 60: a run’s best validation perplexity must get below 39\.8\) \(rnn, 20 documents, num_unroll 1: 3 of 3 runs; rnn, 20 documents, num_unroll 50: 3 of 3 runs\)/);
  // Without a stored vocabulary the level is unknown, and the check does not count against the verdict.
  assert.equal(unrollingOf(runs.map((r) => ({ ...r, vocabularySize: null }))).verdict, 'supported');
});

test('fewer than 3 validated epochs in a run is not enough data', () => {
  const short = runs.map((r) => (r.run.id === 'u50-s2' ? { ...r, epochs: r.epochs.slice(0, 2) } : r));
  const unrolling = unrollingOf(short);
  assert.equal(unrolling.verdict, 'not enough data');
  assert.equal(
    unrolling.findings[0],
    `Not enough data to decide: fewer than 3 validated epochs in a run (rnn, 20 documents, num_unroll 50: 2). ${NOT_DECIDING}`,
  );
  // Every shortfall is named, in one sentence.
  const both = unrollingOf(short.filter((r) => r.run.id !== 'u1-s3'));
  assert.equal(
    both.findings[0],
    'Not enough data to decide: fewer than 3 seeds in a compared group (rnn, 20 documents, num_unroll 1: 2); ' +
      `fewer than 3 validated epochs in a run (rnn, 20 documents, num_unroll 50: 2). ${NOT_DECIDING}`,
  );
});
