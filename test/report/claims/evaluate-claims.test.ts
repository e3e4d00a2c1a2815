// Claims decided on hand-made runs: pairing by data-order seed, Welch when the seeds differ, intersection–union over
// parts, Bonferroni for a part going the other way, Holm over the primary claims, equivalence, not enough data.
// Expected p-values are scipy 1.17's, computed as noted beside each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readClaimSpecs, type ClaimSpec } from '../../../src/config/claim-spec.js';
import { evaluateClaims } from '../../../src/report/claims/evaluate-claims.js';
import type { RunResults } from '../../../src/report/experiment-results.js';
import { claimGroup, claimRun } from '../../helpers/claim-runs.js';

const CF = { 'model.type': 'rnncf' };
const RNN = { 'model.type': 'rnn' };

function claim(fields: Record<string, unknown>): ClaimSpec {
  return readClaimSpecs([{ id: 'c', statement: 's', compare: { a: CF, b: RNN }, metric: 'best_valid_perplexity', expect: 'lower', ...fields }])[0];
}

function decide(specs: ClaimSpec[], runs: RunResults[], keys = ['model.type']) {
  return evaluateClaims(specs, 'ablation', runs, keys, []);
}

const close = (actual: number | null | undefined, expected: number, digits = 9) =>
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) < 10 ** -digits, `${actual} ≠ ${expected}`);

test('runs are paired by seed, not by the order they come in: the paired t-test on the per-seed differences', () => {
  const a = claimGroup('cf', CF, [30, 32, 35]);
  const b = claimGroup('rnn', RNN, [34, 33, 40]);
  // Shuffled: b's seed-3 run first. scipy.stats.ttest_rel([30, 32, 35], [34, 33, 40]) → t = −2.7735, p = 0.109129
  const [result] = decide([claim({})], [a[1], b[2], a[0], b[0], a[2], b[1]]);
  const part = result.parts[0];
  assert.equal(part.test?.design, 'paired');
  assert.equal(part.test?.n, 3);
  close(part.test?.difference, -10 / 3);
  close(part.test?.t, -2.7735009811261455);
  close(part.test?.p, 0.10912919362525206);
  close(result.evidence?.p, 0.10912919362525206);
  assert.equal(result.verdict, 'inconclusive');
  assert.ok(result.findings.some((finding) => finding.includes('3 pairs: difference −3.33')), result.findings.join('\n'));
  assert.ok(result.findings.some((finding) => /detects, with 80% power, only a difference of at least \d/.test(finding)));
});

test('arms whose data-order seeds differ are compared unpaired, by Welch, and the report says why', () => {
  const a = claimGroup('cf', CF, [30, 32, 35]);
  const b = [claimRun('r4', RNN, 34, 4), claimRun('r5', RNN, 33, 5), claimRun('r6', RNN, 40, 6)];
  // scipy.stats.ttest_ind([30, 32, 35], [34, 33, 40], equal_var=False) → t = −1.2700, df = 3.4787, p = 0.282380
  const [result] = decide([claim({})], [...a, ...b]);
  const test = result.parts[0].test!;
  assert.equal(test.design, 'unpaired');
  close(test.t, -1.2700012700019032);
  close(test.df, 3.478733031674209, 6);
  close(test.p, 0.28238012570247184);
  assert.ok(result.findings.some((finding) => finding.includes("Unpaired because the arms' data-order seeds differ (a: 1, 2, 3; b: 4, 5, 6).")));
});

const DOCS = (documents: number) => ({ ...CF, 'corpus.documents': documents });
const RNN_DOCS = (documents: number) => ({ ...RNN, 'corpus.documents': documents });

test('every part must hold: the claim’s p is the largest part p (intersection–union), one part per partner point', () => {
  // scipy.stats.ttest_rel([30, 31, 32, 33], [40, 41.5, 42, 44]).pvalue = 2.70278866830539e-05
  // scipy.stats.ttest_rel([30, 31, 32, 33], [31, 30.5, 34, 33.2]).pvalue = 0.2981232784742305
  const runs = [
    ...claimGroup('cf20', DOCS(20), [30, 31, 32, 33]),
    ...claimGroup('rnn20', RNN_DOCS(20), [40, 41.5, 42, 44]),
    ...claimGroup('cf100', DOCS(100), [30, 31, 32, 33]),
    ...claimGroup('rnn100', RNN_DOCS(100), [31, 30.5, 34, 33.2]),
  ];
  const [result] = decide([claim({})], runs, ['model.type', 'corpus.documents']);
  assert.deepEqual(result.parts.map((part) => part.label), ['corpus.documents=20', 'corpus.documents=100']);
  close(result.parts[0].test?.p, 2.70278866830539e-5, 12);
  close(result.evidence?.pFor, 0.2981232784742305);
  assert.equal(result.evidence?.side, 'for');
  assert.equal(result.verdict, 'inconclusive');
});

