// fetchCorpus against a real HTTP server on 127.0.0.1 serving the shared corpus: verify, skip, retry, never leave junk.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchCorpus } from '../../src/corpus/fetch-corpus.js';
import { GRIMM_MANIFEST } from '../../src/corpus/grimm-manifest.js';
import { writeMadeUpCorpus } from '../helpers/made-up-corpus.js';
import { grimmCorpusDir, needsRealCorpus } from '../helpers/real-corpus.js';
import { serveCorpusFiles, type Fault } from '../helpers/serve-corpus-files.js';

const fast = { retryDelayMs: 5, timeoutMs: 5000 };
// Most tests serve five made-up documents with their own manifest; only those about the Grimm files read the real ones.
const madeUp = writeMadeUpCorpus();
after(() => rmSync(madeUp.dir, { recursive: true, force: true }));
const firstFive = madeUp.manifest;

async function withServer<T>(
  fault: ((name: string, attempt: number) => Fault) | undefined,
  body: (baseUrl: string, requests: Map<string, number>, dir: string) => Promise<T>,
  source = madeUp.dir,
): Promise<T> {
  const server = await serveCorpusFiles(source, fault);
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-fetch-'));
  try {
    return await body(server.baseUrl, server.requests, dir);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

test('the manifest holds the shared corpus\'s 209 files with their true digests', needsRealCorpus, () => {
  assert.equal(GRIMM_MANIFEST.length, 209);
  assert.deepEqual(GRIMM_MANIFEST.map((e) => e.name), Array.from({ length: 209 }, (_, i) => `${String(i + 1).padStart(3, '0')}.txt`));
  for (const entry of GRIMM_MANIFEST) {
    const bytes = readFileSync(join(grimmCorpusDir, entry.name));
    assert.equal(bytes.length, entry.bytes, entry.name);
    assert.equal(createHash('sha256').update(bytes).digest('hex'), entry.sha256, entry.name);
  }
});

test('fetches all 209 files byte for byte; a second fetch downloads nothing', needsRealCorpus, async () => {
  await withServer(undefined, async (baseUrl, requests, dir) => {
    const first = await fetchCorpus({ dir, baseUrl, ...fast });
    assert.equal(first.fetched.length, 209);
    assert.deepEqual(first.failed, []);
    for (const entry of GRIMM_MANIFEST) assert.equal(sha256(join(dir, entry.name)), entry.sha256);
    assert.deepEqual(readdirSync(dir).sort(), GRIMM_MANIFEST.map((e) => e.name));
    requests.clear();
    const second = await fetchCorpus({ dir, baseUrl, ...fast });
    assert.deepEqual(second, { dir, fetched: [], alreadyValid: GRIMM_MANIFEST.map((e) => e.name), failed: [] });
    assert.equal(requests.size, 0);
  }, grimmCorpusDir);
});

test('a present but altered file is fetched again; valid ones are skipped', async () => {
  await withServer(undefined, async (baseUrl, requests, dir) => {
    writeFileSync(join(dir, '001.txt'), readFileSync(join(madeUp.dir, '001.txt')));
    writeFileSync(join(dir, '002.txt'), 'edited');
    const summary = await fetchCorpus({ dir, baseUrl, manifest: firstFive, ...fast });
    assert.deepEqual(summary.alreadyValid, ['001.txt']);
    assert.deepEqual(summary.fetched, ['002.txt', '003.txt', '004.txt', '005.txt']);
    assert.equal(requests.get('001.txt'), undefined);
    assert.equal(sha256(join(dir, '002.txt')), firstFive[1].sha256);
  });
});

test('a server that always corrupts a file: retried, then reported failed, and no file is left for it', async () => {
  const lines: string[] = [];
  await withServer(
    (name) => (name === '003.txt' ? 'corrupt' : 'ok'),
    async (baseUrl, requests, dir) => {
      const summary = await fetchCorpus({ dir, baseUrl, manifest: firstFive, attempts: 3, log: (l) => lines.push(l), ...fast });
      assert.deepEqual(summary.fetched, ['001.txt', '002.txt', '004.txt', '005.txt']);
      assert.equal(summary.failed.length, 1);
      assert.equal(summary.failed[0].name, '003.txt');
      assert.match(summary.failed[0].reason, new RegExp(`^http://127\\.0\\.0\\.1:\\d+/grimmtmp/003\\.txt: SHA-256 [0-9a-f]{64} does not match the manifest's ${firstFive[2].sha256} \\(after 3 attempts\\)$`));
      assert.equal(requests.get('003.txt'), 3);
      assert.deepEqual(readdirSync(dir).sort(), ['001.txt', '002.txt', '004.txt', '005.txt']);
      assert.equal(lines.filter((l) => l.startsWith('fetch 003.txt:') && l.includes('retrying in')).length, 2);
    },
  );
});

test('a connection dropped mid-file twice is retried and the third try succeeds', async () => {
  const lines: string[] = [];
  await withServer(
    (name, attempt) => (name === '004.txt' && attempt <= 2 ? 'drop' : 'ok'),
    async (baseUrl, requests, dir) => {
      const summary = await fetchCorpus({ dir, baseUrl, manifest: firstFive, attempts: 3, log: (l) => lines.push(l), ...fast });
      assert.deepEqual(summary.failed, []);
      assert.equal(summary.fetched.length, 5);
      assert.equal(requests.get('004.txt'), 3);
      assert.equal(sha256(join(dir, '004.txt')), firstFive[3].sha256);
      const retries = lines.filter((l) => l.startsWith('fetch 004.txt:'));
      assert.equal(retries.length, 2);
      assert.match(retries[0], new RegExp(`004\\.txt: connection lost after \\d+ of ${firstFive[3].bytes} bytes .*; retrying in 0\\.0 s \\(attempt 2 of 3\\)$`));
      assert.deepEqual(readdirSync(dir).sort(), firstFive.map((e) => e.name));
    },
  );
});

test('a connection that always drops mid-file: failed, and no partial file remains', async () => {
  await withServer(
    (name) => (name === '002.txt' ? 'drop' : 'ok'),
    async (baseUrl, requests, dir) => {
      const summary = await fetchCorpus({ dir, baseUrl, manifest: firstFive, attempts: 2, ...fast });
      assert.deepEqual(summary.failed.map((f) => f.name), ['002.txt']);
      assert.match(summary.failed[0].reason, new RegExp(`002\\.txt: connection lost after \\d+ of ${firstFive[1].bytes} bytes .* \\(after 2 attempts\\)$`));
      assert.equal(requests.get('002.txt'), 2);
      assert.deepEqual(readdirSync(dir).sort(), ['001.txt', '003.txt', '004.txt', '005.txt']);
    },
  );
});

test('a server error is retried; a 404 is not', async () => {
  await withServer(
    (name, attempt) => (name === '001.txt' && attempt === 1 ? 500 : name === '005.txt' ? 404 : 'ok'),
    async (baseUrl, requests, dir) => {
      const summary = await fetchCorpus({ dir, baseUrl, manifest: firstFive, attempts: 3, ...fast });
      assert.equal(requests.get('001.txt'), 2);
      assert.equal(requests.get('005.txt'), 1);
      assert.deepEqual(summary.fetched, ['001.txt', '002.txt', '003.txt', '004.txt']);
      assert.match(summary.failed[0].reason, /^http:\/\/127\.0\.0\.1:\d+\/grimmtmp\/005\.txt: HTTP 404 Not Found$/);
    },
  );
});

test('after a file the server never answered, the files not yet started are not tried', async () => {
  const server = await serveCorpusFiles(madeUp.dir);
  const baseUrl = server.baseUrl;
  await server.close();
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-fetch-'));
  const lines: string[] = [];
  try {
    const summary = await fetchCorpus({ dir, baseUrl, manifest: firstFive, attempts: 2, ...fast, concurrency: 1, log: (l) => lines.push(l) });
    assert.deepEqual(summary.failed.map((f) => f.name), firstFive.map((e) => e.name));
    assert.match(summary.failed[0].reason, /001\.txt: ECONNREFUSED.* \(after 2 attempts\)$/);
    for (const failed of summary.failed.slice(1)) {
      assert.match(failed.reason, /^not tried: the server did not answer for an earlier file \(.*001\.txt: ECONNREFUSED/);
    }
    // Only the first file was attempted: one retry line and one failure line.
    assert.equal(lines.length, 2);
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unreachable server: every file failed, nothing written', async () => {
  const server = await serveCorpusFiles(madeUp.dir);
  const baseUrl = server.baseUrl;
  await server.close(); // the port is now closed
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-fetch-'));
  try {
    const summary = await fetchCorpus({ dir, baseUrl, manifest: firstFive.slice(0, 2), attempts: 2, ...fast });
    assert.deepEqual(summary.failed.map((f) => f.name), ['001.txt', '002.txt']);
    assert.match(summary.failed[0].reason, /001\.txt: ECONNREFUSED.* \(after 2 attempts\)$/);
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
