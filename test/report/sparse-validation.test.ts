// Runs validated every N epochs (train.validate_every, NULL validation in between): the report's per-run numbers and
// its "validated epochs" count use only the validated epochs (compare's choice: test/cli/run-tokens-schedule.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dataShortfalls } from '../../src/report/data-shortfalls.js';
import type { RunResults } from '../../src/report/experiment-results.js';
import { computeRunMetrics } from '../../src/report/run-metrics.js';
import type { EpochRow } from '../../src/store/results-store.js';
import { tinyRunConfig } from '../helpers/store-fixtures.js';

/** `epochs` epochs validated every `every` (1, 1 + every, …) with valid perplexity 60 − epoch there, so the latest
 *  validated epoch is the best; the epochs in between have NULL validation, as train-run stores them. */
function sparseRun(id: string, epochs: number, every: number): RunResults {
  const rows: EpochRow[] = Array.from({ length: epochs }, (_, i) => {
    const epoch = i + 1;
    const valid = (epoch - 1) % every === 0 ? 60 - epoch : null;
    // Asserted, not declared: the gradient columns exist only where the gradient diagnostics have landed.
    return {
      runId: id, epoch, trainLossNats: Math.log(50 - epoch), trainPerplexity: 50 - epoch,
      validLossNats: valid === null ? null : Math.log(valid), validPerplexity: valid, tokensPerSec: 1000, durationMs: 10,
      gradNormMean: null, gradNormMax: null, clippedFraction: null,
    } as EpochRow;
  });
  return {
    run: {
      id, experiment: 'e', config: tinyRunConfig(1), params: { seed: 1 }, status: 'finished', error: null, pid: null, host: null,
      heartbeatAt: null, createdAt: '2026-01-01T00:00:00Z', startedAt: null, finishedAt: null, backend: 'cpu', blas: null,
      packageVersion: null, attempts: 1,
    },
    epochs: rows,
    samples: [],
    vocabularySize: 1000,
  };
}

test('best and final validation come from validated epochs only: every 5 of 26 gives epochs 1, 6, 11, 16, 21, 26', () => {
  const metrics = computeRunMetrics(sparseRun('a', 26, 5));
  assert.equal(metrics.bestEpoch, 26);
  assert.equal(metrics.bestValidPerplexity, 34);
  assert.equal(metrics.finalValidPerplexity, 34);
  assert.equal(metrics.epochs, 26);
  // Every 5 of 24: the last validated epoch is 21, and "final" is its value, not a NULL.
  const short = computeRunMetrics(sparseRun('b', 24, 5));
  assert.deepEqual([short.bestEpoch, short.finalValidPerplexity, short.finalTrainPerplexity], [21, 39, 26]);
  assert.equal(short.trainPerplexityAtBest, 29);
});

test('"at least 3 validated epochs" counts validated epochs, not epochs: 20 epochs validated every 10 are 2', () => {
  const enough = [1, 2, 3].map((seed) => sparseRun(`ok${seed}`, 21, 10)); // epochs 1, 11, 21
  const few = [1, 2, 3].map((seed) => sparseRun(`few${seed}`, 20, 10)); // epochs 1, 11
  assert.deepEqual(dataShortfalls([{ name: 'enough', runs: enough }]), []);
  assert.deepEqual(dataShortfalls([{ name: 'enough', runs: enough }, { name: 'few', runs: few }]), [
    'fewer than 3 validated epochs in a run (few: 2)',
  ]);
});
