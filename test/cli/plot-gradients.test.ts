// `rnnlab plot --metric grad_norm|grad_norm_max|clipped_fraction|grad_norm:GROUP` on the tiny experiment with
// gradient diagnostics written in by hand; and the message for runs that did not record them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { buildTinyReportExperiment, TINY_EXPERIMENT } from '../helpers/tiny-report-experiment.js';
import { fixtureGradient, TINY_REPORT_RUNS, writeFixtureGradients } from '../helpers/gradient-fixture.js';

let dir = '';
let db = '';
let olderDb = '';


before(() => {
  dir = mkdtempSync(join(tmpdir(), 'rnnlab-plot-gradients-'));
  db = join(dir, 'results.sqlite');
  olderDb = join(dir, 'older.sqlite');
  buildTinyReportExperiment(db);
  writeFixtureGradients(db, TINY_REPORT_RUNS);
  buildTinyReportExperiment(olderDb);
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** Each drawn line's legend label and its vertices, from vega's aria labels and path data. */
function drawnLines(svg: string): { label: string; points: [number, number][] }[] {
  return [...svg.matchAll(/<path aria-label="[^"]*docs_per_step: ([^"]+)" role="graphics-symbol" aria-roledescription="line mark" d="M([^"]+)"/g)].map(
    (match) => ({ label: match[1], points: match[2].split('L').map((pair) => pair.split(',').map(Number) as [number, number]) }),
  );
}

/** The value→pixel map of the (single) y axis, read off its ticks. */
function yScale(svg: string): (y: number) => number {
  const tickYs = [...svg.matchAll(/<line transform="translate\(0,([\d.]+)\)" x2="-5"/g)].map((m) => Number(m[1]));
  const tickValues = [...svg.matchAll(/<text text-anchor="end" transform="translate\(-7,[\d.]+\)"[^>]*>([\d.]+)<\/text>/g)].map((m) => Number(m[1]));
  assert.ok(tickYs.length >= 3 && tickYs.length === tickValues.length, `${tickYs.length} ticks`);
  const perUnit = (tickYs[0] - tickYs[tickYs.length - 1]) / (tickValues[tickValues.length - 1] - tickValues[0]);
  return (y) => tickValues[0] + (tickYs[0] - y) / perUnit;
}

/** Mean over seeds 1 and 2 of a gradient quantity at an epoch, from the fixture's formula. */
function seedMean(type: string, epoch: number, pick: (g: ReturnType<typeof fixtureGradient>) => number): number {
  return (pick(fixtureGradient(type, 1, epoch)) + pick(fixtureGradient(type, 2, epoch))) / 2;
}

for (const [metric, title, pick] of [
  ['grad_norm', 'gradient norm (epoch mean, before clipping)', (g: ReturnType<typeof fixtureGradient>) => g.mean],
  ['grad_norm_max', 'gradient norm (epoch max, before clipping)', (g: ReturnType<typeof fixtureGradient>) => g.max],
  ['clipped_fraction', 'fraction of updates clipped', (g: ReturnType<typeof fixtureGradient>) => g.clipped],
] as const) {
  test(`plot --metric ${metric}: one line per grid point at the mean over seeds`, async () => {
    const out = join(dir, `${metric}.svg`);
    const result = await runCli(['plot', TINY_EXPERIMENT, '--metric', metric, '--out', out, '--db', db]);
    assert.equal(result.stderr, '');
    assert.equal(result.code, 0);
    assert.equal(result.stdout, `wrote ${out} (4 lines: tiny-ch6: ${title} per epoch)\n`);
    const svg = readFileSync(out, 'utf8');
    const valueAt = yScale(svg);
    const lines = drawnLines(svg);
    assert.equal(lines.length, 4);
    for (const line of lines) {
      const type = line.label.startsWith('type=rnncf') ? 'rnncf' : 'rnn';
      assert.equal(line.points.length, 5);
      line.points.forEach(([, y], index) => {
        const expected = seedMean(type, index + 1, pick);
        assert.ok(Math.abs(valueAt(y) - expected) < 0.01 * Math.max(1, expected), `${line.label} epoch ${index + 1}: ${valueAt(y)} vs ${expected}`);
      });
    }
  });
}

test('plot --metric grad_norm:context draws the RNN-CF runs only (the plain RNN has no context group)', async () => {
  const out = join(dir, 'context.svg');
  const result = await runCli(['plot', TINY_EXPERIMENT, '--metric', 'grad_norm:context', '--out', out, '--db', db]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, `wrote ${out} (4 lines: tiny-ch6: gradient norm of the context parameters (epoch mean) per epoch)\n`);
  const svg = readFileSync(out, 'utf8');
  const valueAt = yScale(svg);
  const lines = drawnLines(svg);
  assert.deepEqual(lines.map((line) => line.label).sort(), [
    'type=rnncf, documents=2, docs_per_step=1',
    'type=rnncf, documents=4, docs_per_step=2',
  ]);
  for (const line of lines) {
    line.points.forEach(([, y], index) => {
      const expected = seedMean('rnncf', index + 1, (g) => g.groups.find((group) => group.group === 'context')!.normMean);
      assert.ok(Math.abs(valueAt(y) - expected) < 0.01, `${line.label} epoch ${index + 1}`);
    });
  }
});

test('gradient metrics on runs that did not record them, or a group no run has: exit 2, a message, no file', async () => {
  const out = join(dir, 'older.svg');
  const older = await runCli(['plot', TINY_EXPERIMENT, '--metric', 'valid_perplexity,grad_norm', '--out', out, '--db', olderDb]);
  assert.equal(older.code, 2);
  assert.equal(
    older.stderr,
    '--metric grad_norm: gradient norms were not measured in these runs (experiment "tiny-ch6", 8 runs with epochs): ' +
      'they were trained before rnnlab recorded them (results database schema version 4); train them again to see this metric\n',
  );
  assert.equal(existsSync(out), false);
  const group = await runCli(['plot', TINY_EXPERIMENT, '--metric', 'grad_norm:hiden', '--out', out, '--db', db]);
  assert.equal(group.code, 2);
  assert.equal(group.stderr, '--metric grad_norm:hiden: no run of experiment "tiny-ch6" has a parameter group "hiden"; its groups: recurrent, output, hidden, context\n');
  assert.equal(existsSync(out), false);
});
