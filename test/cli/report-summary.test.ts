// `rnnlab report --summary FOLDER [--write FILE]`: the findings table across published fixture experiments: claims
// as their reports decide them, "not run yet" rows, the LSTM against book-ch6's models, the README's markers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { SEED_OFFSET, writePublishedExperiment } from '../helpers/published-fixture.js';

let dir = '';
let results = '';
let experiments = '';
let printed: CliResult;

const BOOK = [
  { type: 'rnn' as const, documents: 20, valid: [40, 30, 32, 38] },
  { type: 'rnn' as const, documents: 100, valid: [45, 35, 30, 28] },
  { type: 'rnncf' as const, documents: 20, valid: [42, 36, 33, 32] },
  { type: 'rnncf' as const, documents: 100, valid: [44, 37, 32, 29] },
];
/** book-ch6's file as the summary reads it: its grid and two declared claims (the published copy stores none). */
const BOOK_FILE = `name: book-ch6
seeds: [1, 2, 3]
grid:
  model.type: [rnn, rnncf]
  corpus.documents: [20, 100]
claims:
  - id: rnncf-lower
    statement: RNN-CF reaches a lower perplexity than the RNN.
    compare: {a: {model.type: rnncf}, b: {model.type: rnn}}
    metric: best_valid_perplexity
    expect: lower
  - id: rnn-lower-at-100
    statement: At 100 documents the RNN's final perplexity is lower.
    compare: {a: {model.type: rnn}, b: {model.type: rnncf}}
    where: {corpus.documents: 100}
    metric: final_valid_perplexity
    expect: lower
    primary: false
`;

/** ablation-lstm's file: one model type, so its claims name book-ch6's runs as arm b. */
const LSTM_FILE = `name: ablation-lstm
model: {type: lstm}
seeds: [1, 2, 3]
grid:
  corpus.documents: [20, 100]
claims:
  - id: lstm-beats-rnncf
    statement: The LSTM beats book-ch6's RNN-CF.
    compare: {a: {}, b: {experiment: book-ch6, model.type: rnncf}}
    metric: best_valid_perplexity
    expect: lower
  - id: lstm-beats-rnn
    statement: The LSTM beats book-ch6's RNN.
    compare: {a: {}, b: {experiment: book-ch6, model.type: rnn}}
    metric: best_valid_perplexity
    expect: lower
    primary: false
`;

const LSTM = [
  { type: 'lstm' as const, documents: 20, valid: [35, 25, 27, 30] },
  { type: 'lstm' as const, documents: 100, valid: [40, 31, 29, 28.5] },
];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rnnlab-summary-'));
  results = join(dir, 'docs', 'results');
  experiments = join(dir, 'experiments');
  mkdirSync(experiments);
  writeFileSync(join(experiments, 'ablation-stacked.yaml'), 'name: ablation-stacked\n');
  writeFileSync(join(experiments, 'book-ch6.yaml'), BOOK_FILE);
  writeFileSync(join(experiments, 'ablation-lstm.yaml'), LSTM_FILE);
  writePublishedExperiment(results, 'book-ch6', BOOK);
  writePublishedExperiment(results, 'ablation-lstm', LSTM);
  writeFileSync(join(results, 'book-ch6', 'report.md'), '# report\n');
  printed = await runCli(['report', '--summary', join('docs', 'results'), '--experiments', 'experiments'], { cwd: dir });
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** The findings table's rows as cell lists (links kept as written): the first table of the output. */
function rows(output: string): string[][] {
  return tableRows(output, 0);
}

/** The rows of the output's `index`-th table. */
function tableRows(output: string, index: number): string[][] {
  const tables = output.split(/\n(?!\|)/).map((block) => block.split('\n').filter((line) => line.startsWith('| '))).filter((lines) => lines.length > 0);
  return tables[index].map((line) => line.slice(2, -2).split(' | '));
}

function meanStd(values: number[]): string {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
  return `${mean.toFixed(2)} ± ${std.toFixed(2)}`;
}