test('a part significantly the other way contradicts the claim, at the number of parts times its p', () => {
  // scipy.stats.ttest_rel([40, 41, 42, 43.5], [30, 31.2, 32, 33]).pvalue = 7.171436328370417e-06
  const runs = [
    ...claimGroup('cf20', DOCS(20), [40, 41, 42, 43.5]),
    ...claimGroup('rnn20', RNN_DOCS(20), [30, 31.2, 32, 33]),
    ...claimGroup('cf100', DOCS(100), [30, 31, 32, 33]),
    ...claimGroup('rnn100', RNN_DOCS(100), [40, 41.5, 42, 44]),
  ];
  const [result] = decide([claim({})], runs, ['model.type', 'corpus.documents']);
  assert.equal(result.evidence?.pFor, 1);
  close(result.evidence?.pAgainst, 2 * 7.171436328370417e-6, 12);
  assert.equal(result.evidence?.side, 'against');
  assert.equal(result.verdict, 'contradicted');
});

test('Holm over the primary claims: p = 0.030 alone is supported, beside two others it is not; exploratory claims stay out', () => {
  // 20 documents: differences −1, −2, −1.5, −1.2: scipy.stats.ttest_1samp([-1, -2, -1.5, -1.2], 0).pvalue = 0.0072267
  // 100 documents: differences −1, −2, −0.5, −1.5: scipy.stats.ttest_1samp([-1, -2, -0.5, -1.5], 0).pvalue = 0.0304663
  const runs = [
    ...claimGroup('cf20', DOCS(20), [30, 31, 32, 33]),
    ...claimGroup('rnn20', RNN_DOCS(20), [31, 33, 33.5, 34.2]),
    ...claimGroup('cf100', DOCS(100), [30, 31, 32, 33]),
    ...claimGroup('rnn100', RNN_DOCS(100), [31, 33, 32.5, 34.5]),
  ];
  const keys = ['model.type', 'corpus.documents'];
  const at = (documents: number, fields: Record<string, unknown> = {}) => claim({ where: { 'corpus.documents': documents }, ...fields });
  const alone = decide([at(100)], runs, keys)[0];
  close(alone.evidence?.p, 0.030466291662170977);
  assert.equal(alone.adjustedP, alone.evidence?.p);
  assert.equal(alone.verdict, 'supported');
  assert.equal(alone.family, 'the 1 decidable primary claim of ablation');
  // Holm over 0.0072, 0.0305, 0.0305 (the last on final validation perplexity, which these curves put 5 above the
  // best for every run, so the same differences): 3 × 0.0072 = 0.0217, then max(0.0217, 2 × 0.0305) = 0.0609 twice.
  const family = decide(
    [at(20, { id: 'strong' }), at(100, { id: 'weak' }), at(100, { id: 'weak-final', metric: 'final_valid_perplexity' }), at(100, { id: 'aside', primary: false })],
    runs,
    keys,
  );
  close(family[0].adjustedP, 3 * 0.007226682980958143);
  close(family[1].adjustedP, 2 * 0.030466291662170977);
  close(family[2].adjustedP, 2 * 0.030466291662170977);
  assert.deepEqual(family.map((result) => result.verdict), ['supported', 'inconclusive', 'inconclusive', 'supported']);
  assert.equal(family[1].family, 'the 3 decidable primary claims of ablation');
  assert.equal(family[3].family, null);
  assert.equal(family[3].adjustedP, family[3].evidence?.p);
  assert.ok(family[3].findings.at(-1)!.startsWith('Exploratory'));
});

test('equivalence within a margin: decided by two one-sided tests, both ways', () => {
  // Differences 0.1, −0.1, 0.05, 0 (mean 0.0125) against ±1: equivalent; against ±0.05: not shown.
  const runs = [...claimGroup('cf', CF, [30, 31, 32, 33]), ...claimGroup('rnn', RNN, [29.9, 31.1, 31.95, 33])];
  assert.equal(decide([claim({ expect: 'equivalent', margin: 1 })], runs)[0].verdict, 'equivalent');
  assert.equal(decide([claim({ expect: 'equivalent', margin: 0.05 })], runs)[0].verdict, 'inconclusive');
  // A difference of 5 ± 0.1 is shown to lie beyond a margin of 1: contradicted.
  const apart = [...claimGroup('cf', CF, [35, 36.1, 37, 38.05]), ...claimGroup('rnn', RNN, [30, 31, 32, 33])];
  assert.equal(decide([claim({ expect: 'equivalent', margin: 1 })], apart)[0].verdict, 'contradicted');
});

test('not enough data: fewer than 3 seeds, and a metric the runs do not have, each say why', () => {
  const two = decide([claim({})], [...claimGroup('cf', CF, [30, 31]), ...claimGroup('rnn', RNN, [40, 41])])[0];
  assert.equal(two.verdict, 'not enough data');
  assert.match(two.findings[0], /^Not enough data to decide: fewer than 3 seeds in a compared group/);
  const noTest = decide([claim({ metric: 'test_perplexity' })], [...claimGroup('cf', CF, [30, 31, 32]), ...claimGroup('rnn', RNN, [40, 41, 42])])[0];
  assert.equal(noTest.verdict, 'not enough data');
  assert.match(noTest.findings[0], /6 runs have no value of the metric \(no test perplexity stored \(the run has no corpus\.test\)\)/);
  const noSamples = decide([claim({ metric: 'distinct_word_4grams' })], [...claimGroup('cf', CF, [30, 31, 32]), ...claimGroup('rnn', RNN, [40, 41, 42])])[0];
  assert.match(noSamples.findings[0], /0 greedy measurement samples of the final weights, fewer than 20/);
  assert.equal(noSamples.adjustedP, null);
});

