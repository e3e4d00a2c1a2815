// Slow: a small real experiment on the Grimm corpus, trained by `rnnlab run`, then plotted and reported.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/results-store.js';
import { grimmCorpusDir, needsRealCorpus } from '../helpers/real-corpus.js';
import { runCli } from '../helpers/run-cli.js';

let dir = '';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'rnnlab-report-real-'));
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('run → plot → report on a miniature of book-ch6 with the real corpus', needsRealCorpus, async () => {
  const spec = join(dir, 'mini-ch6.yaml');
  writeFileSync(
    spec,
    `name: mini-ch6
corpus:
  path: ${JSON.stringify(grimmCorpusDir)}
  documents: 4
  vocabulary_documents: 10
  validation: { rule: book, documents: 3, tokens_per_document: 20 }
model: { type: rnn, hidden: 16, context: 8, alpha: 0.9, variant: book, activation: tanh }
train: { num_unroll: 10, batch_size: 8, num_steps: 5, docs_per_step: 1, updates_per_document: 10 }
generation: { length: 150 }
seeds: [1, 2]
grid:
  model.type: [rnn, rnncf]
zip:
  corpus.documents: [4, 8]
  train.docs_per_step: [1, 2]
claims:
  - id: rnncf-lower
    statement: RNN-CF reaches a lower validation perplexity than the RNN.
    compare: {a: {model.type: rnncf}, b: {model.type: rnn}}
    metric: best_valid_perplexity
    expect: lower
  - id: rnncf-steadier
    statement: RNN-CF validation loss fluctuates less around its trend.
    compare: {a: {model.type: rnncf}, b: {model.type: rnn}}
    metric: valid_fluctuation
    from_epoch: 1
    expect: lower
`,
  );
  const db = join(dir, 'db.sqlite');
  const run = await runCli(['run', spec, '--db', db, '--workers', '2']);
  assert.equal(run.code, 0, run.stderr);

  const png = join(dir, 'curves.png');
  const plot = await runCli(['plot', 'mini-ch6', '--db', db, '--out', png]);
  assert.equal(plot.code, 0, plot.stderr);
  assert.ok(readFileSync(png).length > 10_000);

  const out = join(dir, 'report');
  const report = await runCli(['report', 'mini-ch6', '--db', db, '--out', out]);
  assert.equal(report.code, 0, report.stderr);
  const html = readFileSync(join(out, 'mini-ch6.html'), 'utf8');
  assert.ok(existsSync(join(out, 'mini-ch6.md')));

  // Every run's best validation perplexity (from the run_summary view) is in the report's overfitting table or
  // behind a mean; check the means of the comparison table against the view.
  const store = openStore(db, { readonly: true });
  const summaries = store.runSummaries('mini-ch6');
  const runs = store.listRuns({ experiment: 'mini-ch6' });
  store.close();
  assert.equal(summaries.length, 8);
  for (const type of ['rnn', 'rnncf']) {
    for (const documents of [4, 8]) {
      const ids = runs.filter((r) => r.params['model.type'] === type && r.params['corpus.documents'] === documents).map((r) => r.id);
      const best = summaries.filter((s) => ids.includes(s.runId)).map((s) => s.bestValidPerplexity!);
      const mean = (best[0] + best[1]) / 2;
      const std = Math.abs(best[0] - best[1]) / Math.SQRT2;
      assert.ok(html.includes(`<td class="num">${mean.toFixed(2)} ± ${std.toFixed(2)}</td>`), `${type}/${documents}: ${mean}`);
    }
  }
  // Held-out reference from Grimm documents after the vocabulary's 10.
  assert.match(html, /Held-out documents: 011\.txt, 012\.txt, /);
  // 2 seeds of 5 tiny steps cannot decide the declared claims: the report says so instead of a verdict, naming the
  // seeds and the vocabulary's uniform level the runs have not left.
  const verdicts = [...html.matchAll(/<li><span class="verdict [^"]+">([^<]+)<\/span>/g)].map((m) => m[1]);
  assert.deepEqual(verdicts, ['not enough data', 'not enough data']);
  assert.ok(html.includes('Not enough data to decide: fewer than 3 seeds in a compared group (a type=rnncf, documents=4, docs_per_step=1: 2; '));
  assert.match(html, /validation perplexity still near the uniform level \(V = \d+: a run’s best validation perplexity must get below [\d.]+\)/);
});
