// `rnnlab report` refuses to average runs whose configs differ beyond the grid keys, says how to choose, and
// `--where KEY=VALUE` (report and compare) chooses; bad --where input exits 2 and writes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/results-store.js';
import { runCli } from '../helpers/run-cli.js';
import { epochReport, tinyRunConfig } from '../helpers/store-fixtures.js';
import { buildTinyReportExperiment, TINY_EXPERIMENT, tinyCorpusDir } from '../helpers/tiny-report-experiment.js';

let dir = '';
let db = '';

/** Two older runs of the rnn / 2 documents grid point, trained with another learning rate and 3 steps. */
function addEditedRuns(dbPath: string): void {
  const store = openStore(dbPath);
  try {
    for (const seed of [1, 2]) {
      const config = tinyRunConfig(seed, { type: 'rnn' });
      config.corpus.documents = 2;
      config.corpus.path = tinyCorpusDir;
      config.train.docs_per_step = 1;
      config.train.learning_rate = 0.01;
      config.train.num_steps = 3;
      const id = `old-rnn-2-s${seed}`;
      store.registerRuns(TINY_EXPERIMENT, [
        { id, config, params: { 'model.type': 'rnn', 'corpus.documents': 2, 'train.docs_per_step': 1, seed } },
      ]);
      store.claimRun(id, { pid: 1, host: 'test', backend: 'cpu', packageVersion: '0.0.0' });
      for (const [index, valid] of [50, 40, 45].entries()) store.recordEpoch(id, epochReport(index + 1, valid));
      store.finishRun(id, { status: 'finished', backend: 'cpu' });
    }
  } finally {
    store.close();
  }
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'rnnlab-report-guard-'));
  db = join(dir, 'results.sqlite');
  buildTinyReportExperiment(db);
  addEditedRuns(db);
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('report refuses runs of one grid point that differ beyond the grid keys: exit 2, the keys, nothing written', async () => {
  const out = join(dir, 'refused');
  const result = await runCli(['report', TINY_EXPERIMENT, '--out', out, '--db', db]);
  assert.equal(result.code, 2);
  assert.equal(result.stdout, '');
  assert.equal(
    result.stderr,
    'experiment "tiny-ch6": runs of one grid point differ beyond the grid keys (grid keys: model.type, ' +
      'corpus.documents, train.docs_per_step), so averaging them over seeds would mix different set-ups (older runs ' +
      'of an edited experiment file?):\n' +
      '  train.learning_rate: 0.001 (8 runs), 0.01 (2 runs)\n' +
      '  train.num_steps: 2 (8 runs), 3 (2 runs)\n' +
      'choose the runs with --where KEY=VALUE (repeatable), e.g. --where train.learning_rate=0.001 ' +
      '--where train.num_steps=2 (8 runs)\n',
  );
  assert.equal(existsSync(out), false);
});

test('--where chooses the runs: the report is written from them and says how they were chosen', async () => {
  const out = join(dir, 'chosen');
  const result = await runCli(['report', TINY_EXPERIMENT, '--out', out, '--db', db, '--where', 'train.learning_rate=0.001']);
  assert.equal(result.stderr, '');
  assert.equal(result.code, 0);
  const markdown = readFileSync(join(out, 'tiny-ch6.md'), 'utf8');
  assert.match(markdown, /^8 runs \(8 finished\), 4 grid points; .*; runs chosen with --where train\.learning\\_rate=0\.001: 8 of 10 runs; report made /m);
  assert.ok(readFileSync(join(out, 'tiny-ch6.html'), 'utf8').includes('runs chosen with --where train.learning_rate=0.001: 8 of 10 runs;'));
  // The older runs alone form one grid point with 2 seeds: nothing to refuse either.
  const old = await runCli(['report', TINY_EXPERIMENT, '--out', join(dir, 'old'), '--db', db, '--where', 'train.num_steps=3']);
  assert.equal(old.code, 0, old.stderr);
  assert.match(readFileSync(join(dir, 'old', 'tiny-ch6.md'), 'utf8'), /^2 runs \(2 finished\), 1 grid point;/m);
});

test('bad --where input exits 2 naming the problem, and writes nothing', async () => {
  const cases: [string[], string][] = [
    [['--where', 'train.num_steps'], '--where must be KEY=VALUE (e.g. train.num_steps=26); got "train.num_steps"\n'],
    [['--where', 'train.num_step=2'], '--where train.num_step=2: no run of experiment "tiny-ch6" has a config key "train.num_step"\n'],
    [
      ['--where', 'train.num_steps=7'],
      '--where train.num_steps=7: no run of experiment "tiny-ch6" has train.num_steps = 7; its runs have 2 (8 runs), 3 (2 runs)\n',
    ],
    [
      ['--where', 'train.num_steps=3', '--where', 'model.type=rnncf'],
      '--where train.num_steps=3 --where model.type=rnncf: no run of experiment "tiny-ch6" matches all of them\n',
    ],
  ];
  for (const [args, message] of cases) {
    const out = join(dir, 'bad');
    const result = await runCli(['report', TINY_EXPERIMENT, '--out', out, '--db', db, ...args]);
    assert.equal(result.stderr, message, args.join(' '));
    assert.equal(result.code, 2);
    assert.equal(existsSync(out), false);
  }
});

test('compare keeps its extra columns for such runs, and --where chooses there too', async () => {
  const split = await runCli(['compare', TINY_EXPERIMENT, '--db', db, '--format', 'csv']);
  assert.equal(split.code, 0);
  assert.equal(
    split.stderr,
    'note: runs of one grid point differ in train.learning_rate, train.num_steps (older runs of an edited experiment ' +
      'file?); shown as extra columns so they are not averaged together\n',
  );
  const chosen = await runCli(['compare', TINY_EXPERIMENT, '--db', db, '--format', 'csv', '--where', 'model.type=rnn', '--where', 'train.num_steps=3']);
  assert.equal(chosen.stderr, '');
  assert.equal(chosen.code, 0);
  // The two older runs: best validation perplexity 40 each.
  assert.equal(
    chosen.stdout,
    'model.type,corpus.documents,train.docs_per_step,metric,at,mean,std,n,non_finite,no_value,runs\r\n' +
      'rnn,2,1,valid_perplexity,best,40,0,2,0,0,2\r\n',
  );
});
