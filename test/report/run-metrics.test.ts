// Per-run numbers from epoch rows, the epochs whose samples a report shows, and held-out text slices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeRunMetrics, validFluctuation } from '../../src/report/run-metrics.js';
import { selectSampleEpochs } from '../../src/report/sample-epochs.js';
import { readHeldOutText } from '../../src/report/held-out-text.js';
import type { RunResults } from '../../src/report/experiment-results.js';
import type { EpochRow } from '../../src/store/results-store.js';
import { tinyRunConfig } from '../helpers/store-fixtures.js';

function epochRow(epoch: number, valid: number | null, train: number): EpochRow {
  return {
    runId: 'r',
    epoch,
    trainLossNats: Math.log(train),
    trainPerplexity: train,
    validLossNats: valid === null ? null : Math.log(valid),
    validPerplexity: valid,
    tokensPerSec: 100 * epoch,
    durationMs: 1000,
    gradNormMean: null,
    gradNormMax: null,
    clippedFraction: null,
  };
}

function runResults(epochs: EpochRow[], times: { startedAt: string | null; finishedAt: string | null }): RunResults {
  return {
    run: {
      id: 'r', experiment: 'e', config: tinyRunConfig(1), params: { seed: 1 }, status: 'finished', error: null, pid: null,
      host: null, heartbeatAt: null, createdAt: '2026-01-01T00:00:00Z', backend: 'cpu', blas: null, packageVersion: null, attempts: 1,
      ...times,
    },
    epochs,
    samples: [],
  };
}

test('best is the lowest finite validation perplexity (earliest on ties); final is the last measured one', () => {
  const metrics = computeRunMetrics(
    runResults(
      [epochRow(1, 50, 60), epochRow(2, 30, 40), epochRow(3, NaN, 30), epochRow(4, 30, 20), epochRow(5, 45, 10), epochRow(6, null, 9)],
      { startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:01:30Z' },
    ),
  );
  assert.equal(metrics.bestValidPerplexity, 30);
  assert.equal(metrics.bestEpoch, 2);
  assert.equal(metrics.finalValidPerplexity, 45);
  assert.equal(metrics.finalTrainPerplexity, 9);
  assert.equal(metrics.trainPerplexityAtBest, 40);
  assert.equal(metrics.wallTimeS, 90);
  assert.equal(metrics.tokensPerSec, (100 + 200 + 300 + 400 + 500 + 600) / 6);
  assert.equal(metrics.epochs, 6);
});

test('wall time falls back to the sum of epoch durations while a run has no end time', () => {
  const metrics = computeRunMetrics(runResults([epochRow(1, 5, 5), epochRow(2, 4, 4)], { startedAt: '2026-01-01T00:00:00Z', finishedAt: null }));
  assert.equal(metrics.wallTimeS, 2);
});

test('validation fluctuation: sample std of consecutive differences, skipping unmeasured epochs', () => {
  // differences 1, -2, 4 → mean 1, Σ(d − 1)² = 0 + 9 + 9 = 18, / 2 → 9 → 3
  assert.equal(validFluctuation([1, 2, null, 0, 4]), 3);
  // A steady trend does not fluctuate.
  assert.equal(validFluctuation([5, 4, 3, 2]), 0);
  assert.equal(validFluctuation([1, 2]), null);
  assert.equal(validFluctuation([1, NaN, 2]), null);
});

test('sample epochs: first, lower middle, last, without duplicates', () => {
  assert.deepEqual(selectSampleEpochs(Array.from({ length: 26 }, (_, i) => i + 1)), [1, 13, 26]);
  assert.deepEqual(selectSampleEpochs([5, 1, 3, 3]), [1, 3, 5]);
  assert.deepEqual(selectSampleEpochs([1, 2]), [1, 2]);
  assert.deepEqual(selectSampleEpochs([7]), [7]);
  assert.deepEqual(selectSampleEpochs([]), []);
});

test('held-out text: documents above the last one used, long enough, cut to length and lower-cased', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-heldout-'));
  try {
    writeFileSync(join(dir, '001.txt'), 'Trained On This One.');
    writeFileSync(join(dir, '002.txt'), 'Short.');
    writeFileSync(join(dir, '003.txt'), 'The King\r\nSAID so.');
    writeFileSync(join(dir, '010.txt'), 'Über Alles, und mehr.');
    writeFileSync(join(dir, 'notes.md'), 'not a document');
    const heldOut = readHeldOutText(dir, { afterDocument: 1, characters: 10, count: 5 });
    assert.deepEqual(heldOut?.slices, [
      { document: '003.txt', text: 'the king\ns' },
      { document: '010.txt', text: 'über alles' },
    ]);
    assert.equal(readHeldOutText(dir, { afterDocument: 1, characters: 10, count: 1 })?.slices.length, 1);
    assert.equal(readHeldOutText(dir, { afterDocument: 10, characters: 10, count: 5 }), null);
    assert.equal(readHeldOutText(join(dir, 'missing'), { afterDocument: 0, characters: 1, count: 1 }), null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('test perplexity at best is read at the best validation epoch, not at its own minimum; null without a test set', () => {
  const tested = [epochRow(1, 50, 60), epochRow(2, 30, 40), epochRow(3, 35, 30)].map((row, i) => ({ ...row, testPerplexity: [55, 33, 31][i] }));
  const times = { startedAt: null, finishedAt: null };
  assert.equal(computeRunMetrics(runResults(tested, times)).testPerplexityAtBest, 33);
  assert.equal(computeRunMetrics(runResults([epochRow(1, 50, 60)], times)).testPerplexityAtBest, null);
});
