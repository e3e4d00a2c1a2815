// The progress line builders: durations, rates, perplexities (NaN/Infinity spelled out), run lines, ETA.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  estimateRemainingMs,
  formatBar,
  formatDuration,
  formatEpochLine,
  formatOverallLine,
  formatParams,
  formatPerplexity,
  formatRunDoneLine,
  formatRunLabel,
  formatTokenRate,
  formatWorkerLine,
  runFraction,
} from '../../src/runner/format-sweep-progress.js';
import { tinyRunConfig } from './tiny-run-config.js';

test('durations, rates and perplexities', () => {
  assert.deepEqual(
    [850, 12_400, 245_000, 3_720_000, NaN].map(formatDuration),
    ['850ms', '12s', '4m05s', '1h02m', '?'],
  );
  assert.deepEqual([950.4, 4_210, 1_300_000].map(formatTokenRate), ['950 tok/s', '4.2k tok/s', '1.3M tok/s']);
  assert.deepEqual(
    [12.345, 1234.5, NaN, Infinity, null].map(formatPerplexity),
    ['12.35', '1235', 'NaN', 'Infinity', '-'],
  );
});

test('run labels and plain lines', () => {
  const job = {
    runId: '0123456789abcdef',
    config: tinyRunConfig(),
    params: { 'model.type': 'rnncf', 'model.layers': [8, 4], seed: 2 },
    gridPoint: 1,
    corpusDir: '/c',
    force: false,
  };
  assert.equal(formatParams(job.params), 'model.type=rnncf model.layers=[8,4] seed=2');
  const label = formatRunLabel(job, 3, 8);
  assert.equal(label, '[3/8] 01234567 model.type=rnncf model.layers=[8,4] seed=2');
  assert.equal(
    formatEpochLine(label, { epoch: 2, totalEpochs: 10, trainPerplexity: 25.314, validPerplexity: NaN, tokensPerSec: 4200, durationMs: 1200 }),
    `${label}  epoch 2/10  train ppl 25.31  valid ppl NaN  4.2k tok/s  1s`,
  );
  const result = { epochs: 4, bestValidPerplexity: 12.3, durationMs: 14_000, error: null };
  assert.equal(formatRunDoneLine(label, { ...result, status: 'finished' }), `${label}  finished: 4 epochs, best valid ppl 12.30, in 14s`);
  assert.equal(formatRunDoneLine(label, { ...result, status: 'diverged' }), `${label}  diverged (loss not finite) at epoch 4, in 14s`);
  assert.equal(
    formatRunDoneLine(label, { ...result, status: 'failed', error: 'Error: boom\n    at x' }),
    `${label}  FAILED in 14s: Error: boom`,
  );
});

test('progress fraction, ETA and live lines', () => {
  const progress = { epoch: 3, totalEpochs: 4, update: 5, updatesPerEpoch: 10, lossNats: Math.log(20) };
  assert.equal(runFraction(progress), 2.5 / 4);
  assert.equal(estimateRemainingMs(10_000, 0.25), 30_000);
  assert.equal(estimateRemainingMs(10_000, 0), null);
  assert.equal(formatBar(0.5, 4), '██░░');
  assert.equal(
    formatWorkerLine({ worker: 0, label: '[1/2] abc', progress, lastValidPerplexity: 21, tokensPerSec: 1500, etaMs: 65_000 }),
    'w1 [1/2] abc  ████████░░░░ epoch 3/4  ppl 20.00 (valid 21.00)  1.5k tok/s  ETA 1m05s',
  );
  assert.equal(formatWorkerLine({ worker: 1, label: null, progress: null, lastValidPerplexity: null, tokensPerSec: null, etaMs: null }), 'w2 idle');
  assert.equal(
    formatOverallLine({ fraction: 0.5, done: 2, total: 4, counts: { finished: 1, failed: 1, diverged: 0 }, elapsedMs: 60_000, etaMs: null }),
    'all ██████████░░░░░░░░░░ 50%  runs 2/4 (1 finished, 1 failed)  elapsed 1m00s  ETA ?',
  );
});
