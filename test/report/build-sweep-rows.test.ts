// The README's sweep table: wall times, the machine from RUN-INFO.md (read back from a file formatRunInfo wrote), and
// the BLAS string cut to library, core and threads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSweepRows, splitBlas } from '../../src/report/build-sweep-rows.js';
import { formatRunInfo, summarizeRunInfo } from '../../src/report/format-run-info.js';
import { readPublisherMachine } from '../../src/report/read-publisher-machine.js';
import type { PublishedExperiment } from '../../src/report/build-findings-table.js';
import type { RunRow } from '../../src/store/results-store.js';
import { tinyRunConfig } from '../helpers/store-fixtures.js';

const ZEN = 'OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64 (core Zen: detected by OpenBLAS)';

function run(id: string, startedAt: string, finishedAt: string, blas: string, host = 'vm'): RunRow {
  return {
    id, experiment: 'x', config: tinyRunConfig(1), params: {}, status: 'finished', error: null, pid: 1, host,
    heartbeatAt: null, createdAt: '2026-11-01T00:00:00.000Z', startedAt, finishedAt, backend: 'native', blas,
    packageVersion: '0.1.0', attempts: 1,
  };
}

test('splitBlas keeps the library, the core and where it came from, and the threads; other text stays whole', () => {
  assert.deepEqual(splitBlas(`${ZEN}, 1 thread`), { library: 'OpenBLAS 0.3.21, core Zen (detected by OpenBLAS)', threads: '1 thread' });
  assert.deepEqual(splitBlas('OpenBLAS 0.3.21 (core Haswell), 1 thread, then 2 threads from epoch 5'), {
    library: 'OpenBLAS 0.3.21, core Haswell',
    threads: '1 thread, then 2 threads from epoch 5',
  });
  assert.deepEqual(splitBlas('some BLAS'), { library: 'some BLAS', threads: '' });
});

test('a row: runs and statuses, the sweep’s span and summed run time, the publishing CPU, threads counted per library', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-sweep-rows-'));
  try {
    const runs = [
      run('a', '2026-11-01T10:00:00.000Z', '2026-11-01T10:30:00.000Z', `${ZEN}, 1 thread`),
      run('b', '2026-11-01T10:10:00.000Z', '2026-11-01T11:00:05.000Z', `${ZEN}, 1 thread`),
      run('c', '2026-11-01T10:30:00.000Z', '2026-11-01T10:40:00.000Z', `${ZEN}, 1 thread, then 2 threads from epoch 3`),
    ];
    const info = summarizeRunInfo('x', runs, []);
    const path = join(dir, 'RUN-INFO.md');
    const machine = { host: 'vm', cpuModel: 'AMD EPYC', cores: 2, nodeVersion: 'v20.0.0', gitCommit: 'abc' };
    writeFileSync(path, formatRunInfo(info, machine, new Date('2026-11-28T00:00:00Z')));
    const published = { results: { experiment: { name: 'x' } }, reportLink: null, runInfo: info, machine: readPublisherMachine(path) };
    assert.deepEqual(buildSweepRows([published as unknown as PublishedExperiment]), [
      {
        experiment: 'x',
        runs: '3 (3 finished)',
        sweepWallTime: '1h 00m 05s (3605 s)',
        summedRunTime: '1h 30m 05s (5405 s)', // 30m + 50m 05s + 10m
        machine: 'AMD EPYC, 2 cores (host vm)',
        compute: 'native; OpenBLAS 0.3.21, core Zen (detected by OpenBLAS): 1 thread (2 runs); 1 thread, then 2 threads from epoch 3 (1 run)',
      },
    ]);
    // Runs on another machine than the publisher's: the database knows their host names only.
    const elsewhere = formatRunInfo(info, { ...machine, host: 'laptop' }, new Date(0));
    writeFileSync(path, elsewhere);
    const other = { ...published, machine: readPublisherMachine(path) };
    assert.equal(buildSweepRows([other as unknown as PublishedExperiment])[0].machine, 'host vm (CPU not recorded)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('readPublisherMachine: null for a missing file or one without front matter', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-sweep-rows-'));
  try {
    assert.equal(readPublisherMachine(join(dir, 'RUN-INFO.md')), null);
    writeFileSync(join(dir, 'RUN-INFO.md'), '# no front matter\n');
    assert.equal(readPublisherMachine(join(dir, 'RUN-INFO.md')), null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
