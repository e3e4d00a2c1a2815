// locateCorpus: explicit path, then RNNLAB_CORPUS_DIR, then the default folder, fetched once unless offline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultCorpusDir, locateCorpus } from '../../src/corpus/locate-corpus.js';
import { UserError } from '../../src/config/user-error.js';
import { projectRoot } from '../helpers/paths.js';
import { grimmCorpusDir, needsRealCorpus } from '../helpers/real-corpus.js';
import { serveCorpusFiles } from '../helpers/serve-corpus-files.js';

const quiet = () => {};

async function rejectsWith(promise: Promise<unknown>, message: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof UserError, String(error));
    assert.equal(error.message, message);
    return true;
  });
}

test('the default data folder is <project root>/data/grimm', () => {
  assert.equal(defaultCorpusDir(), join(projectRoot, 'data', 'grimm'));
});

test('an explicit path wins over RNNLAB_CORPUS_DIR; the variable wins over the default folder', needsRealCorpus, async () => {
  const other = mkdtempSync(join(tmpdir(), 'rnnlab-locate-'));
  try {
    const env = { RNNLAB_CORPUS_DIR: other };
    assert.equal(await locateCorpus({ explicitPath: grimmCorpusDir, offline: true, log: quiet, env }), resolve(grimmCorpusDir));
    assert.equal(await locateCorpus({ explicitPath: null, offline: true, log: quiet, env, defaultDir: grimmCorpusDir }), other);
    assert.equal(
      await locateCorpus({ explicitPath: null, offline: true, log: quiet, env: { RNNLAB_CORPUS_DIR: '' }, defaultDir: grimmCorpusDir }),
      grimmCorpusDir,
    );
  } finally {
    rmSync(other, { recursive: true });
  }
});

test('a missing explicit or environment directory is an error saying where it came from and how to fetch', async () => {
  const missing = join(tmpdir(), 'rnnlab-no-such-corpus');
  await rejectsWith(
    locateCorpus({ explicitPath: missing, offline: false, log: quiet, env: {} }),
    `corpus directory not found: ${missing} (from --corpus / corpus.path). ` +
      `To download the Grimm stories there: rnnlab corpus fetch --to ${missing}`,
  );
  await rejectsWith(
    locateCorpus({ explicitPath: null, offline: false, log: quiet, env: { RNNLAB_CORPUS_DIR: missing } }),
    `corpus directory not found: ${missing} (from RNNLAB_CORPUS_DIR). ` +
      `To download the Grimm stories there: rnnlab corpus fetch --to ${missing}`,
  );
});

test('offline and the default folder missing: the error says where it looked and how to fetch', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'rnnlab-locate-'));
  const dir = join(parent, 'grimm');
  try {
    await rejectsWith(
      locateCorpus({ explicitPath: null, offline: true, log: quiet, env: {}, defaultDir: dir }),
      'corpus not found; --offline forbids fetching it.\n' +
        'rnnlab looked in:\n' +
        '  1. --corpus / corpus.path: not given\n' +
        '  2. RNNLAB_CORPUS_DIR: not set\n' +
        `  3. the default data folder ${dir}: does not exist\n` +
        `Fetch it with \`rnnlab corpus fetch\` (downloads into ${dir}), or point at a copy with --corpus DIR or RNNLAB_CORPUS_DIR=DIR.`,
    );
  } finally {
    rmSync(parent, { recursive: true });
  }
});

test('the default folder missing: fetched there once, saying so; the next call finds it', needsRealCorpus, async () => {
  const server = await serveCorpusFiles(grimmCorpusDir);
  const parent = mkdtempSync(join(tmpdir(), 'rnnlab-locate-'));
  const dir = join(parent, 'data', 'grimm');
  const lines: string[] = [];
  try {
    const located = await locateCorpus({ explicitPath: null, offline: false, log: (l) => lines.push(l), env: { RNNLAB_CORPUS_URL: server.baseUrl }, defaultDir: dir });
    assert.equal(located, dir);
    assert.equal(readdirSync(dir).length, 209);
    assert.deepEqual(lines, [
      `rnnlab: the Grimm corpus is not in ${dir}; fetching it once from ${server.baseUrl} (209 files, 1.5 MB)`,
      `rnnlab: fetched 209 files into ${dir} (0 were already there)`,
    ]);
    // Found now: no request, no log line, even offline.
    server.requests.clear();
    lines.length = 0;
    assert.equal(await locateCorpus({ explicitPath: null, offline: true, log: (l) => lines.push(l), env: {}, defaultDir: dir }), dir);
    assert.deepEqual(lines, []);
    assert.equal(server.requests.size, 0);
    // One file damaged (wrong size): fetched again, only that one.
    writeFileSync(join(dir, '150.txt'), 'damaged');
    await locateCorpus({ explicitPath: null, offline: false, log: quiet, env: { RNNLAB_CORPUS_URL: server.baseUrl }, defaultDir: dir });
    assert.deepEqual([...server.requests.keys()], ['150.txt']);
  } finally {
    await server.close();
    rmSync(parent, { recursive: true, force: true });
  }
});

test('a failed fetch is an error naming the first failure, where rnnlab looked, and what to do', needsRealCorpus, async () => {
  const server = await serveCorpusFiles(grimmCorpusDir, (name) => (name === '007.txt' ? 404 : 'ok'));
  const parent = mkdtempSync(join(tmpdir(), 'rnnlab-locate-'));
  const dir = join(parent, 'grimm');
  try {
    await rejectsWith(
      locateCorpus({ explicitPath: null, offline: false, log: quiet, env: {}, defaultDir: dir, fetchOptions: { baseUrl: server.baseUrl, retryDelayMs: 1 } }),
      'corpus not found, and fetching it failed for 1 of 209 files ' +
        `(007.txt: ${server.baseUrl}/007.txt: HTTP 404 Not Found).\n` +
        'rnnlab looked in:\n' +
        '  1. --corpus / corpus.path: not given\n' +
        '  2. RNNLAB_CORPUS_DIR: not set\n' +
        `  3. the default data folder ${dir}: does not exist\n` +
        `Fetch it with \`rnnlab corpus fetch\` (downloads into ${dir}), or point at a copy with --corpus DIR or RNNLAB_CORPUS_DIR=DIR.`,
    );
    assert.equal(readdirSync(dir).length, 208);
  } finally {
    await server.close();
    rmSync(parent, { recursive: true, force: true });
  }
});
