// Run ids through the CLI: --dry-run computes them without a corpus (the Grimm manifest stands in for a default folder
// not fetched yet) and they are the pinned quickstart ids; a corpus folder that does not exist is a clear error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { missingGrimmFiles } from '../../src/corpus/locate-corpus.js';
import { runCli } from '../helpers/run-cli.js';
import { projectRoot } from '../helpers/paths.js';

test('rnnlab run --dry-run of the quickstart without any corpus prints its pinned run ids and writes nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-run-ids-'));
  try {
    const dbPath = join(dir, 'runs', 'r.sqlite');
    const result = await runCli(['run', join(projectRoot, 'experiments', 'quickstart.yaml'), '--dry-run', '--db', dbPath], {
      env: { RNNLAB_CORPUS_DIR: '' },
    });
    assert.equal(result.code, 0, result.stderr);
    for (const id of ['cdddee73d9c7', '1d2e69b51fc7', 'ee830a39c1f3', '760df4aaff30', 'e131828e2f60', '0fd4f73a273c']) assert.match(result.stdout, new RegExp(id));
    if (missingGrimmFiles(join(projectRoot, 'data', 'grimm')) > 0) {
      assert.match(result.stderr, /the Grimm corpus is not fetched yet; run ids are those of the files its verified fetch will write/);
    }
    assert.equal(existsSync(join(dir, 'runs')), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a corpus.path that does not exist stops run and --dry-run with exit 2, naming the folder, before anything is written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-run-ids-'));
  try {
    const spec = join(dir, 'lost.yaml');
    writeFileSync(spec, 'name: lost\ncorpus: {path: gone}\n');
    for (const extra of [['--dry-run'], []]) {
      const result = await runCli(['run', spec, '--db', join(dir, 'runs', 'r.sqlite'), ...extra]);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, new RegExp(`corpus directory not found: ${join(dir, 'gone')} \\(from --corpus / corpus.path\\)`));
      assert.equal(existsSync(join(dir, 'runs')), false);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
