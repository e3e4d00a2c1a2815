// `rnnlab generate`: text from a checkpoint written by trainRun; options and error messages.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { initBackend } from '../../src/models/backend.js';
import { writeCycleCheckpoint } from '../helpers/cycle-checkpoint.js';
import { runCli } from '../helpers/run-cli.js';
import { openStore } from '../../src/store/results-store.js';
import { tinyRunConfig } from '../helpers/store-fixtures.js';

let dir = '';
let checkpoint = '';

before(async () => {
  await initBackend('wasm');
  dir = mkdtempSync(join(tmpdir(), 'rnnlab-generate-'));
  checkpoint = join(dir, 'run.ckpt.json');
  await writeCycleCheckpoint(checkpoint);
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('greedy generation continues the learned cycle after the seed text', async () => {
  const result = await runCli(['generate', '--checkpoint', checkpoint, '--length', '12', '--seed-text', 'ab', '--backend', 'wasm', '--json']);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), { seedText: 'ab', decoding: 'greedy', text: 'cdeabcdeabcd' });
  const plain = await runCli(['generate', '--checkpoint', checkpoint, '--length', '4', '--seed-text', 'c', '--backend', 'wasm']);
  assert.equal(plain.stdout, 'cdeab\n');
});

test('a run id prefix finds the checkpoint `rnnlab run` wrote beside the database', async () => {
  const db = join(dir, 'results', 'rnnlab.sqlite');
  const store = openStore(db);
  store.saveExperiment({ name: 'gen', specPath: 'gen.yaml', specText: 'name: gen\n' });
  store.registerRuns('gen', [{ id: 'c0ffee123456', config: tinyRunConfig(1), params: { seed: 1 } }]);
  store.close();
  mkdirSync(join(dir, 'results', 'checkpoints'));
  copyFileSync(checkpoint, join(dir, 'results', 'checkpoints', 'c0ffee123456.json'));
  const byRun = await runCli(['generate', 'c0ffee', '--db', db, '--length', '12', '--seed-text', 'ab', '--backend', 'wasm', '--json']);
  assert.equal(byRun.code, 0, byRun.stderr);
  assert.equal(JSON.parse(byRun.stdout).text, 'cdeabcdeabcd');
  const neither = await runCli(['generate', '--db', db]);
  assert.equal(neither.code, 2);
  assert.equal(neither.stderr, 'rnnlab generate: give either a run id (rnnlab generate RUN) or --checkpoint FILE\n');
});

test('sampling is reproducible for a seed, and another seed gives other text', async () => {
  const args = ['generate', '--checkpoint', checkpoint, '--length', '30', '--decoding', 'sample', '--temperature', '3', '--backend', 'wasm', '--json'];
  const a = await runCli([...args, '--seed', '7']);
  const b = await runCli([...args, '--seed', '7']);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(a.stdout, b.stdout);
  // Another seed draws other text: 30 draws at temperature 3 over 8 tokens agree by chance with probability ≪ 1e-9.
  const c = await runCli([...args, '--seed', '8']);
  assert.equal(c.code, 0, c.stderr);
  assert.notEqual((JSON.parse(c.stdout) as { text: string }).text, (JSON.parse(a.stdout) as { text: string }).text);
  // 30 one-character tokens; UNK (possible at temperature 3) renders as the 3-character marker "UNK".
  assert.equal((JSON.parse(a.stdout) as { text: string }).text.replace(/UNK/g, '?').length, 30);
});

test('errors name the file or option', async () => {
  const missing = join(dir, 'missing.json');
  let result = await runCli(['generate', '--checkpoint', missing]);
  assert.equal(result.code, 2);
  assert.equal(result.stderr, `${missing}: cannot read checkpoint (ENOENT)\n`);
  const notCheckpoint = join(dir, 'other.json');
  writeFileSync(notCheckpoint, '{"hello": 1}');
  result = await runCli(['generate', '--checkpoint', notCheckpoint]);
  assert.equal(result.stderr, `${notCheckpoint}: not an rnnlab checkpoint (format is not "rnnlab-checkpoint")\n`);
  result = await runCli(['generate', '--checkpoint', checkpoint, '--length', '0']);
  assert.equal(result.stderr, '--length must be an integer from 1 to 1000000; got "0"\n');
  // Temperature 0 would divide by zero; it used to be replaced by 1 without a word.
  result = await runCli(['generate', '--checkpoint', checkpoint, '--decoding', 'sample', '--temperature', '0.0']);
  assert.equal(result.code, 2);
  assert.equal(result.stderr, '--temperature must be a number > 0 (for the argmax, use --decoding greedy); got "0.0"\n');
});
