// The report's one-line summary: counts with the right plural, backends, the selection when there is one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summaryLine } from '../../src/report/report-text.js';
import type { ReportModel } from '../../src/report/build-report-model.js';

/** Only the fields summaryLine reads; the rest of a report model plays no part in the line. */
function modelWith(runCount: number, gridPoints: number, selection: string | null): ReportModel {
  return {
    runCount,
    statuses: { finished: runCount },
    comparison: Array.from({ length: gridPoints }, () => ({})),
    backends: ['native'],
    dbPath: 'runs/x.sqlite',
    selection,
    generatedAt: '2026-11-28T00:00:00Z',
  } as unknown as ReportModel;
}

test('summaryLine: one run and one grid point are singular, more are plural', () => {
  assert.equal(
    summaryLine(modelWith(1, 1, null)),
    '1 run (1 finished), 1 grid point; backend native; database runs/x.sqlite; report made 2026-11-28T00:00:00Z.',
  );
  assert.match(summaryLine(modelWith(6, 2, '--where train.num_steps=26: 6 of 9 runs')), /^6 runs \(6 finished\), 2 grid points; .*runs chosen with --where train\.num_steps=26: 6 of 9 runs; /);
});
