// The ablations' claims on hand-made runs: chosen by grid key, decided by Welch's t-test on best validation perplexity.
// Expected t, df, p and intervals are from scipy.stats.ttest_ind(a, b, equal_var=False) and t.ppf (SciPy 1.17.1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateAblationClaims } from '../../src/report/ablation-claims.js';
import { evaluateClaims } from '../../src/report/evaluate-claims.js';
import type { RunResults } from '../../src/report/experiment-results.js';
import { claimGroup } from '../helpers/claim-runs.js';

const claimOf = (runs: RunResults[], keys: string[], id: string) =>
  evaluateAblationClaims(runs, keys).find((claim) => claim.id === id)!;

const ALPHA_KEYS = ['model.alpha', 'model.learn_alpha'];
const alphaRuns = (zero: number[]) => [
  ...claimGroup('a0', { 'model.alpha': 0, 'model.learn_alpha': false }, zero),
  ...claimGroup('a05', { 'model.alpha': 0.5, 'model.learn_alpha': false }, [45, 46, 47]),
  ...claimGroup('a095', { 'model.alpha': 0.95, 'model.learn_alpha': false }, [40, 41, 42]),
  ...claimGroup('learned', { 'model.alpha': 0.95, 'model.learn_alpha': true }, [43, 44, 45]),
];

test('memory: α = 0 against the best fixed α > 0, with the learned α shown beside', () => {
  // Best fixed α = 0.95 (mean 41) vs α = 0 [50, 52, 54] (mean 52): difference −11, SE = √(1/3 + 4/3) = 1.291,
  // t = −8.52, df = 50/17 = 2.94, p = 0.00366, CI −11 ± 3.2188 × 1.291 = −15.16 to −6.84.
  const memory = claimOf(alphaRuns([50, 52, 54]), ALPHA_KEYS, 'memory');
  assert.equal(memory.verdict, 'supported');
  assert.deepEqual(memory.findings, [
    'Best fixed α: 0.95 (best validation perplexity 41.00 ± 1.00) vs α = 0 (52.00 ± 2.00): difference −11.00 ' +
      '(95% CI −15.16 to −6.84; Welch t = −8.52, df = 2.9, p = 0.00366): holds, significant (p < 0.05).',
    // Learned [43, 44, 45] vs 0.95 [40, 41, 42]: +3, t = 3.67, df = 4, p = 0.0213, CI 0.73 to 5.27.
    'Learned α (from 0.95): 44.00 ± 1.00 vs the best fixed α (0.95) 41.00 ± 1.00: difference +3.00 (95% CI 0.73 to ' +
      '5.27; Welch t = 3.67, df = 4.0, p = 0.0213) (shown, does not decide).',
  ]);
  assert.deepEqual(memory.table?.rows.map((row) => row.slice(0, 3)), [
    ['0', '3', '52.00 ± 2.00'],
    ['0.5', '3', '46.00 ± 1.00'],
    ['0.95 (best)', '3', '41.00 ± 1.00'],
    ['learned α (from 0.95)', '3', '44.00 ± 1.00'],
  ]);
  // α = 0.5 [45, 46, 47] against α = 0: −6, t = −4.65, p = 0.0196, CI −10.16 to −1.84.
  assert.equal(memory.table?.rows[1][3], 'difference −6.00 (95% CI −10.16 to −1.84; Welch t = −4.65, df = 2.9, p = 0.0196)');

  // α = 0 at [42, 44, 46] (mean 44): −3, t = −2.32, p = 0.104 → in direction, not significant → weakly supported.
  const weak = claimOf(alphaRuns([42, 44, 46]), ALPHA_KEYS, 'memory');
  assert.equal(weak.verdict, 'weakly supported');
  assert.match(weak.findings[0], /p = 0\.104\): holds in direction, not significant\.$/);
  // α = 0 at [30, 31, 32]: no memory is significantly better than any α > 0 → contradicted.
  const contradicted = claimOf(alphaRuns([30, 31, 32]), ALPHA_KEYS, 'memory');
  assert.equal(contradicted.verdict, 'contradicted');
  assert.match(contradicted.findings[0], /p < 0\.001\): goes the other way, significant \(p < 0\.05\)\.$/);
});

