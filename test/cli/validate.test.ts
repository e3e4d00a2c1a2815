// `rnnlab validate` through the real CLI: summaries for good files, every problem of every bad file, exit 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/run-cli.js';
import { projectRoot } from '../helpers/paths.js';
import { tempDir, writeTinySpec } from './run-sweep-helpers.js';

const specs = 'test/fixtures/specs';

// The fixture specs are about the file itself (their corpus paths point nowhere useful): checked with --no-corpus.
test('good files print their run counts and exit 0', async () => {
  const result = await runCli(['validate', '--no-corpus', `${specs}/good-grid.yaml`, `${specs}/minimal.yaml`, `${specs}/zip-groups.yaml`], { cwd: projectRoot });
  assert.equal(result.stderr, '');
  assert.equal(result.code, 0);
  assert.equal(
    result.stdout,
    [
      `${specs}/good-grid.yaml: ok, 12 runs (4 grid points × 3 seeds)`,
      `${specs}/minimal.yaml: ok, 1 run (1 grid point × 1 seed)`,
      `${specs}/zip-groups.yaml: ok, 24 runs (12 grid points × 2 seeds)`,
      '',
    ].join('\n'),
  );
});

test('--set applies to every file before validation', async () => {
  const result = await runCli(
    ['validate', '--no-corpus', `${specs}/good-grid.yaml`, '--set', 'model.type=rnncf', '--set', 'seeds=[1]', '--set', 'train.num_unroll=10'],
    { cwd: projectRoot },
  );
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, `${specs}/good-grid.yaml: ok, 2 runs (2 grid points × 1 seed)\n`);
});

test('bad files: one FILE:LINE:COL: /pointer message line per problem on stderr, good files still summarized, exit 2', async () => {
  const result = await runCli(
    ['validate', '--no-corpus', `${specs}/unknown-key.yaml`, `${specs}/minimal.yaml`, `${specs}/yaml-syntax.yaml`, `${specs}/missing.yaml`],
    { cwd: projectRoot },
  );
  assert.equal(result.code, 2);
  assert.equal(result.stdout, `${specs}/minimal.yaml: ok, 1 run (1 grid point × 1 seed)\n`);
  assert.equal(
    result.stderr,
    [
      `${specs}/unknown-key.yaml:4:3: /model unknown key "hiden" (did you mean "hidden"?)`,
      `${specs}/unknown-key.yaml:6:3: /train unknown key "num_unrol" (did you mean "num_unroll"?)`,
      `${specs}/unknown-key.yaml:10:3: /generation unknown key "learning_rate" (it belongs under train)`,
      `${specs}/yaml-syntax.yaml:5:1: YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`,
      `${specs}/missing.yaml: cannot read the experiment file (no such file)`,
      '',
    ].join('\n'),
  );
});

test('--format grouped: each bad file\'s problems under its name, aligned', async () => {
  const result = await runCli(['validate', '--no-corpus', `${specs}/unknown-key.yaml`, `${specs}/yaml-syntax.yaml`, '--format', 'grouped'], {
    cwd: projectRoot,
  });
  assert.equal(result.code, 2);
  assert.equal(
    result.stderr,
    [
      `${specs}/unknown-key.yaml: 3 problems`,
      '  4:3   /model       unknown key "hiden" (did you mean "hidden"?)',
      '  6:3   /train       unknown key "num_unrol" (did you mean "num_unroll"?)',
      '  10:3  /generation  unknown key "learning_rate" (it belongs under train)',
      '',
      `${specs}/yaml-syntax.yaml: 1 problem`,
      '  5:1  YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
      '',
    ].join('\n'),
  );
});

