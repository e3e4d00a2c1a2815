// RUN-INFO.md's numbers: durations in words, the sweep's span and summed time over runs with and without times.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRunInfo, formatSeconds, summarizeRunInfo } from '../../src/report/format-run-info.js';
import type { RunRow } from '../../src/store/results-store.js';
import { tinyRunConfig } from '../helpers/store-fixtures.js';

test('formatSeconds: seconds alone under a minute, else h/m/s with the seconds in brackets', () => {
  assert.equal(formatSeconds(42.4), '42 s');
  assert.equal(formatSeconds(125), '2m 05s (125 s)');
  assert.equal(formatSeconds(7509), '2h 05m 09s (7509 s)');
});

function run(id: string, startedAt: string | null, finishedAt: string | null, extra: Partial<RunRow> = {}): RunRow {
  return {
    id, experiment: 'x', config: tinyRunConfig(1), params: {}, status: 'finished', error: null, pid: 1, host: 'vm',
    heartbeatAt: null, createdAt: '2026-11-01T00:00:00.000Z', startedAt, finishedAt, backend: 'native',
    blas: 'OpenBLAS 0.3.21 (core Zen), 1 thread', packageVersion: '0.1.0', attempts: 1, ...extra,
  };
}

test('the sweep spans the first start to the last finish; summed time adds each run’s own span', () => {
  const runs = [
    run('a', '2026-11-01T10:00:00.000Z', '2026-11-01T10:30:00.000Z'),
    run('b', '2026-11-01T10:10:00.000Z', '2026-11-01T11:00:00.000Z'),
    run('c', null, null, { status: 'queued', host: null, backend: null, blas: null, packageVersion: null }),
  ];
  const info = summarizeRunInfo('x', runs, []);
  assert.equal(info.sweepWallTimeS, 3600);
  assert.equal(info.summedRunWallTimeS, 30 * 60 + 50 * 60);
  assert.deepEqual(info.statuses, { finished: 2, queued: 1 });
  assert.deepEqual(info.blas, { 'OpenBLAS 0.3.21 (core Zen), 1 thread': 2 });
  const text = formatRunInfo(info, { host: 'vm', cpuModel: 'AMD EPYC', cores: 2, nodeVersion: 'v20.0.0', gitCommit: 'abc' }, new Date('2026-11-28T00:00:00Z'));
  assert.ok(text.includes('- **Sweep wall time:** 1h 00m 00s (3600 s), from the first run\'s start (2026-11-01T10:00:00.000Z) to the last run\'s finish (2026-11-01T11:00:00.000Z)'));
  assert.ok(text.includes('Every run that recorded its host ran on `vm`, the machine that published them: AMD EPYC, 2 cores.'), 'a queued run ran nowhere');
  const elsewhere = formatRunInfo(info, { host: 'laptop', cpuModel: 'M2', cores: 8, nodeVersion: 'v20.0.0', gitCommit: null }, new Date(0));
  assert.ok(elsewhere.includes('The runs ran on other hosts than the publishing one (`laptop`); the database does not record their CPU.'));
  assert.ok(elsewhere.includes('published from commit unknown (not a git checkout)'));
  assert.ok(text.includes('- **BLAS:** OpenBLAS 0.3.21 (core Zen), 1 thread (2 runs).'));
});

test('reused runs are counted by source and left out of the sweep’s times, which they did not take', () => {
  const runs = [
    run('a', '2026-12-01T10:00:00.000Z', '2026-12-01T10:20:00.000Z'),
    // Trained a week earlier for another experiment: inside the span it would stretch the sweep to 7 days.
    run('b', '2026-11-24T09:00:00.000Z', '2026-11-24T09:30:00.000Z', { reusedFrom: 'run 0123456789ab of book-ch6 in docs/results/book-ch6/results.sqlite' }),
    run('c', '2026-11-24T09:00:00.000Z', '2026-11-24T09:40:00.000Z', { reusedFrom: 'run 0123456789ac of book-ch6 in docs/results/book-ch6/results.sqlite' }),
  ];
  const info = summarizeRunInfo('x', runs, [
    { runId: 'a', trainTimeS: 1190 },
    { runId: 'b', trainTimeS: 1790 },
  ] as never);
  assert.equal(info.runs, 3);
  assert.equal(info.sweepWallTimeS, 20 * 60);
  assert.equal(info.summedRunWallTimeS, 20 * 60);
  assert.equal(info.summedEpochTimeS, 1190);
  assert.deepEqual(info.reused, { 'book-ch6 in docs/results/book-ch6/results.sqlite': 2 });
  assert.deepEqual(info.backends, { native: 3 }, 'the runs themselves still count where they say they ran');
  const text = formatRunInfo(info, { host: 'vm', cpuModel: 'AMD EPYC', cores: 2, nodeVersion: 'v20.0.0', gitCommit: 'abc' }, new Date(0));
  assert.match(text, /^reused_runs:\n {2}book-ch6 in docs\/results\/book-ch6\/results.sqlite: 2$/m);
  assert.ok(text.includes('- **Reused runs:** 2 of them were not trained in this sweep but copied'), text);
  assert.ok(text.includes(': book-ch6 in docs/results/book-ch6/results.sqlite (2 runs).'), text);
  const alone = formatRunInfo(summarizeRunInfo('x', runs.slice(0, 1), []), { host: 'vm', cpuModel: 'AMD EPYC', cores: 2, nodeVersion: 'v20.0.0', gitCommit: 'abc' }, new Date(0));
  assert.ok(!alone.includes('reused'), 'nothing reused, nothing said');
});