test('memory: two seeds are not enough data; no α = 0 or no sweep is not tested', () => {
  const twoSeeds = alphaRuns([50, 52, 54]).filter((run) => !run.run.id.endsWith('-s3'));
  const memory = claimOf(twoSeeds, ALPHA_KEYS, 'memory');
  assert.equal(memory.verdict, 'not enough data');
  assert.equal(
    memory.findings[0],
    'Not enough data to decide: fewer than 3 seeds in a compared group (α = 0: 2; α = 0.95: 2). The numbers below ' +
      'are shown but do not decide.',
  );
  const noZero = alphaRuns([50, 52, 54]).filter((run) => !run.run.id.startsWith('a0-'));
  assert.deepEqual(claimOf(noZero, ALPHA_KEYS, 'memory').findings, [
    'Not tested by this experiment: model.alpha has no value 0 (no memory) on RNN-CF runs.',
  ]);
  assert.deepEqual(claimOf(alphaRuns([50, 52, 54]), [], 'memory').findings, [
    'Not tested by this experiment: model.alpha is not a grid key (see experiments/ablation-alpha.yaml).',
  ]);
});

test('context: every context size above 0 against context 0', () => {
  const runs = [
    ...claimGroup('c0', { 'model.context': 0 }, [50, 52, 54]),
    ...claimGroup('c16', { 'model.context': 16 }, [45, 46, 47]),
    ...claimGroup('c64', { 'model.context': 64 }, [40, 41, 42]),
  ];
  const context = claimOf(runs, ['model.context'], 'context');
  // 16: −6, p = 0.0196; 64: −11, p = 0.00366: both significant → supported.
  assert.equal(context.verdict, 'supported');
  assert.deepEqual(context.findings, [
    'Context 16: 46.00 ± 1.00 vs context 0 52.00 ± 2.00: difference −6.00 (95% CI −10.16 to −1.84; Welch t = −4.65, ' +
      'df = 2.9, p = 0.0196): holds, significant (p < 0.05).',
    'Context 64: 41.00 ± 1.00 vs context 0 52.00 ± 2.00: difference −11.00 (95% CI −15.16 to −6.84; Welch t = −8.52, ' +
      'df = 2.9, p = 0.00366): holds, significant (p < 0.05).',
  ]);
  assert.deepEqual(context.table?.rows.map((row) => row[0]), ['0', '16', '64']);
  // Context 0 at [42, 44, 46]: 64 is in direction but p = 0.104, 16 goes the other way (46 > 44, not significant).
  const none = (bests: number[]) => claimGroup('c0', { 'model.context': 0 }, bests);
  const mixed = [...none([42, 44, 46]), ...runs.filter((run) => !run.run.id.startsWith('c0-'))];
  assert.equal(claimOf(mixed, ['model.context'], 'context').verdict, 'mixed');
  // Without the context 16 runs only the weak part is left: every part in direction, one not significant.
  const weak = mixed.filter((run) => !run.run.id.startsWith('c16-'));
  assert.equal(claimOf(weak, ['model.context'], 'context').verdict, 'weakly supported');
});

test('hidden: RNN-CF against RNN at every hidden size, one part each', () => {
  const runs = [
    ...claimGroup('r32', { 'model.type': 'rnn', 'model.hidden': 32 }, [60, 61, 62]),
    ...claimGroup('c32', { 'model.type': 'rnncf', 'model.hidden': 32 }, [50, 51, 52]),
    ...claimGroup('r64', { 'model.type': 'rnn', 'model.hidden': 64 }, [55, 56, 57]),
    ...claimGroup('c64', { 'model.type': 'rnncf', 'model.hidden': 64 }, [54, 56, 58]),
  ];
  const hidden = claimOf(runs, ['model.type', 'model.hidden'], 'hidden');
  // 32: −10, t = −12.25, df = 4, p = 0.000255 → significant; 64: equal means (t = 0, p = 1) → not "lower" → mixed.
  assert.equal(hidden.verdict, 'mixed');
  assert.deepEqual(hidden.findings, [
    'Hidden 32: RNN-CF 51.00 ± 1.00 vs RNN 61.00 ± 1.00: difference −10.00 (95% CI −12.27 to −7.73; Welch t = −12.25, ' +
      'df = 4.0, p < 0.001): holds, significant (p < 0.05).',
    'Hidden 64: RNN-CF 56.00 ± 2.00 vs RNN 56.00 ± 1.00: difference +0.00 (95% CI −4.16 to 4.16; Welch t = 0.00, ' +
      'df = 2.9, p = 1.00): goes the other way, not significant.',
  ]);
  assert.deepEqual(hidden.table?.header, ['hidden', 'RNN best valid ppl', 'RNN-CF best valid ppl', 'RNN-CF − RNN']);
  // Without both model types the claim has nothing to compare.
  assert.equal(claimOf(runs.filter((run) => run.run.id.startsWith('c')), ['model.hidden'], 'hidden').verdict, 'not tested');
});

