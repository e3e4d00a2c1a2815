// `rnnlab validate` through the real CLI: summaries for good files, every problem of every bad file, exit 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/run-cli.js';
import { projectRoot } from '../helpers/paths.js';

const specs = 'test/fixtures/specs';

test('good files print their run counts and exit 0', async () => {
  const result = await runCli(['validate', `${specs}/good-grid.yaml`, `${specs}/minimal.yaml`, `${specs}/zip-groups.yaml`], { cwd: projectRoot });
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
    ['validate', `${specs}/good-grid.yaml`, '--set', 'model.type=rnncf', '--set', 'seeds=[1]', '--set', 'train.num_unroll=10'],
    { cwd: projectRoot },
  );
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, `${specs}/good-grid.yaml: ok, 2 runs (2 grid points × 1 seed)\n`);
});

test('bad files: all problems of all files on stderr, good files still summarized, exit 2', async () => {
  const result = await runCli(
    ['validate', `${specs}/unknown-key.yaml`, `${specs}/minimal.yaml`, `${specs}/yaml-syntax.yaml`, `${specs}/missing.yaml`],
    { cwd: projectRoot },
  );
  assert.equal(result.code, 2);
  assert.equal(result.stdout, `${specs}/minimal.yaml: ok, 1 run (1 grid point × 1 seed)\n`);
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
      `${specs}/missing.yaml: cannot read the experiment file (no such file)`,
      '',
    ].join('\n'),
  );
});

test('a bad --set is reported at --set with exit 2', async () => {
  const result = await runCli(['validate', `${specs}/minimal.yaml`, '--set', 'train.num_unrol=10', '--set', 'model.type=lstmm'], {
    cwd: projectRoot,
  });
  assert.equal(result.code, 2);
  assert.equal(result.stdout, '');
  assert.equal(
    result.stderr,
    [
      `${specs}/minimal.yaml: 2 problems`,
      '  --set  /model/type  must be one of rnn, rnncf, stacked, lstm; got "lstmm"',
      '  --set  /train       unknown key "num_unrol" (did you mean "num_unroll"?)',
      '',
    ].join('\n'),
  );
});

test('validate without files is a usage error', async () => {
  const result = await runCli(['validate'], { cwd: projectRoot });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /missing required argument 'files'/);
});
