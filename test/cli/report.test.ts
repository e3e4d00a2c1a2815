// `rnnlab report` on a tiny finished experiment in a temporary database: files, sections, numbers from the db,
// escaping, self-containment, the Markdown twin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/results-store.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { buildTinyReportExperiment, TINY_EXPERIMENT, tinyCorpusDir } from '../helpers/tiny-report-experiment.js';

let dir = '';
let db = '';
let out = '';
let result: CliResult;
let html = '';
let markdown = '';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rnnlab-report-'));
  db = join(dir, 'results.sqlite');
  out = join(dir, 'report');
  buildTinyReportExperiment(db);
  result = await runCli(['report', TINY_EXPERIMENT, '--out', out, '--db', db]);
  html = existsSync(join(out, 'tiny-ch6.html')) ? readFileSync(join(out, 'tiny-ch6.html'), 'utf8') : '';
  markdown = existsSync(join(out, 'tiny-ch6.md')) ? readFileSync(join(out, 'tiny-ch6.md'), 'utf8') : '';
});

after(() => rmSync(dir, { recursive: true, force: true }));

const text = (fragment: string) =>
  fragment
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();

/** The rows (as cell texts) of the first table after the heading with this id. */
function tableAfter(id: string): string[][] {
  const start = html.indexOf(`id="${id}"`);
  assert.ok(start >= 0, `section ${id}`);
  const tableHtml = html.slice(html.indexOf('<table>', start), html.indexOf('</table>', start));
  return [...tableHtml.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => text(cell[1])),
  );
}

function meanStd(values: number[], digits: number): string {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
  return `${mean.toFixed(digits)} ± ${std.toFixed(digits)}`;
}

test('report writes the HTML, the Markdown twin and the plot images', () => {
  assert.equal(result.stderr, '');
  assert.equal(result.code, 0);
  const files = ['tiny-ch6.html', 'tiny-ch6.md', 'tiny-ch6-perplexity.svg', 'tiny-ch6-perplexity.png'];
  assert.equal(result.stdout, files.map((file) => `wrote ${join(out, file)}\n`).join(''));
  for (const file of files) assert.ok(existsSync(join(out, file)), file);
});

test('the HTML has every section, in order', () => {
  const ids = ['verdicts', 'experiment', 'comparison', 'book', 'plots', 'claims', 'samples', 'quality'];
  const positions = ids.map((id) => html.indexOf(`<h2 id="${id}">`));
  for (const [index, position] of positions.entries()) assert.ok(position > 0, ids[index]);
  assert.deepEqual([...positions].sort((a, b) => a - b), positions);
  assert.match(html, /^<!DOCTYPE html>/);
  assert.ok(html.trimEnd().endsWith('</html>'));
});

test('the comparison table shows mean ± std over seeds computed independently from the database', () => {
  const store = openStore(db, { readonly: true });
  const summaries = store.runSummaries(TINY_EXPERIMENT);
  const runs = store.listRuns({ experiment: TINY_EXPERIMENT });
  store.close();
  const rows = tableAfter('comparison');
  assert.deepEqual(rows[0].slice(0, 8), ['type', 'documents', 'docs_per_step', 'runs', 'best valid ppl', 'best epoch', 'final valid ppl', 'final train ppl']);
  assert.equal(rows.length, 1 + 4);
  for (const row of rows.slice(1)) {
    const [type, documents] = row;
    const ids = runs.filter((run) => run.params['model.type'] === type && String(run.params['corpus.documents']) === documents).map((run) => run.id);
    const own = summaries.filter((summary) => ids.includes(summary.runId));
    assert.equal(own.length, 2);
    assert.equal(row[3], '2 finished');
    assert.equal(row[4], meanStd(own.map((s) => s.bestValidPerplexity!), 2));
    assert.equal(row[5], meanStd(own.map((s) => s.bestEpoch!), 1));
    assert.equal(row[6], meanStd(own.map((s) => s.finalValidPerplexity!), 2));
    assert.equal(row[7], meanStd(own.map((s) => s.finalTrainPerplexity!), 2));
    assert.equal(row[9], meanStd(own.map((s) => s.wallTimeS!), 0));
  }
});

