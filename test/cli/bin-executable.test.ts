// The package's bin is executable after the build, so `npx rnnlab` runs it on a fresh clone (tsc writes mode 644).
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../helpers/paths.js';

test('dist/src/cli/main.js, the bin package.json names, has its execute bits set', () => {
  const bin = join(projectRoot, 'dist', 'src', 'cli', 'main.js');
  assert.equal(statSync(bin).mode & 0o111, 0o111, `${bin} is not executable`);
});
