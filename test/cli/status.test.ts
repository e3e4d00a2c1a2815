// `rnnlab status`: runs by status per experiment, the running ones with owner, epoch reached and heartbeat age.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { createResultsFixture } from '../helpers/results-fixture.js';
import { openStore } from '../../src/store/results-store.js';

const fixture = createResultsFixture({ otherExperiment: true });
after(() => rmSync(fixture.dir, { recursive: true, force: true }));

test('every experiment with its counts in lifecycle order, what runs now, and what needs attention', async () => {
  const result = await runCli(['status', '--db', fixture.dbPath]);
  assert.equal(result.stderr, '');
  assert.equal(result.code, 0);
  const lines = result.stdout.split('\n');
  assert.equal(lines[0], 'ablation  12 runs: 1 queued, 1 running, 9 finished, 1 diverged');
  assert.equal(lines[1], 'running now:');
  assert.match(lines[3], /│ run +│ grid point +│ pid@host │ epoch │ valid ppl │ +heartbeat │/);
  // dd02 has recorded 2 of its 3 planned epochs; its last validation perplexity is 6.
  assert.match(lines[5], /│ dd02 │ model\.type=rnncf corpus\.documents=100 seed=2 │ 4242@box │ +2\/3 │ +6\.00 │ +\d+h \d\dm ago \(stale\) │/);
  assert.equal(lines[7], 'needs attention (rnnlab run again retries failed and interrupted runs):');
  assert.equal(lines[8], '  bb03  diverged  model.type=rnncf corpus.documents=20 seed=3');
  assert.equal(lines[9], '');
  assert.equal(lines[10], 'other  1 run: 1 failed');
  assert.equal(lines[11], 'needs attention (rnnlab run again retries failed and interrupted runs):');
  assert.equal(lines[12], '  ee01  failed  seed=9: Error: out of memory', 'only the first line of the error');
});

test('one experiment by name; an unknown name lists the known ones', async () => {
  const one = await runCli(['status', 'other', '--db', fixture.dbPath]);
  assert.equal(one.stdout.split('\n')[0], 'other  1 run: 1 failed');
  assert.doesNotMatch(one.stdout, /ablation/);
  const unknown = await runCli(['status', 'nope', '--db', fixture.dbPath]);
  assert.equal(unknown.code, 2);
  assert.equal(unknown.stderr, `no experiment "nope" in ${fixture.dbPath}; it holds: ablation, other\n`);
});

test('a fresh heartbeat shows its age in seconds; an empty database says how to start', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-status-'));
  const dbPath = join(dir, 'db.sqlite');
  const store = openStore(dbPath);
  const empty = await runCli(['status', '--db', dbPath]);
  assert.equal(empty.stdout, `${dbPath}: no experiments yet (rnnlab run FILE starts one)\n`);
  store.saveExperiment({ name: 'live', specPath: 'live.yaml', specText: '' });
  const { tinyRunConfig } = await import('../helpers/store-fixtures.js');
  store.registerRuns('live', [{ id: 'r1', config: tinyRunConfig(1), params: { seed: 1 } }]);
  store.claimRun('r1', { pid: 77, host: 'here', backend: 'cpu', packageVersion: '0.1.0' });
  store.close();
  const result = await runCli(['status', '--db', dbPath]);
  assert.match(result.stdout, /│ r1  │ seed=1 +│ 77@here +│ +0\/2 │ +— │ +(\d+ms|\ds) ago │/);
  rmSync(dir, { recursive: true, force: true });
});
