// The tokens schedule and the three-layer notebook's validation end to end: `rnnlab validate`, `run`, the stored
// per-document updates and sparse validation rows, then `compare` and `report` on them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../src/store/results-store.js';
import { fixturesDir } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { readStore, tempDir } from './run-sweep-helpers.js';

/** 2 documents per step × 4 cursors: a budget of 120 predictions is 15 updates of num_unroll 1, 3 of num_unroll 5. */
function writeSpec(dir: string): string {
  const path = join(dir, 'tokens.yaml');
  writeFileSync(
    path,
    `name: tokens-e2e
corpus: {path: ${JSON.stringify(join(fixturesDir, 'runner', 'corpus'))}, documents: 3, vocabulary_documents: 4, min_count: 0,
         validation: {rule: fraction, fraction: 0.2, stream: concatenated}}
model: {type: rnn, hidden: 8}
train: {batch_size: 4, learning_rate: 0.01, num_steps: 5, docs_per_step: 2, tokens_per_step: 120, validate_every: 2}
generation: {length: 10, reset: zeros}
seeds: [1, 2, 3]
grid:
  train.num_unroll: [1, 5]
  train.schedule: [book, tokens]
claims:
  - id: unrolling-helps
    statement: Unrolling 5 steps gives a lower validation perplexity than 1, under each schedule.
    compare: {a: {train.num_unroll: 5}, b: {train.num_unroll: 1}}
    metric: best_valid_perplexity
    expect: lower
`,
  );
  return path;
}

