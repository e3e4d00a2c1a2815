// `rnnlab bench`: JSON output shape and option errors (tiny step counts; the figures themselves are not asserted).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers/run-cli.js';

test('bench --json prints one object per model with the measured figures', async () => {
  const result = await runCli(['bench', '--model', 'rnn', '--steps', '1', '--baseline-steps', '1', '--backend', 'wasm', '--json']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, '');
  const lines = result.stdout.trim().split('\n');
  assert.equal(lines.length, 1);
  const row = JSON.parse(lines[0]) as Record<string, unknown>;
  assert.deepEqual(Object.keys(row), ['model', 'backend', 'steps_per_sec', 'tokens_per_sec', 'baseline_steps_per_sec', 'speedup']);
  assert.equal(row.model, 'rnn');
  assert.equal(row.backend, 'wasm');
  const steps = row.steps_per_sec as number;
  assert.ok(steps > 0);
  assert.ok(Math.abs((row.tokens_per_sec as number) - steps * 50 * 64) < 1e-6 * steps * 3200);
  assert.ok(Math.abs((row.speedup as number) - steps / (row.baseline_steps_per_sec as number)) < 1e-9 * (row.speedup as number));
});

test('bench rejects a bad --steps', async () => {
  const result = await runCli(['bench', '--steps', 'many']);
  assert.equal(result.code, 2);
  assert.equal(result.stderr, '--steps must be an integer ≥ 1; got "many"\n');
});

test('bench rejects an unknown --backend', async () => {
  const result = await runCli(['bench', '--backend', 'gpu', '--steps', '1']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /option '--backend <name>' argument 'gpu' is invalid\. Allowed choices are auto, tensorflow, wasm, cpu, native\./);
});

test('bench --backend native runs on the addon or says why it is not available', async () => {
  const result = await runCli(['bench', '--backend', 'native', '--model', 'rnn', '--steps', '1', '--baseline-steps', '0', '--json'], {
    env: { RNNLAB_NATIVE: '0' },
  });
  assert.equal(result.code, 2);
  assert.equal(result.stderr, 'native backend not available: disabled by RNNLAB_NATIVE=0\n');
});
