// `rnnlab plot` on a tiny finished experiment in a temporary database: SVG and PNG files, lines, errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { buildTinyReportExperiment, TINY_CURVES, TINY_EXPERIMENT } from '../helpers/tiny-report-experiment.js';

let dir = '';
let db = '';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'rnnlab-plot-'));
  db = join(dir, 'results.sqlite');
  buildTinyReportExperiment(db);
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** Paths drawn inside vega's line-mark groups: one per line per panel. */
function linePaths(svg: string): string[] {
  const paths: string[] = [];
  for (const group of svg.matchAll(/<g class="mark-line role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/g)) {
    paths.push(...(group[1].match(/<path [^>]*d="M[^"]+"/g) ?? []));
  }
  return paths;
}

test('plot writes an SVG with one line per grid point, a legend naming each point, and axis titles', async () => {
  const out = join(dir, 'valid.svg');
  const result = await runCli(['plot', TINY_EXPERIMENT, '--metric', 'valid_perplexity', '--out', out, '--db', db]);
  assert.equal(result.stderr, '');
  assert.equal(result.code, 0);
  assert.equal(result.stdout, `wrote ${out} (4 lines: tiny-ch6: validation perplexity per epoch)\n`);
  const svg = readFileSync(out, 'utf8');
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.equal(linePaths(svg).length, 4);
  for (const type of ['rnn', 'rnncf']) {
    for (const [documents, perStep] of [[2, 1], [4, 2]]) {
      assert.ok(svg.includes(`>type=${type}, documents=${documents}, docs_per_step=${perStep}<`), `${type}/${documents} in legend`);
    }
  }
  assert.ok(svg.includes('>epoch (the book’s step)<'));
  assert.ok(svg.includes('>validation perplexity<'));
  assert.ok(svg.includes('>line: mean over seeds; band: min–max over seeds<'));
});

/** Each drawn line's legend label and its vertices in pixels, from the aria-label and path data vega writes. */
function drawnLines(svg: string): { label: string; points: [number, number][] }[] {
  const lines: { label: string; points: [number, number][] }[] = [];
  for (const match of svg.matchAll(/<path aria-label="[^"]*docs_per_step: ([^"]+)" role="graphics-symbol" aria-roledescription="line mark" d="M([^"]+)"/g)) {
    const points = match[2].split('L').map((pair) => pair.split(',').map(Number) as [number, number]);
    lines.push({ label: match[1], points });
  }
  return lines;
}

test('plotted lines are the means over seeds computed here, on one linear scale, epochs evenly spaced', async () => {
  const out = join(dir, 'values.svg');
  assert.equal((await runCli(['plot', TINY_EXPERIMENT, '--metric', 'valid_perplexity', '--out', out, '--db', db])).code, 0);
  const lines = drawnLines(readFileSync(out, 'utf8'));
  assert.equal(lines.length, 4);
  // The fixture stores valid + 0.5·seed for seeds 1 and 2: the mean over seeds is valid + 0.75.
  const expected = new Map<string, number[]>();
  for (const [key, curve] of Object.entries(TINY_CURVES)) {
    const [type, documents] = key.split('/');
    expected.set(`type=${type}, documents=${documents}, docs_per_step=${documents === '2' ? 1 : 2}`, curve.valid.map((v) => v + 0.75));
  }
  // The y scale from the axis: tick marks (x2="-5") in order with their labels; every tick must sit on one line.
  const svg = readFileSync(out, 'utf8');
  const tickYs = [...svg.matchAll(/<line transform="translate\(0,([\d.]+)\)" x2="-5"/g)].map((m) => Number(m[1]));
  const tickValues = [...svg.matchAll(/<text text-anchor="end" transform="translate\(-7,[\d.]+\)"[^>]*>([\d.]+)<\/text>/g)].map((m) => Number(m[1]));
  assert.equal(tickYs.length, tickValues.length);
  assert.ok(tickYs.length >= 3, `${tickYs.length} y ticks`);
  const perUnit = (tickYs[0] - tickYs[tickYs.length - 1]) / (tickValues[tickValues.length - 1] - tickValues[0]);
  const valueAt = (y: number): number => tickValues[0] + (tickYs[0] - y) / perUnit;
  tickYs.forEach((y, i) => assert.ok(Math.abs(valueAt(y) - tickValues[i]) < 1e-6, `tick ${tickValues[i]} off the linear scale`));
  for (const line of lines) {
    const means = expected.get(line.label);
    assert.ok(means !== undefined, `unexpected line ${line.label}`);
    assert.equal(line.points.length, means.length);
    line.points.forEach(([x, y], i) => {
      assert.ok(Math.abs(valueAt(y) - means[i]) < 0.01, `${line.label}, epoch ${i + 1}: drawn at ${valueAt(y).toFixed(3)}, mean ${means[i]}`);
      assert.ok(Math.abs(x - (i * line.points[line.points.length - 1][0]) / (means.length - 1)) < 0.01, `${line.label}: epoch ${i + 1} at x ${x}`);
    });
    expected.delete(line.label);
  }
  assert.equal(expected.size, 0);
});

test('the default draws train and validation panels: two lines per grid point; --by pools other keys', async () => {
  const both = join(dir, 'both.svg');
  assert.equal((await runCli(['plot', '--out', both, '--db', db])).code, 0); // the only experiment is chosen
  assert.equal(linePaths(readFileSync(both, 'utf8')).length, 8);
  const byType = join(dir, 'by-type.svg');
  const result = await runCli(['plot', TINY_EXPERIMENT, '--by', 'model.type', '--metric', 'valid_perplexity', '--out', byType, '--db', db]);
  assert.equal(result.code, 0);
  const svg = readFileSync(byType, 'utf8');
  assert.equal(linePaths(svg).length, 2);
  assert.ok(svg.includes('>type=rnn<') && svg.includes('>type=rnncf<'));
});

test('plot writes a PNG when the file ends in .png', async () => {
  const out = join(dir, 'curves.png');
  const result = await runCli(['plot', TINY_EXPERIMENT, '--out', out, '--db', db]);
  assert.equal(result.code, 0);
  const png = readFileSync(out);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // IHDR width and height: the SVG is drawn at twice its size.
  assert.ok(png.readUInt32BE(16) > 1000, `width ${png.readUInt32BE(16)}`);
});

test('plot errors name the bad option and exit 2, writing nothing', async () => {
  const bogus = await runCli(['plot', TINY_EXPERIMENT, '--metric', 'valid_perplexity,bogus', '--out', join(dir, 'x.svg'), '--db', db]);
  assert.equal(bogus.code, 2);
  assert.equal(
    bogus.stderr,
    '--metric: unknown metric "bogus"; one of train_perplexity, valid_perplexity, train_loss_nats, valid_loss_nats, ' +
      'tokens_per_sec, duration_ms, grad_norm, grad_norm_max, clipped_fraction, or grad_norm:GROUP for one parameter group\n',
  );
  assert.equal(existsSync(join(dir, 'x.svg')), false);
  const pdf = await runCli(['plot', TINY_EXPERIMENT, '--out', join(dir, 'x.pdf'), '--db', db]);
  assert.equal(pdf.code, 2);
  assert.equal(pdf.stderr, `--out ${join(dir, 'x.pdf')}: the file must end in .svg or .png\n`);
  const by = await runCli(['plot', TINY_EXPERIMENT, '--by', 'model.hiden', '--out', join(dir, 'y.svg'), '--db', db]);
  assert.equal(by.code, 2);
  assert.equal(
    by.stderr,
    '--by: no run has a value for "model.hiden" (a dotted config path such as model.type); ' +
      'grid keys: model.type, corpus.documents, train.docs_per_step\n',
  );
  const missing = await runCli(['plot', 'nope', '--db', db]);
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, `no experiment "nope" in ${db}; it holds: tiny-ch6\n`);
});

test('plot and report to a path that cannot be written: exit 2 naming the path and why, no stack trace', async () => {
  writeFileSync(join(dir, 'afile'), 'in the way');
  const plot = await runCli(['plot', TINY_EXPERIMENT, '--out', join(dir, 'afile', 'x.svg'), '--db', db]);
  assert.equal(plot.code, 2);
  assert.equal(plot.stderr, `--out ${join(dir, 'afile', 'x.svg')}: cannot write it (a file is in the way of its folder)\n`);
  const report = await runCli(['report', TINY_EXPERIMENT, '--out', join(dir, 'afile'), '--db', db]);
  assert.equal(report.code, 2);
  assert.equal(report.stderr, `--out ${join(dir, 'afile', 'tiny-ch6-perplexity.svg')}: cannot write it (a file is in the way of its folder)\n`);
});
