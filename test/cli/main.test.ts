// The CLI entry: help, version, and bad flags map to the documented exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { projectRoot } from '../helpers/paths.js';

test('--version prints the package version and exits 0', async () => {
  const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
  const result = await runCli(['--version']);
  assert.equal(result.code, 0);
  assert.equal(result.stdout.trim(), version);
});

test('an unknown option is a user error: exit 2 and a message naming it, no stack trace', async () => {
  const result = await runCli(['--no-such-flag']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /unknown option '--no-such-flag'/);
  assert.doesNotMatch(result.stderr, /at .*\.js:\d+/);
});

test('an unknown command is a user error', async () => {
  const result = await runCli(['frobnicate']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /unknown command 'frobnicate'/);
});