test('the claims the stored file declares are decided, with their rules and the numbers that decide them', () => {
  const verdicts = [...html.slice(html.indexOf('id="verdicts"'), html.indexOf('id="experiment"')).matchAll(/<span class="verdict [^"]+">([^<]+)<\/span>/g)].map(
    (match) => match[1],
  );
  // Every claim of the fixture's file, in file order; with 2 seeds per grid point none can be decided.
  assert.deepEqual(verdicts, ['not enough data', 'not enough data', 'not enough data']);
  assert.ok(markdown.includes('3 claims (2 primary), read from the experiment file stored with the runs.'));
  assert.ok(markdown.includes('- **not enough data**: RNN-CF validation loss fluctuates less around its trend.'));
  assert.ok(html.includes('With 2 documents the RNN validation loss rises faster at the end. (exploratory)'));
  const notDeciding = 'The numbers below are shown but do not decide.';
  assert.ok(
    html.includes(
      'Not enough data to decide: fewer than 3 seeds in a compared group (a type=rnncf, documents=2, docs_per_step=1: 2; ' +
        `b type=rnn, documents=2, docs_per_step=1: 2; a type=rnncf, documents=4, docs_per_step=2: 2; b type=rnn, documents=4, docs_per_step=2: 2). ${notDeciding}`,
    ),
  );
  assert.ok(html.includes('<strong>Rule:</strong> Metric per run: best validation perplexity (lowest finite; chosen on the set it reports).'));
  // The parts are paired by seed: each states the paired difference of the runs' best validation perplexities.
  const store = openStore(db, { readonly: true });
  const best = (type: string, documents: number) =>
    store
      .listRuns({ experiment: TINY_EXPERIMENT })
      .filter((run) => run.params['model.type'] === type && run.params['corpus.documents'] === documents)
      .sort((x, y) => x.config.seed - y.config.seed)
      .map((run) => Math.min(...store.epochs([run.id]).map((row) => row.validPerplexity!)));
  const [cf2, rnn2] = [best('rnncf', 2), best('rnn', 2)];
  store.close();
  const difference = (cf2[0] - rnn2[0] + cf2[1] - rnn2[1]) / 2;
  const sentence = `corpus.documents=2, train.docs_per_step=1: a ${meanStd(cf2, 2)} (n = 2) vs b ${meanStd(rnn2, 2)} (n = 2): 2 pairs: difference ${difference < 0 ? '−' : '+'}${Math.abs(difference).toFixed(2)} (95% CI `;
  assert.ok(html.includes(sentence), sentence);
  const rows = tableAfter('claim-rnncf-lower');
  assert.deepEqual(rows[0], ['part', 'a', 'b', 'design', 'difference (95% CI)', 'p', 'sign-flip p', 'detectable (80% power)']);
  assert.deepEqual(rows.slice(1).map((row) => [row[0], row[3]]), [
    ['corpus.documents=2, train.docs_per_step=1', 'paired, 2'],
    ['corpus.documents=4, train.docs_per_step=2', 'paired, 2'],
  ]);
});

test('the book’s printed figures are shown beside the experiment’s', () => {
  const rows = tableAfter('book');
  assert.deepEqual(rows.slice(1), [
    ['RNN, 20', 'book (one run, no seed)', '6.97', '54.36', '32.86', '4'],
    ['RNN, 20', 'this experiment', 'not in this experiment', '', '', ''],
    ['RNN-CF, 100', 'book (one run, no seed)', '10.01', '37.89', '29.78', '24'],
    ['RNN-CF, 100', 'this experiment', 'not in this experiment', '', '', ''],
  ]);
});

