// The README's findings table is what `rnnlab report --summary` makes today from the published databases and the
// experiment files' claims, and the prose under it quotes only numbers the table holds: a change to the statistics,
// a claim or a database that is not written into the README fails here.
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

test('every p the README’s findings prose quotes stands in the generated table', async () => {
  const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf(FINDINGS_START), readme.indexOf(FINDINGS_END));
  const prose = readme.slice(readme.indexOf('**What three seeds can say.**'), readme.indexOf('## Speed'));
  const quoted = [...prose.matchAll(/\b0\.\d{3,}\b/g)].map((match) => match[0]);
  assert.ok(quoted.length >= 5, prose);
  for (const p of quoted) assert.ok(new RegExp(`\\b${p.replace('.', '\\.')}\\b`).test(table), `${p} is not in the findings table`);
  // "p < 0.001" is quoted once, for α 0.5 against no memory: the table has that row at < 0.001.
  assert.match(table, /alpha 0\.5 gives a lower perplexity than alpha 0\. \(exploratory\) \| \*\*supported\*\* \| [^|]+ \| &lt; 0\.001 \|/);
});
