// SweepDisplay off a terminal: one plain line per plan, epoch, run end and worker log line; no escape codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SweepDisplay } from '../../src/runner/sweep-display.js';
import { tinyRunConfig } from './tiny-run-config.js';

test('plain mode prints the plan, each epoch, each run end and worker output, in order', () => {
  let text = '';
  const display = new SweepDisplay({ write: (chunk: string) => (text += chunk), isTTY: false }, { live: false });
  const run = (id: string, seed: number) => ({ id, config: tinyRunConfig({ seed }), params: { seed }, gridPoint: 0 });
  const job = { runId: 'aaaaaaaaaaaa', config: tinyRunConfig(), params: { seed: 1 }, gridPoint: 0, corpusDir: '/c', force: false };
  display.handle({
    type: 'plan',
    planned: [
      { run: run('aaaaaaaaaaaa', 1), storedStatus: null, train: true, reason: 'new' },
      { run: run('bbbbbbbbbbbb', 2), storedStatus: 'finished', train: false, reason: 'skip (finished)' },
    ],
    reaped: ['x'],
    workers: 1,
  });
  display.handle({ type: 'run-started', worker: 0, job, totalEpochs: 2 });
  display.handle({ type: 'progress', worker: 0, job, progress: { epoch: 1, totalEpochs: 2, update: 1, updatesPerEpoch: 2, lossNats: 1 } });
  display.handle({ type: 'worker-log', worker: 0, line: 'a warning' });
  display.handle({
    type: 'epoch',
    worker: 0,
    job,
    summary: { epoch: 1, totalEpochs: 2, trainPerplexity: 9, validPerplexity: 10, tokensPerSec: 100, durationMs: 2000 },
  });
  display.handle({
    type: 'run-done',
    worker: 0,
    job,
    result: { status: 'finished', error: null, epochs: 2, bestValidPerplexity: 10, durationMs: 4000 },
  });
  display.close();
  assert.equal(
    text,
    [
      '1 run(s) left running by a process that died were marked interrupted',
      '2 runs in the grid: 1 to train, 1 skipped (1 finished), on 1 worker',
      'w1| a warning',
      '[1/1] aaaaaaaa seed=1  epoch 1/2  train ppl 9.00  valid ppl 10.00  100 tok/s  2s',
      '[1/1] aaaaaaaa seed=1  finished: 2 epochs, best valid ppl 10.00, in 4s',
      '',
    ].join('\n'),
  );
});
