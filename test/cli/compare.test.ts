// `rnnlab compare`: one row per grid point, mean ± std over seeds, checked against hand-computed values.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/results-store.js';
import { epochReport, tinyRunConfig } from '../helpers/store-fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { createResultsFixture } from '../helpers/results-fixture.js';

const fixture = createResultsFixture();
const two = createResultsFixture({ otherExperiment: true });
after(() => {
  rmSync(fixture.dir, { recursive: true, force: true });
  rmSync(two.dir, { recursive: true, force: true });
});

async function compare(args: string[], dbPath = fixture.dbPath) {
  return runCli(['compare', ...args, '--db', dbPath]);
}

test('the default compares validation perplexity at the best epoch; EXPERIMENT may be left out with one experiment', async () => {
  const result = await compare(['--format', 'markdown']);
  assert.equal(result.stderr, '');
  assert.equal(result.code, 0);
  // Best validation perplexities by hand: rnn/20 → 10, 12, 14: mean 12, std √((4+0+4)/2) = 2.
  // rnncf/20 → 9, 9, 13 (the diverged seed's best is its first epoch): mean 10.333, std √(32/3/2) = 2.309.
  // rnn/100 → 6, 7 (seed 3 queued): mean 6.5, std √0.5 = 0.707. rnncf/100 → 5, 6 (running), 4: mean 5, std 1.
  assert.equal(
    result.stdout,
    [
      '| type | documents | valid_perplexity (best) | n | notes |',
      '| --- | --- | ---: | ---: | --- |',
      '| rnn | 20 | 12.00 ± 2.00 | 3 |  |',
      '| rnncf | 20 | 10.33 ± 2.31 | 3 | 1 diverged |',
      '| rnn | 100 | 6.50 ± 0.71 | 2 | 1 queued, 1 without a value |',
      '| rnncf | 100 | 5.00 ± 1.00 | 3 | 1 running |',
      '',
    ].join('\n'),
  );
});

test('the terminal table has a caption and the same numbers', async () => {
  const result = await compare(['ablation']);
  assert.equal(result.code, 0);
  const lines = result.stdout.split('\n');
  assert.equal(
    lines[0],
    "ablation: valid_perplexity at each run's best epoch (lowest validation perplexity), mean ± sample std over seeds (n = runs counted)",
  );
  assert.match(result.stdout, /│ type +│ documents │ valid_perplexity \(best\) │ n │ notes +│/);
  assert.match(result.stdout, /│ rnncf +│ 20 +│ +10\.33 ± 2\.31 │ 3 │ 1 diverged +│/);
});

test('--at last uses each run\'s latest measured value; a NaN there is left out and counted', async () => {
  const result = await compare(['--at', 'last', '--format', 'markdown']);
  assert.equal(result.code, 0);
  // rnn/20 → 11, 12, 14.5: mean 12.5, std √((2.25+0.25+4)/2) = 1.803. rnncf/20 → 9.5, 10, NaN: mean 9.75, std 0.354.
  // rnncf/100 → 5.5, 6, 4: mean 5.1667, std √((0.1111+0.6944+1.3611)/2) = 1.041.
  assert.match(result.stdout, /\| rnn \| 20 \| 12\.50 ± 1\.80 \| 3 \|  \|/);
  assert.match(result.stdout, /\| rnncf \| 20 \| 9\.75 ± 0\.35 \| 2 \| 1 diverged, 1 non-finite \|/);
  assert.match(result.stdout, /\| rnncf \| 100 \| 5\.17 ± 1\.04 \| 3 \| 1 running \|/);
});

function meanStd(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
  return { mean, std };
}

test('--at EPOCH with csv gives full-precision numbers; runs that did not reach the epoch have no value', async () => {
  const result = await compare(['--at', '3', '--format', 'csv']);
  assert.equal(result.code, 0);
  const rows = result.stdout.trimEnd().split('\r\n');
  assert.equal(rows[0], 'model.type,corpus.documents,metric,at,mean,std,n,non_finite,no_value,runs');
  const rnncf100 = meanStd([5.5, 4]); // dd02 is still at epoch 2
  assert.equal(rows[4], `rnncf,100,valid_perplexity,3,${rnncf100.mean},${rnncf100.std},2,0,1,3`);
  const rnncf20 = meanStd([9.5, 10]); // bb03 diverged at epoch 2
  assert.equal(rows[2], `rnncf,20,valid_perplexity,3,${rnncf20.mean},${rnncf20.std},2,0,1,3`);
});