test('samples appear per grid point at the first, middle and last epoch, with held-out text as reference', () => {
  const samples = html.slice(html.indexOf('id="samples"'), html.indexOf('id="quality"'));
  assert.equal((samples.match(/<h4>epoch 1<\/h4>/g) ?? []).length, 4);
  assert.equal((samples.match(/<h4>epoch 3<\/h4>/g) ?? []).length, 4);
  assert.equal((samples.match(/<h4>epoch 5<\/h4>/g) ?? []).length, 4);
  assert.equal((samples.match(/<h4>epoch [24]<\/h4>/g) ?? []).length, 0);
  // Held-out slices: the median sample length, from the fixture corpus documents above 004.
  const store = openStore(db, { readonly: true });
  const lengths = store
    .listRuns({ experiment: TINY_EXPERIMENT })
    .flatMap((run) => store.samples(run.id).map((sample) => [...sample.text].length))
    .sort((a, b) => a - b);
  store.close();
  const median = lengths[Math.floor((lengths.length - 1) / 2)];
  const quality = tableAfter('quality');
  assert.equal(quality[1][0], `real held-out text (3 slices of ${median} chars)`);
  assert.equal(quality.length, 1 + 1 + 4 * 3);
  assert.ok(html.includes(`Held-out documents: 005.txt, 006.txt, 007.txt from ${tinyCorpusDir}.`));
});

test('every text from the database is HTML-escaped, and the page loads nothing from outside', () => {
  assert.ok(!/<script/i.test(html), 'no script element');
  assert.ok(html.includes('# a &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; comment that must come out escaped'));
  assert.ok(html.includes('she said &lt;b&gt;&quot;yes&quot; &amp; no&lt;/b&gt;.'));
  assert.ok(!html.includes('<b>"yes"'));
  assert.ok(!/(src|href)\s*=\s*["']?(https?:)?\/\//i.test(html), 'no external src/href');
  assert.ok(!/<link|@import|url\(/i.test(html), 'no stylesheet links or url()');
  assert.ok(html.includes('<svg'), 'plot inlined');
});

test('the Markdown twin has the same tables, the plot image beside it, and fenced samples', () => {
  assert.ok(markdown.startsWith('# rnnlab report: tiny-ch6\n'));
  assert.ok(markdown.includes('![tiny-ch6: train perplexity and validation perplexity per epoch](tiny-ch6-perplexity.png)'));
  assert.ok(markdown.includes('| type | documents | docs_per_step | runs | best valid ppl |'));
  // The decided section states how claims are decided once, then each claim with its rule, verdict and table.
  assert.equal(markdown.split('Primary claims are Holm-corrected together').length - 1, 1);
  const decided = markdown.slice(markdown.indexOf('## The claims, decided'), markdown.indexOf('## Generated samples'));
  assert.deepEqual([...decided.matchAll(/^\*\*Verdict: ([^*]+)\.\*\*$/gm)].map((m) => m[1]), ['not enough data', 'not enough data', 'not enough data']);
  assert.deepEqual([...decided.matchAll(/^### (.+)$/gm)].map((m) => m[1]), [
    'RNN-CF reaches a lower validation perplexity than the RNN.',
    'RNN-CF validation loss fluctuates less around its trend.',
    'With 2 documents the RNN validation loss rises faster at the end. (exploratory)',
  ]);
  assert.ok(decided.includes('| part | a | b | design | difference (95% CI) | p | sign-flip p | detectable (80% power) |'));
  assert.ok(markdown.includes('```yaml\n# yaml-language-server'));
  // Inline HTML would render in Markdown: the sample's markup stays inside a fence, table cells get entities.
  assert.ok(markdown.includes('```text\nin the morning'));
  assert.ok(!markdown.includes('| she said <b>'));
});

test('report on an unknown experiment exits 2 naming the stored ones', async () => {
  const missing = await runCli(['report', 'nope', '--db', db, '--out', join(dir, 'nope')]);
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, `no experiment "nope" in ${db}; it holds: tiny-ch6\n`);
  assert.equal(existsSync(join(dir, 'nope')), false);
});