test('unrolling splits by train.schedule when it is swept: one part per protocol, each saying its question', () => {
  const runs = [
    ...claimGroup('b1', { 'model.type': 'rnn', 'train.schedule': 'book', 'train.num_unroll': 1 }, [60, 61, 62]),
    ...claimGroup('b50', { 'model.type': 'rnn', 'train.schedule': 'book', 'train.num_unroll': 50 }, [50, 51, 52]),
    ...claimGroup('t1', { 'model.type': 'rnn', 'train.schedule': 'tokens', 'train.num_unroll': 1 }, [50, 51, 52]),
    ...claimGroup('t50', { 'model.type': 'rnn', 'train.schedule': 'tokens', 'train.num_unroll': 50 }, [49, 51, 53]),
  ];
  const unrolling = evaluateClaims(runs, [], ['model.type', 'train.schedule', 'train.num_unroll']).find(
    (claim) => claim.id === 'unrolling',
  )!;
  // book: −10, p = 0.000255 (significant); tokens: equal means → not lower → mixed.
  assert.equal(unrolling.verdict, 'mixed');
  assert.match(unrolling.rule, /book = fixed updates \(a larger num_unroll also sees more tokens\), tokens = equal training tokens/);
  assert.deepEqual(unrolling.findings.map((finding) => finding.split(':')[0]), [
    'Schedule book',
    'schedule book, rnn, 100 documents',
    'Schedule tokens',
    'schedule tokens, rnn, 100 documents',
  ]);
  assert.equal(
    unrolling.findings[2],
    'Schedule tokens: equal tokens (every run sees the same number of training tokens, so a larger num_unroll makes ' +
      'fewer, longer updates): does unrolling help per token of data seen?',
  );
  assert.match(unrolling.findings[1], /p < 0\.001\): holds, significant \(p < 0\.05\)\.$/);
  assert.match(unrolling.findings[3], /p = 1\.00\): goes the other way, not significant\.$/);
  assert.deepEqual(unrolling.table?.rows, [
    ['book', 'rnn', '100', '61.00 ± 1.00', '51.00 ± 1.00'],
    ['tokens', 'rnn', '100', '51.00 ± 1.00', '51.00 ± 2.00'],
  ]);
});

test('single-model experiments point to the findings table; the others get no such claim', () => {
  const lstm = [
    ...claimGroup('l20', { 'model.type': 'lstm', 'corpus.documents': 20 }, [40, 41, 42]),
    ...claimGroup('l100', { 'model.type': 'lstm', 'corpus.documents': 100 }, [30, 31, 32]),
  ];
  const claims = evaluateAblationClaims(lstm, ['corpus.documents']);
  assert.deepEqual(claims.map((claim) => [claim.id, claim.verdict]), [
    ['memory', 'not tested'],
    ['context', 'not tested'],
    ['hidden', 'not tested'],
    ['across-experiments', 'not tested'],
  ]);
  const across = claims[3];
  assert.deepEqual(across.findings, [
    'Compared in the findings table: this experiment has a single model type (lstm), so its claim is decided ' +
      'against book-ch6’s RNN-CF and RNN there; its own numbers are below.',
  ]);
  assert.deepEqual(across.table?.rows, [['20', '3', '41.00 ± 1.00'], ['100', '3', '31.00 ± 1.00']]);
  const stacked = claimGroup('s', { 'model.type': 'stacked' }, [40, 41, 42]);
  assert.match(evaluateAblationClaims(stacked, [])[3].claim, /three-layer RNN against the single-layer RNN/);
  assert.equal(evaluateAblationClaims(alphaRuns([50, 52, 54]), ALPHA_KEYS).length, 3);
});

test('memory: a learned α’s stored values after the last epoch are summarised per seed (median) and over all units', () => {
  const runs = alphaRuns([50, 52, 54]);
  const learned = runs.filter((run) => run.run.id.startsWith('learned'));
  // Seed 1: 4 units, median (0.5 + 0.7) / 2 = 0.6; seed 2: 3 units, median 0.62; seed 3: none stored (older run).
  learned[0].epochs.at(-1)!.learnedAlpha = [0.9, 0.7, 0.5, 0.41];
  learned[1].epochs.at(-1)!.learnedAlpha = [0.62, 0.88, 0.44];
  learned[0].epochs[0].learnedAlpha = [0.01, 0.99, 0.5, 0.5]; // an earlier epoch: not the one summarised
  const memory = claimOf(runs, ALPHA_KEYS, 'memory');
  assert.ok(
    memory.findings[1].endsWith(
      '(shown, does not decide). Its values after the last epoch: median 0.60 and 0.62 over the 4/3 context units of ' +
        'seeds 1 and 2; every unit between 0.41 and 0.90.',
    ),
    memory.findings[1],
  );
  // Without stored values the finding says nothing of them (see the first memory test).
});