test('text metrics average a run’s measurement samples of the claimed checkpoint and decoding', () => {
  // 20 greedy samples per run, 8 words each (5 word 4-grams): RNN-CF's repeat none (fraction 1); the RNN's loop
  // "the king the king" (2 distinct 4-grams of 5: 0.4), one RNN seed a little less ("a king the king…": 3 of 5).
  const varied = 'once upon a time there was a king';
  const loop = 'the king the king the king the king';
  const lessLoop = 'a king the king the king the king';
  const withSamples = (run: RunResults, text: string, decoding: 'greedy' | 'sample' = 'greedy'): RunResults => ({
    ...run,
    measureSamples: Array.from({ length: 20 }, (_, sampleIndex) => ({
      runId: run.run.id, checkpoint: 'final' as const, epoch: 3, decoding, sampleIndex, seedText: 'x', text,
    })),
  });
  const cf = claimGroup('cf', CF, [30, 31, 32]).map((run) => withSamples(run, varied));
  const rnn = claimGroup('rnn', RNN, [40, 41, 42]).map((run, i) => withSamples(run, i === 0 ? lessLoop : loop));
  const [result] = decide([claim({ metric: 'distinct_word_4grams', expect: 'higher' })], [...cf, ...rnn]);
  const part = result.parts[0];
  assert.deepEqual(part.a.values.map((entry) => entry.value), [1, 1, 1]);
  const rnnValues = part.b.values.map((entry) => entry.value);
  assert.ok(Math.abs(rnnValues[0] - 3 / 5) < 1e-12 && Math.abs(rnnValues[1] - 2 / 5) < 1e-12, rnnValues.join(', '));
  assert.equal(result.verdict, 'supported');
  // The same runs' samples under another decoding do not count: not enough data.
  const sampled = decide([claim({ metric: 'distinct_word_4grams', expect: 'higher', decoding: 'sample' })], [...cf, ...rnn])[0];
  assert.equal(sampled.verdict, 'not enough data');
});

test('test_perplexity is the test perplexity at the epoch of the best validation perplexity, not the lowest one', () => {
  // claimRun's validation curve is best + 20, best, best + 5: epoch 2 is chosen. The test curve is lowest at epoch 3,
  // which must not be taken: the test set chooses nothing.
  const withTest = (run: RunResults, test: number[]): RunResults => ({
    ...run,
    epochs: run.epochs.map((row, i) => ({ ...row, testPerplexity: test[i], testLossNats: Math.log(test[i]) })),
  });
  const cf = claimGroup('cf', CF, [30, 31, 32]).map((run, i) => withTest(run, [60, 40 + i, 20]));
  const rnn = claimGroup('rnn', RNN, [40, 41, 42]).map((run, i) => withTest(run, [60, 45 + 2 * i, 10]));
  const [result] = decide([claim({ metric: 'test_perplexity' })], [...cf, ...rnn]);
  assert.deepEqual(result.parts[0].a.values.map((entry) => entry.value), [40, 41, 42]);
  assert.deepEqual(result.parts[0].b.values.map((entry) => entry.value), [45, 47, 49]);
  // Differences −5, −6, −7: scipy.stats.ttest_1samp([-5, -6, -7], 0).pvalue = 0.00913, supported.
  assert.ok(Math.abs(result.evidence!.p - 0.009132611386275455) < 1e-9);
  assert.equal(result.verdict, 'supported');
});

test('the late validation slope is compared between arms, with how many runs’ train loss fell over the same epochs', () => {
  // claimRun's curves are best + 20, best, best + 5 for validation and train alike: over the last 3 epochs each
  // loss slope is (ln(best + 5) − ln(best + 20)) / 2 < 0, so train loss falls in every run.
  const cf = claimGroup('cf', CF, [30, 31, 32]);
  const rnn = claimGroup('rnn', RNN, [40, 41, 42]);
  const [result] = decide([claim({ metric: 'late_valid_slope', last_epochs: 3, expect: 'higher' })], [...rnn, ...cf]);
  const slope = (best: number) => (Math.log(best + 5) - Math.log(best + 20)) / 2;
  assert.ok(Math.abs(result.parts[0].a.values[0].value - slope(30)) < 1e-12);
  assert.deepEqual(result.parts[0].a.trainSlopes.map((value) => value !== null && value < 0), [true, true, true]);
  assert.ok(
    result.findings.some((finding) =>
      /^train loss fell over the same last 3 validated epochs for a in 3 of 3 runs \(mean train slope −0\.\d{4} nats per epoch\), for b in 3 of 3 runs/.test(finding),
    ),
    result.findings.join('\n'),
  );
});
