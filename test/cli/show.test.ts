// `rnnlab show RUN`: header, resolved config as YAML, the epochs table with the best epoch marked, samples.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { parse } from 'yaml';
import { runCli } from '../helpers/run-cli.js';
import { createResultsFixture } from '../helpers/results-fixture.js';
import { tinyRunConfig } from '../helpers/store-fixtures.js';

const fixture = createResultsFixture({ otherExperiment: true });
after(() => rmSync(fixture.dir, { recursive: true, force: true }));

async function show(...args: string[]) {
  return runCli(['show', ...args, '--db', fixture.dbPath]);
}

test('a finished run: header, the resolved config that parses back, epochs with the best marked, the last samples', async () => {
  const result = await show('aa01');
  assert.equal(result.stderr, '');
  assert.equal(result.code, 0);
  const [header, config, epochs, samples] = result.stdout.trimEnd().split('\n\n');
  assert.equal(
    header,
    [
      'run aa01',
      '  experiment  ablation',
      '  status      finished (attempt 1)',
      '  grid point  model.type=rnn corpus.documents=20 seed=1',
      '  started     2026-03-01T10:00:00.000Z',
      '  finished    2026-03-01T10:00:03.000Z  (3s)',
      '  ran on      cpu backend, rnnlab 0.1.0, pid 4242 on box',
    ].join('\n'),
  );
  assert.ok(config.startsWith('resolved config:\n'));
  const expected = tinyRunConfig(1, { type: 'rnn' });
  expected.corpus.documents = 20;
  expected.train.epochs = 3;
  assert.deepEqual(parse(config.slice('resolved config:\n'.length)), expected);
  const epochLines = epochs.split('\n');
  assert.equal(epochLines[0], 'epochs (* = best validation perplexity); losses in nats:');
  // Validation perplexities 15, 10, 11: epoch 2 is best; train perplexity is valid + 1 in the fixture.
  assert.match(epochLines[4], /│ +1 │ +2\.7726 │ +16\.00 │ +2\.7081 │ +15\.00 │ +1001 │ +1s │/);
  assert.match(epochLines[5], /│ +2 \* │ +2\.3979 │ +11\.00 │ +2\.3026 │ +10\.00 │ +1002 │ +1s │/);
  assert.equal(
    samples,
    'samples (last epoch; --samples all shows all 3):\n  epoch 3, sample 1, greedy, seed "th":\n    aa01 epoch 3: the wolf said',
  );
});

test('a diverged run shows NaN as NaN; --samples all and --samples N choose epochs; --documents adds the book log', async () => {
  const result = await show('bb03', '--samples', 'all', '--documents');
  assert.equal(result.code, 0);
  assert.match(result.stdout, /status +diverged \(attempt 1\)/);
  assert.match(result.stdout, /│ +2 │ +NaN │ +NaN │ +NaN │ +NaN │ +3002 │ +1s │/);
  assert.match(result.stdout, /per-document training perplexities:\n/);
  assert.match(result.stdout, /│ +1 │ 001\.txt +│ +10 │ +2\.7081 │ +15\.00 │/);
  assert.match(result.stdout, /epoch 1, sample 1, greedy, seed "th":\n {4}bb03 epoch 1: the wolf said\n\n {2}epoch 2, sample 1/);
  const one = await show('bb03', '--samples', '1');
  assert.match(one.stdout, /samples:\n {2}epoch 1, sample 1/);
  assert.doesNotMatch(one.stdout, /epoch 2, sample 1/);
  const none = await show('bb03', '--samples', 'none');
  assert.doesNotMatch(none.stdout, /samples/);
  const missing = await show('bb03', '--samples', '3');
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, '--samples: run bb03 has no samples at epoch 3 (epochs with samples: 1, 2)\n');
});

test('a failed run shows its error; a queued run has no epochs yet', async () => {
  const failed = await show('ee01');
  assert.match(failed.stdout, / {2}error {7}Error: out of memory\n {18}at train \(train\.js:1:1\)\n/);
  const queued = await show('cc03');
  assert.match(queued.stdout, /status +queued \(attempt 0\)/);
  assert.match(queued.stdout, /\n\nepochs: none recorded yet\n\nsamples: none recorded yet\n$/);
});

test('a unique prefix finds a run; ambiguous and unknown ids are user errors', async () => {
  const prefix = await show('dd0');
  assert.equal(prefix.code, 2);
  assert.equal(prefix.stderr, `run "dd0" is ambiguous in ${fixture.dbPath}: matches dd01, dd02, dd03; give more characters\n`);
  const unique = await show('ee');
  assert.match(unique.stdout, /^run ee01\n/);
  const unknown = await show('zz');
  assert.equal(unknown.stderr, `no run "zz" in ${fixture.dbPath}\n`);
  const bad = await show('aa01', '--samples', 'first');
  assert.equal(bad.stderr, '--samples must be last, all, none or an epoch number; got "first"\n');
});