test('one table: book-ch6’s claims as its file declares them and its report decides them, "not run yet" for the missing', async () => {
  assert.equal(printed.stderr, '');
  assert.equal(printed.code, 0);
  const table = rows(printed.stdout);
  assert.deepEqual(table[0], [
    'experiment', 'claim', 'verdict', 'deciding numbers (mean ± std over seeds)', 'p', 'p, Holm in experiment', 'p, Holm over the table',
    'seeds per grid point', 'report',
  ]);
  // The report made with the same file's claims gives the same verdicts, in file order.
  const report = await runCli(['report', 'book-ch6', '--db', join(results, 'book-ch6', 'results.sqlite'), '--out', join(dir, 'r'), '--claims', join(experiments, 'book-ch6.yaml')]);
  // A report of ablation-lstm alone cannot decide claims against book-ch6; given both databases, it does.
  const alone = await runCli(['report', 'ablation-lstm', '--db', join(results, 'ablation-lstm', 'results.sqlite'), '--out', join(dir, 'l1'), '--claims', join(experiments, 'ablation-lstm.yaml')]);
  assert.equal(alone.code, 0, alone.stderr);
  assert.match(readFileSync(join(dir, 'l1', 'ablation-lstm.md'), 'utf8'), /Not enough data to decide: experiment book-ch6's runs are not in the database read/);
  const both = await runCli([
    'report', 'ablation-lstm', '--db', join(results, 'ablation-lstm', 'results.sqlite'), '--db', join(results, 'book-ch6', 'results.sqlite'),
    '--out', join(dir, 'l2'), '--claims', join(experiments, 'ablation-lstm.yaml'),
  ]);
  assert.equal(both.code, 0, both.stderr);
  assert.match(readFileSync(join(dir, 'l2', 'ablation-lstm.md'), 'utf8'), /^- \*\*supported\*\*: The LSTM beats book-ch6's RNN-CF\.$/m);
  assert.equal(report.code, 0, report.stderr);
  const markdown = readFileSync(join(dir, 'r', 'book-ch6.md'), 'utf8');
  const glance = [...markdown.matchAll(/^- \*\*([^*]+)\*\*: (.+)$/gm)];
  const book = table.filter((row) => row[0] === 'book-ch6');
  assert.deepEqual(book.map((row) => row[2]), glance.map((m) => `**${m[1]}**`));
  // Every seed's RNN-CF best is 2 (20 documents) and 1 (100 documents) above its RNN's: a part the other way with
  // no spread (p = 0), so contradicted; the exploratory claim (the RNN's final 1.5 and 1 below) is decided raw.
  assert.deepEqual(book.map((row) => [row[1], row[2], row[4], row[5], row[6]]), [
    // (Markdown cells spell < as an entity, so it never opens a tag.)
    ['RNN-CF reaches a lower perplexity than the RNN.', '**contradicted**', '&lt; 0.001', '&lt; 0.001', '&lt; 0.001'],
    ["At 100 documents the RNN's final perplexity is lower. (exploratory)", '**supported**', '&lt; 0.001', '—', '—'],
  ]);
  for (const row of book) {
    assert.equal(row[7], '3');
    assert.equal(row[8], '[report](docs/results/book-ch6/report.md)');
  }
  assert.ok(book[0][3].startsWith('corpus.documents=20: a 33.00 ± 0.50 (n = 3) vs b 31.00 ± 0.50 (n = 3): 3 pairs: difference +2.00'), book[0][3]);
  assert.deepEqual(table.find((row) => row[0] === 'ablation-stacked'), [
    'ablation-stacked', '—', '**not run yet**', 'no published results database (docs/results/ablation-stacked/results.sqlite)', '—', '—', '—', '—', '—',
  ]);
  assert.deepEqual(
    table.slice(2).map((row) => row[0]).filter((name, index, all) => all.indexOf(name) === index),
    ['book-ch6', 'ablation-lstm vs book-ch6', 'ablation-stacked'],
  );
});

test('a second table: each published sweep’s runs, wall time, machine and backend', () => {
  const sweeps = tableRows(printed.stdout, 1);
  assert.deepEqual(sweeps[0], ['experiment', 'runs', 'sweep wall time', 'summed run time', 'machine', 'backend; BLAS']);
  // The fixtures have no RUN-INFO.md, so only the host the runs recorded is known; the store's clock ticks 1 s a call.
  assert.deepEqual(sweeps.slice(2).map((row) => [row[0], row[1], row[4], row[5]]), [
    ['ablation-lstm', '6 (6 finished)', 'host test (CPU not recorded)', 'cpu'],
    ['book-ch6', '12 (12 finished)', 'host test (CPU not recorded)', 'cpu'],
  ]);
  for (const row of sweeps.slice(2)) assert.match(row[2], /^\d+ s$|^\d+m \d\ds \(\d+ s\)$/);
});

test('claims against another experiment: the LSTM’s runs paired with book-ch6’s of the same seed and document count', () => {
  const cross = rows(printed.stdout).filter((row) => row[0] === 'ablation-lstm vs book-ch6');
  assert.deepEqual(cross.map((row) => row[1]), ["The LSTM beats book-ch6's RNN-CF.", "The LSTM beats book-ch6's RNN. (exploratory)"]);
  const best = (curve: { valid: number[] }) => [1, 2, 3].map((seed) => Math.min(...curve.valid) + SEED_OFFSET * seed);
  const find = (list: typeof BOOK | typeof LSTM, type: string, documents: number) => list.find((c) => c.type === type && c.documents === documents)!;
  for (const [row, other] of [[cross[0], 'rnncf'], [cross[1], 'rnn']] as const) {
    for (const documents of [20, 100]) {
      const lstm = best(find(LSTM, 'lstm', documents));
      const them = best(find(BOOK, other, documents));
      assert.ok(row[3].includes(`corpus.documents=${documents}: a ${meanStd(lstm)} (n = 3) vs b ${meanStd(them)} (n = 3): 3 pairs: `), row[3]);
    }
    assert.equal(row[7], '3');
    // ablation-lstm has no published report in the fixture: only book-ch6's is linked.
    assert.equal(row[8], '[book-ch6](docs/results/book-ch6/report.md)');
  }
  // Every seed's LSTM is 7 and 0.5 below RNN-CF (supported), but 0.5 above the RNN at 100 documents: that part,
  // with no spread, contradicts the exploratory claim.
  assert.deepEqual(cross.map((row) => [row[2], row[5], row[6]]), [
    ['**supported**', '&lt; 0.001', '&lt; 0.001'],
    ['**contradicted**', '—', '—'],
  ]);
});

test('--write puts the table between the README’s markers, links relative to it, and leaves the rest alone', async () => {
  const readme = join(dir, 'README.md');
  const before = '# project\n\nintro\n\n<!-- findings:start -->\nold table\n<!-- findings:end -->\n\nafter\n';
  writeFileSync(readme, before);
  const written = await runCli(['report', '--summary', join('docs', 'results'), '--experiments', 'experiments', '--write', 'README.md'], { cwd: dir });
  assert.equal(written.stderr, '');
  assert.equal(written.code, 0);
  assert.equal(written.stdout, 'wrote the findings table (2 published experiments) into README.md\n');
  assert.equal(readFileSync(readme, 'utf8'), `# project\n\nintro\n\n<!-- findings:start -->\n${printed.stdout}<!-- findings:end -->\n\nafter\n`);
  // Written again: the same file (the table is regenerated, not appended).
  await runCli(['report', '--summary', join('docs', 'results'), '--experiments', 'experiments', '--write', 'README.md'], { cwd: dir });
  assert.equal(readFileSync(readme, 'utf8').split('<!-- findings:start -->').length, 2);
});

test('bad input: exit 2, the reason, nothing written', async () => {
  const readme = join(dir, 'NOMARKERS.md');
  writeFileSync(readme, '# no markers\n');
  const noMarkers = await runCli(['report', '--summary', join('docs', 'results'), '--write', 'NOMARKERS.md'], { cwd: dir });
  assert.equal(noMarkers.code, 2);
  assert.equal(
    noMarkers.stderr,
    '--write NOMARKERS.md: needs one <!-- findings:start --> line and, after it, one <!-- findings:end --> line where the table goes (found 0 start and 0 end markers)\n',
  );
  assert.equal(readFileSync(readme, 'utf8'), '# no markers\n');
  const missing = await runCli(['report', '--summary', 'nowhere'], { cwd: dir });
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, '--summary nowhere: no such folder (it should hold one folder per experiment, as rnnlab publish writes)\n');
  const named = await runCli(['report', 'book-ch6', '--summary', join('docs', 'results')], { cwd: dir });
  assert.equal(named.code, 2);
  assert.equal(named.stderr, `report --summary ${join('docs', 'results')} covers every published experiment; leave out "book-ch6"\n`);
  const stray = await runCli(['report', '--write', 'README.md'], { cwd: dir });
  assert.equal(stray.code, 2);
  assert.equal(stray.stderr, '--write goes with --summary FOLDER\n');
});
