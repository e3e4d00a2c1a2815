// The README's findings table is what `rnnlab report --summary` makes today from the published databases and the
// experiment files' claims: a change to the statistics, a claim or a database that is not written into the README
// fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FINDINGS_END, FINDINGS_START } from '../../src/report/format-findings-table.js';
import { projectRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';

test('the README’s findings table equals the one generated from docs/results and experiments/', async () => {
  const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
  const written = readme.slice(readme.indexOf(FINDINGS_START) + FINDINGS_START.length + 1, readme.indexOf(FINDINGS_END));
  const generated = await runCli(['report', '--summary', 'docs/results', '--experiments', 'experiments'], { cwd: projectRoot });
  assert.equal(generated.code, 0, generated.stderr);
  assert.equal(written, generated.stdout, 'regenerate it: npx rnnlab report --summary docs/results --write README.md');
});
