// The report's Gradients section on the tiny experiment with gradient diagnostics written in by hand: every cell
// recomputed here from the database's rows, the grad-norm plot written; and the section's text when not measured.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { buildTinyReportExperiment, TINY_EXPERIMENT } from '../helpers/tiny-report-experiment.js';
import { TINY_REPORT_RUNS, writeFixtureGradients } from '../helpers/gradient-fixture.js';

let dir = '';
let db = '';
let out = '';
let result: CliResult;
let html = '';
let markdown = '';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rnnlab-report-gradients-'));
  db = join(dir, 'results.sqlite');
  out = join(dir, 'report');
  buildTinyReportExperiment(db);
  // Seed 2 of rnn on 4 documents stays without gradients, as a run from before rnnlab recorded them would.
  writeFixtureGradients(db, TINY_REPORT_RUNS.filter((run) => run.id !== 'rnn-4-s2'));
  result = await runCli(['report', TINY_EXPERIMENT, '--out', out, '--db', db]);
  html = readFileSync(join(out, 'tiny-ch6.html'), 'utf8');
  markdown = readFileSync(join(out, 'tiny-ch6.md'), 'utf8');
});

after(() => rmSync(dir, { recursive: true, force: true }));

const text = (fragment: string) => fragment.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').trim();

function gradientTable(): string[][] {
  const start = html.indexOf('<h2 id="gradients">');
  assert.ok(start > 0, 'a Gradients section');
  const tableHtml = html.slice(html.indexOf('<table>', start), html.indexOf('</table>', start));
  return [...tableHtml.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => text(cell[1])),
  );
}

function meanStd(values: number[], digits: number): string {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (values.length === 1) return mean.toFixed(digits);
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
  return `${mean.toFixed(digits)} ± ${std.toFixed(digits)}`;
}

test('report writes the grad-norm plot beside the perplexity plot', () => {
  assert.equal(result.stderr, '');
  assert.equal(result.code, 0);
  const files = ['tiny-ch6.html', 'tiny-ch6.md', 'tiny-ch6-perplexity.svg', 'tiny-ch6-perplexity.png', 'tiny-ch6-grad-norm.svg', 'tiny-ch6-grad-norm.png'];
  assert.equal(result.stdout, files.map((file) => `wrote ${join(out, file)}\n`).join(''));
  assert.ok(markdown.includes('![tiny-ch6: gradient norm (epoch mean, before clipping) per epoch](tiny-ch6-grad-norm.png)'));
  const start = html.indexOf('<h2 id="gradients">');
  const section = html.slice(start, html.indexOf('<h2 ', start + 1));
  assert.ok(section.includes('<figcaption>tiny-ch6: gradient norm (epoch mean, before clipping) per epoch</figcaption>'));
});

test('the Gradients table: first/last epoch norm, max, clipped fraction, context vs hidden, from the rows', () => {
  const sqlite = new Database(db, { readonly: true });
  const epochs = sqlite.prepare('SELECT epoch, grad_norm_mean, grad_norm_max, clipped_fraction FROM epochs WHERE run_id = ? ORDER BY epoch');
  const groups = sqlite.prepare('SELECT norm_mean FROM epoch_gradient_groups WHERE run_id = ? AND param_group = ?');
  const rows = gradientTable();
  assert.deepEqual(rows[0], [
    'type', 'documents', 'docs_per_step', 'runs measured', 'grad norm, first epoch', 'grad norm, last epoch',
    'max grad norm', 'clipped fraction', 'context path norm', 'hidden path norm', 'context ÷ hidden',
  ]);
  assert.equal(rows.length, 5);
  for (const row of rows.slice(1)) {
    const [type, documents] = row;
    const runs = TINY_REPORT_RUNS.filter((run) => run.type === type && String(run.documents) === documents && run.id !== 'rnn-4-s2');
    assert.equal(row[3], String(runs.length));
    const perRun = runs.map((run) => {
      const own = epochs.all(run.id) as { grad_norm_mean: number; grad_norm_max: number; clipped_fraction: number }[];
      const average = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
      const context = average((groups.all(run.id, 'context') as { norm_mean: number }[]).map((g) => g.norm_mean));
      const hidden = average((groups.all(run.id, 'hidden') as { norm_mean: number }[]).map((g) => g.norm_mean));
      return {
        first: own[0].grad_norm_mean,
        last: own[own.length - 1].grad_norm_mean,
        max: Math.max(...own.map((e) => e.grad_norm_max)),
        clipped: average(own.map((e) => e.clipped_fraction)),
        context,
        hidden,
      };
    });
    assert.equal(row[4], meanStd(perRun.map((r) => r.first), 3), `${type}/${documents} first`);
    assert.equal(row[5], meanStd(perRun.map((r) => r.last), 3));
    assert.equal(row[6], meanStd(perRun.map((r) => r.max), 3));
    assert.equal(row[7], meanStd(perRun.map((r) => r.clipped), 3));
    if (type === 'rnncf') {
      assert.equal(row[8], meanStd(perRun.map((r) => r.context), 3));
      assert.equal(row[9], meanStd(perRun.map((r) => r.hidden), 3));
      assert.equal(row[10], meanStd(perRun.map((r) => r.context / r.hidden), 3));
    } else {
      assert.deepEqual(row.slice(8), ['—', '—', '—']);
    }
  }
  sqlite.close();
  assert.ok(html.includes('1 run with epochs recorded no gradient norms (trained before rnnlab recorded them) and is left out.'));
});

test('runs that recorded no gradient norms: the section says so, and no grad-norm plot is written', async () => {
  const olderDb = join(dir, 'older.sqlite');
  const olderOut = join(dir, 'older-report');
  buildTinyReportExperiment(olderDb);
  const older = await runCli(['report', TINY_EXPERIMENT, '--out', olderOut, '--db', olderDb]);
  assert.equal(older.code, 0, older.stderr);
  assert.equal(existsSync(join(olderOut, 'tiny-ch6-grad-norm.svg')), false);
  const olderMarkdown = readFileSync(join(olderOut, 'tiny-ch6.md'), 'utf8');
  const start = olderMarkdown.indexOf('## Gradients');
  const section = olderMarkdown.slice(start, olderMarkdown.indexOf('\n## ', start + 1));
  assert.ok(
    section.includes(
      '**Not measured: these runs were trained before rnnlab recorded gradient norms (results database schema version 4), ' +
        'so there is nothing to show. Train them again to see the gradients.**',
    ),
    section,
  );
  assert.equal(section.includes('| runs measured |'), false);
});