test('--by regroups (a short key name works) and json lists every run\'s value', async () => {
  const result = await compare(['--by', 'type', '--format', 'json']);
  assert.equal(result.code, 0);
  const rows = JSON.parse(result.stdout);
  assert.deepEqual(rows.map((row: { grid: unknown }) => row.grid), [{ 'model.type': 'rnn' }, { 'model.type': 'rnncf' }]);
  const rnn = meanStd([10, 12, 14, 6, 7]);
  assert.equal(rows[0].mean, rnn.mean);
  assert.equal(rows[0].std, rnn.std);
  assert.equal(rows[0].n, 5);
  assert.equal(rows[0].no_value, 1);
  assert.deepEqual(rows[0].statuses, { finished: 5, queued: 1 });
  assert.deepEqual(rows[0].values[0], { run_id: 'aa01', seed: 1, status: 'finished', epoch: 2, value: 10 });
  assert.deepEqual(rows[0].values[5], { run_id: 'cc03', seed: 3, status: 'queued', epoch: null, value: null });
  const rnncf = meanStd([9, 9, 13, 5, 6, 4]);
  assert.equal(rows[1].mean, rnncf.mean);
  assert.equal(rows[1].std, rnncf.std);
});

test('--metric and --sort: tokens per second sorted descending', async () => {
  const result = await compare(['--metric', 'tokens_per_sec', '--at', '1', '--sort', '-tokens_per_sec', '--format', 'json']);
  assert.equal(result.code, 0);
  const rows = JSON.parse(result.stdout);
  // tokens/s = 1000·seed + epoch: at epoch 1, rnn/100 has seeds 1, 2 only (mean 1501); the others 1, 2, 3 (2001).
  assert.deepEqual(rows.map((row: { mean: number }) => row.mean), [2001, 2001, 2001, 1501]);
  const sorted = await compare(['--sort', 'valid_perplexity', '--format', 'json']);
  assert.deepEqual(JSON.parse(sorted.stdout).map((row: { grid: Record<string, unknown> }) => Object.values(row.grid).join('/')), [
    'rnncf/100',
    'rnn/100',
    'rnncf/20',
    'rnn/20',
  ]);
});

test('bad options are user errors with exact messages', async () => {
  const cases: [string[], string][] = [
    [['--metric', 'accuracy'], '--metric must be one of valid_perplexity, train_perplexity, valid_loss_nats, train_loss_nats, tokens_per_sec, test_perplexity; got "accuracy"'],
    [['--at', 'first'], '--at must be best, last or an epoch number (1, 2, …); got "first"'],
    [['--format', 'xlsx'], '--format must be one of table, markdown, csv, json; got "xlsx"'],
    [
      ['--by', 'model.depth'],
      '--by: no run of experiment "ablation" has a key "model.depth"; its grid keys: model.type, corpus.documents (any config path works too, e.g. model.hidden)',
    ],
    [['--sort', 'speed'], '--sort: unknown column "speed"; sort by one of model.type, corpus.documents, valid_perplexity, std, n (prefix - for descending)'],
    [['nope'], `no experiment "nope" in ${fixture.dbPath}; it holds: ablation`],
  ];
  const results = await Promise.all(cases.map(([args]) => compare(args)));
  cases.forEach(([args, message], i) => {
    assert.equal(results[i].stderr, `${message}\n`, args.join(' '));
    assert.equal(results[i].code, 2);
  });
});

test('EXPERIMENT is required when the database holds several; a missing database suggests rnnlab run', async () => {
  const result = await compare([], two.dbPath);
  assert.equal(result.code, 2);
  assert.equal(result.stderr, `${two.dbPath} holds 2 experiments (ablation, other); name one: rnnlab compare EXPERIMENT\n`);
  const other = await compare(['other', '--format', 'markdown'], two.dbPath);
  assert.equal(other.stdout, '| experiment | valid_perplexity (best) | n | notes |\n| --- | ---: | ---: | --- |\n| other | — | 0 | 1 failed, 1 without a value |\n');
  const missing = join(fixture.dir, 'nothing.sqlite');
  const absent = await compare([], missing);
  assert.equal(absent.code, 2);
  assert.equal(absent.stderr, `no results database at ${missing}: run an experiment first (rnnlab run FILE) or give --db PATH\n`);
});

test('a grid extended after its first sweep (hidden 32 and 128 run, then 64 added) compares in the file’s order', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-compare-order-'));
  try {
    const dbPath = join(dir, 'runs.sqlite');
    const store = openStore(dbPath);
    try {
      const specText = 'name: widths\nseeds: [1]\ngrid:\n  model.hidden: [32, 64, 128]\n';
      store.saveExperiment({ name: 'widths', specPath: 'widths.yaml', specText });
      // Registered as a user who ran [32, 128] first and then added 64 would have them: 32, 128, 64.
      for (const [hidden, valid] of [[32, 30], [128, 20], [64, 25]]) {
        const id = `h${hidden}`;
        store.registerRuns('widths', [{ id, config: tinyRunConfig(1, { hidden }), params: { 'model.hidden': hidden, seed: 1 } }]);
        store.claimRun(id, { pid: 1, host: 'test', backend: 'cpu', packageVersion: '0.0.0' });
        store.recordEpoch(id, epochReport(1, valid));
        store.finishRun(id, { status: 'finished' });
      }
    } finally {
      store.close();
    }
    const result = await compare(['--format', 'csv'], dbPath);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      result.stdout.trim().split('\n').slice(1).map((line) => line.split(',')[0]),
      ['32', '64', '128'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
