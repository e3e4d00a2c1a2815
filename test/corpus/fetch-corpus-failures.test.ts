// fetchCorpus when the server stalls or the target cannot be written: it gives up in seconds, downloads nothing it
// cannot keep, and leaves no folder behind. Served from made-up files with their own manifest (no real corpus needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchCorpus } from '../../src/corpus/fetch-corpus.js';
import type { ManifestEntry } from '../../src/corpus/grimm-manifest.js';
import { runCli } from '../helpers/run-cli.js';
import { serveCorpusFiles, type Fault } from '../helpers/serve-corpus-files.js';

/** Three small documents written for this test, and the manifest that describes them. */
function madeUpCorpus(dir: string): ManifestEntry[] {
  return ['001.txt', '002.txt', '003.txt'].map((name, i) => {
    const bytes = Buffer.from(`Document ${i + 1}. `.repeat(50 + i * 7));
    writeFileSync(join(dir, name), bytes);
    return { name, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  });
}

async function withMadeUpServer(
  fault: (name: string, attempt: number) => Fault,
  body: (baseUrl: string, manifest: ManifestEntry[], work: string, requests: Map<string, number>) => Promise<void>,
): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'rnnlab-fetch-fail-'));
  const source = join(work, 'source');
  mkdirSync(source);
  const manifest = madeUpCorpus(source);
  const server = await serveCorpusFiles(source, fault);
  try {
    await body(server.baseUrl, manifest, work, server.requests);
  } finally {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }
}

for (const stall of ['stall-headers', 'stall-body'] as const) {
  test(`a server that stalls (${stall === 'stall-headers' ? 'no answer' : 'a body that stops'}): given up after the stall limit, not retried, later files not tried`, async () => {
    await withMadeUpServer(
      () => stall,
      async (baseUrl, manifest, work, requests) => {
        const started = Date.now();
        const summary = await fetchCorpus({
          dir: join(work, 'target'),
          baseUrl,
          manifest,
          concurrency: 1,
          stallTimeoutMs: 300,
          timeoutMs: 60_000,
          retryDelayMs: 5,
        });
        const elapsedMs = Date.now() - started;
        assert.ok(elapsedMs < 3000, `took ${elapsedMs} ms`);
        // At most once (on a busy machine the client may give up before the server even logs the request).
        assert.ok((requests.get('001.txt') ?? 0) <= 1, 'a stalled file is not asked again');
        assert.equal(requests.get('002.txt'), undefined, 'nor are further files');
        const after = stall === 'stall-body' ? ` after ${Math.floor(manifest[0].bytes / 2)} of ${manifest[0].bytes} bytes` : '';
        assert.equal(summary.failed[0].reason, `${baseUrl}/001.txt: no bytes for 0.3 s (the server stalled)${after}`);
        assert.equal(summary.failed.length, 3);
        assert.equal(existsSync(join(work, 'target')), false, 'the folder fetchCorpus created is removed again');
      },
    );
  });
}

test('a folder that gets nothing keeps only what existed before: created folders are removed, an existing one stays', async () => {
  await withMadeUpServer(
    () => 404,
    async (baseUrl, manifest, work) => {
      const nested = join(work, 'new', 'deeper', 'grimm');
      const summary = await fetchCorpus({ dir: nested, baseUrl, manifest, retryDelayMs: 5 });
      assert.equal(summary.failed.length, 3);
      assert.equal(existsSync(join(work, 'new')), false);
      const existing = join(work, 'existing');
      mkdirSync(existing);
      await fetchCorpus({ dir: existing, baseUrl, manifest, retryDelayMs: 5 });
      assert.equal(existsSync(existing), true);
    },
  );
});

// Root ignores permission bits: as root the CLI runs as nobody (setpriv) so the folder really is not writable.
const asUnprivileged = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
const setprivMissing = asUnprivileged.length > 0 && spawnSync('setpriv', ['--version']).status !== 0;

test('a target folder that cannot be written fails before the first download', { skip: setprivMissing && 'needs setpriv to drop root' }, async () => {
  await withMadeUpServer(
    () => 'ok',
    async (baseUrl, _manifest, work, requests) => {
      const target = join(work, 'readonly');
      mkdirSync(target);
      chmodSync(target, 0o555);
      chmodSync(work, 0o755);
      const result = await runCli(['corpus', 'fetch', '--to', target, '--base-url', baseUrl], { prefix: asUnprivileged });
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, new RegExp(`corpus fetch: ${target}: cannot write there \\(EACCES\\); nothing was downloaded\\. Fetch into another folder with --to DIR\\n$`));
      assert.equal(requests.size, 0, 'no file was requested');
    },
  );
});
