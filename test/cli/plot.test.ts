// `rnnlab plot` on a tiny finished experiment in a temporary database: SVG and PNG files, lines, errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { buildTinyReportExperiment, TINY_EXPERIMENT } from '../helpers/tiny-report-experiment.js';

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
      'tokens_per_sec, duration_ms\n',
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