test('validate and --dry-run print what the budget buys; a budget that does not divide is refused with the nearest ones', async () => {
  const { dir, dbPath, cleanup } = tempDir();
  try {
    const spec = writeSpec(dir);
    const budget = [
      'schedule tokens: 120 predictions per step = 2 documents × 15 updates × num_unroll 1 × batch_size 4',
      'schedule tokens: 120 predictions per step = 2 documents × 3 updates × num_unroll 5 × batch_size 4',
    ];
    const validate = await runCli(['validate', spec]);
    assert.equal(validate.code, 0, validate.stderr);
    assert.equal(validate.stdout, `${spec}: ok, 12 runs (4 grid points × 3 seeds), 1 claim (1 primary)\n${budget.map((line) => `  ${line}\n`).join('')}`);
    const dry = await runCli(['run', spec, '--db', dbPath, '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.ok(dry.stdout.endsWith(`┘\n${budget.map((line) => `${line}\n`).join('')}`), dry.stdout);
    const bad = await runCli(['validate', spec, '--set', 'train.tokens_per_step=100']);
    assert.equal(bad.code, 2);
    assert.equal(
      bad.stderr,
      `${spec}:9:22: /grid/train.num_unroll/0 train.tokens_per_step 100 is not a multiple of docs_per_step × num_unroll × ` +
        'batch_size = 2 × 1 × 4 = 8, so it gives no whole number of updates per document (12.5); nearest valid: ' +
        '96 (12 updates per document) or 104 (13 updates per document) (grid point {train.num_unroll: 1, train.schedule: tokens})\n' +
        `${spec}:9:25: /grid/train.num_unroll/1 train.tokens_per_step 100 is not a multiple of docs_per_step × num_unroll × ` +
        'batch_size = 2 × 5 × 4 = 40, so it gives no whole number of updates per document (2.5); nearest valid: ' +
        '80 (2 updates per document) or 120 (3 updates per document) (grid point {train.num_unroll: 5, train.schedule: tokens})\n',
    );
    assert.equal(existsSync(dbPath), false);
  } finally {
    cleanup();
  }
});

test('tokens: every document gets tokens_per_step / (docs × unroll × batch) updates, so both unrolls see 120 predictions a step; validation and samples every 2nd step', async () => {
  const { dir, dbPath, cleanup } = tempDir();
  try {
    const spec = writeSpec(dir);
    const result = await runCli(['run', spec, '--db', dbPath, '--workers', '2', '--backend', 'wasm', '--set', 'seeds=[1]']);
    assert.equal(result.code, 0, result.stderr);
    const { runs, epochs } = readStore(dbPath);
    assert.deepEqual(runs.map((run) => run.status), ['finished', 'finished', 'finished', 'finished']);
    const store = openStore(dbPath, { readonly: true });
    try {
      for (const run of runs) {
        const { schedule, num_unroll: unroll } = run.config.train;
        const rows = store.documentPerplexities(run.id);
        // Book: updates_per_document's default, 100, whatever the unroll. Tokens: 120 / (2 × unroll × 4).
        const expected = schedule === 'book' ? 100 : { 1: 15, 5: 3 }[unroll];
        assert.equal(rows.length, 5 * 2, `${schedule} ${unroll}`);
        assert.deepEqual([...new Set(rows.map((row) => row.updates))], [expected], `${schedule} ${unroll}`);
        if (schedule === 'tokens') {
          for (let epoch = 1; epoch <= 5; epoch++) {
            const predictions = rows.filter((row) => row.epoch === epoch).reduce((sum, row) => sum + row.updates * unroll * 4, 0);
            assert.equal(predictions, 120);
          }
        }
        // validate_every 2: epochs 1, 3, 5 validated and sampled; 2 and 4 store NULL and no sample.
        const own = epochs.filter((row) => row.runId === run.id);
        assert.deepEqual(own.map((row) => row.epoch), [1, 2, 3, 4, 5]);
        assert.deepEqual(own.filter((row) => row.validPerplexity !== null).map((row) => row.epoch), [1, 3, 5]);
        assert.ok(own.every((row) => (row.validLossNats === null) === (row.validPerplexity === null)));
        assert.deepEqual([...new Set(store.samples(run.id).map((sample) => sample.epoch))], [1, 3, 5]);
      }
      // The run_summary view picks the best among validated epochs.
      for (const summary of store.runSummaries('tokens-e2e')) assert.ok([1, 3, 5].includes(summary.bestEpoch as number));
    } finally {
      store.close();
    }
    const compare = async (...args: string[]) => {
      const result = await runCli(['compare', 'tokens-e2e', '--db', dbPath, ...args]);
      assert.equal(result.code, 0, result.stderr);
      return result.stdout;
    };
    const values = (table: string) => [...table.matchAll(/│ (\d+) +│ (book|tokens) +│ +([\d.—]+) │ (\d) │/g)].map((m) => m.slice(1).join(' '));
    assert.equal(values(await compare()).length, 4);
    // --at last: each run's latest validated epoch, 5; epoch 4 has no validation, so no value anywhere.
    assert.deepEqual(values(await compare('--at', 'last')), values(await compare('--at', '5')));
    const four = await compare('--at', '4');
    assert.deepEqual(values(four), ['1 book — 0', '1 tokens — 0', '5 book — 0', '5 tokens — 0']);
    assert.equal(four.split('1 without a value').length, 5);
    const out = join(dir, 'report');
    const report = await runCli(['report', 'tokens-e2e', '--db', dbPath, '--out', out]);
    assert.equal(report.code, 0, report.stderr);
    const markdown = readFileSync(join(out, 'tokens-e2e.md'), 'utf8');
    // One seed and 3 validated epochs of 5: the verdicts say why they cannot decide, and the epochs without
    // validation do not count as validated ones (3 is enough) nor as measured ones (best epochs 1, 3 or 5).
    assert.match(markdown, /Not enough data to decide: fewer than 3 seeds in a compared group/);
    assert.doesNotMatch(markdown, /fewer than 3 validated epochs in a run/);
    for (const schedule of ['book', 'tokens']) {
      assert.match(markdown, new RegExp(`^- train\\.schedule=${schedule}: a [\\d.]+ \\(n = 1\\) vs b [\\d.]+ \\(n = 1\\): no test`, 'm'));
    }
    // The comparison table's best epochs are validated ones.
    const bestEpochs = [...markdown.matchAll(/^\| (?:1|5) \| (?:book|tokens) \| 1 finished \| [\d.]+ \| ([\d.]+) \|/gm)].map((m) => Number(m[1]));
    assert.equal(bestEpochs.length, 4);
    for (const epoch of bestEpochs) assert.ok([1, 3, 5].includes(epoch), String(epoch));
  } finally {
    cleanup();
  }
});