test('--format json: every file\'s verdict on stdout, problems with line, col, option and pointer; exit 2 if any is bad', async () => {
  const result = await runCli(
    ['validate', '--no-corpus', `${specs}/minimal.yaml`, `${specs}/unknown-key.yaml`, `${specs}/missing.yaml`, '--set', 'seeds=[1, 2]', '--format', 'json'],
    { cwd: projectRoot },
  );
  assert.equal(result.code, 2);
  assert.equal(result.stderr, 'rnnlab validate: 2 of 3 files with problems\n');
  assert.deepEqual(JSON.parse(result.stdout), [
    { file: `${specs}/minimal.yaml`, ok: true, runs: 2, gridPoints: 1, seeds: 2, problems: [] },
    {
      file: `${specs}/unknown-key.yaml`,
      ok: false,
      runs: null,
      gridPoints: null,
      seeds: null,
      problems: [
        { line: 4, col: 3, option: null, pointer: '/model', message: 'unknown key "hiden" (did you mean "hidden"?)' },
        { line: 6, col: 3, option: null, pointer: '/train', message: 'unknown key "num_unrol" (did you mean "num_unroll"?)' },
        { line: 10, col: 3, option: null, pointer: '/generation', message: 'unknown key "learning_rate" (it belongs under train)' },
      ],
    },
    {
      file: `${specs}/missing.yaml`,
      ok: false,
      runs: null,
      gridPoints: null,
      seeds: null,
      problems: [{ line: null, col: null, option: null, pointer: null, message: 'cannot read the experiment file (no such file)' }],
    },
  ]);
});

test('a bad --set is reported at --set with exit 2', async () => {
  const result = await runCli(['validate', '--no-corpus', `${specs}/minimal.yaml`, '--set', 'train.num_unrol=10', '--set', 'model.type=lstmm'], {
    cwd: projectRoot,
  });
  assert.equal(result.code, 2);
  assert.equal(result.stdout, '');
  assert.equal(
    result.stderr,
    [
      `${specs}/minimal.yaml: --set /model/type must be one of rnn, rnncf, stacked, lstm; got "lstmm"`,
      `${specs}/minimal.yaml: --set /train unknown key "num_unrol" (did you mean "num_unroll"?)`,
      '',
    ].join('\n'),
  );
});

test('validate without files is a usage error', async () => {
  const result = await runCli(['validate'], { cwd: projectRoot });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /missing required argument 'files'/);
});

test('with the corpus at hand, validate checks what only the corpus decides, as run will; without it, it says so', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const spec = writeTinySpec(dir, 'tiny', '{train.batch_size: [4, 400]}');
    const bad = await runCli(['validate', spec]);
    assert.equal(bad.code, 2);
    assert.equal(bad.stdout, '');
    assert.match(
      bad.stderr.replaceAll(dir, 'DIR'),
      /^DIR\/tiny\.yaml: run [0-9a-f]{12} \(train\.batch_size=400 seed=1\): 00\d\.txt: training document has \d+ tokens after its validation tail is removed; train\.batch_size 400 with corpus\.layout book needs at least 401\n$/,
    );
    const missing = await runCli(['validate', spec, '--set', 'corpus.path=/nonexistent/grimm']);
    assert.equal(missing.code, 2);
    assert.equal(
      missing.stderr.replaceAll(dir, 'DIR'),
      'DIR/tiny.yaml: corpus directory not found: /nonexistent/grimm (from --corpus / corpus.path). To download the Grimm stories there: rnnlab corpus fetch --to /nonexistent/grimm\n',
    );
    const good = await runCli(['validate', spec, '--set', 'grid.train.batch_size=[4, 8]']);
    assert.equal(good.code, 0, good.stderr);
    assert.equal(good.stdout.replaceAll(dir, 'DIR'), 'DIR/tiny.yaml: ok, 2 runs (2 grid points × 1 seed)\n');
    assert.equal(good.stderr, '');
    // The default data folder may or may not hold the corpus where this test runs; an empty RNNLAB_CORPUS_DIR and
    // corpus.path null send validate there. Either it checks (no note) or it says what it left to run.
    const unset = await runCli(['validate', spec, '--set', 'corpus.path=', '--set', 'grid.train.batch_size=[4]'], { env: { RNNLAB_CORPUS_DIR: '' } });
    assert.equal(unset.code, 0, unset.stderr);
    assert.match(
      unset.stderr.replaceAll(dir, 'DIR'),
      /^(|DIR\/tiny\.yaml: the corpus is not in the default data folder yet \(rnnlab run fetches it; rnnlab corpus fetch does it now\), so what only the corpus decides \(enough documents, validation documents, document lengths\) is checked by rnnlab run\n)$/,
    );
  } finally {
    cleanup();
  }
});
