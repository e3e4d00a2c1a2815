// `rnnlab corpus inspect` and `rnnlab corpus fetch` through the real CLI: output, exit codes, exact error text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { fixturesDir } from '../helpers/paths.js';
import { grimmCorpusDir, needsRealCorpus } from '../helpers/real-corpus.js';
import { serveCorpusFiles } from '../helpers/serve-corpus-files.js';
import { prepareCorpus } from '../../src/corpus/prepare-corpus.js';

const tiny = join(fixturesDir, 'corpus', 'tiny');
// tiny: 001 "The cat.\n" → th, e␠, ca, t. │ 002 "The hat!\n" → th, e␠, ha, t! │ 003 "THE THE THE\n" → th, e␠, th, e␠, th
// counts: th 5, "e " 4, then ca, t., ha, t! once each (first-seen order).

test('inspect --json on the real files 001–100: the book\'s numbers and the full vocabulary in id order', needsRealCorpus, async () => {
  const result = await runCli(['corpus', 'inspect', '--corpus', grimmCorpusDir, '--json']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, '');
  const inspection = JSON.parse(result.stdout);
  assert.equal(inspection.total_tokens, 449177);
  assert.equal(inspection.per_document.length, 100);
  assert.deepEqual(inspection.per_document[0], { name: '001.txt', characters: 7335, tokens: 3667, unk_tokens: inspection.per_document[0].unk_tokens });
  assert.equal(inspection.vocabulary_size, 544);
  assert.equal(inspection.vocabulary.length, 544);
  assert.equal(inspection.vocabulary[0], 'UNK');
  assert.deepEqual(inspection.most_common.slice(0, 5), [
    { token: 'e ', count: 15229 },
    { token: 'he', count: 15164 },
    { token: ' t', count: 13443 },
    { token: 'th', count: 13076 },
    { token: 'd ', count: 10687 },
  ]);
  assert.deepEqual(inspection.book_validation.documents, ['001.txt', '002.txt', '003.txt', '004.txt', '005.txt', '006.txt', '007.txt', '008.txt', '009.txt', '010.txt']);
  assert.equal(inspection.book_validation.threshold, 2700);
  // The ids agree with what training gets from prepareCorpus.
  const prepared = prepareCorpus({
    dir: grimmCorpusDir,
    numSteps: 26,
    corpus: { path: null, documents: 100, vocabulary_documents: 100, ngram: 2, min_count: 10, validation: { rule: 'book', documents: 10, tokens_per_document: 100, stream: 'per_document' }, test: null, layout: 'book' },
  });
  assert.deepEqual(inspection.vocabulary, prepared.vocabulary.tokens);
  const unk = prepared.seedDocuments.reduce((sum, d) => sum + d.tokens.filter((id) => id === 0).length, 0);
  assert.equal(inspection.unk_tokens, unk);
  assert.equal(inspection.unk_rate, unk / 449177);
});

test('inspect --json on a hand-worked corpus', async () => {
  const result = await runCli(['corpus', 'inspect', '--corpus', tiny, '--documents', '3', '--min-count', '0', '--json',
    '--num-steps', '0', '--tokens-per-document', '2', '--validation-documents', '2', '--top', '3']);
  assert.equal(result.code, 0, result.stderr);
  const inspection = JSON.parse(result.stdout);
  assert.deepEqual(inspection.vocabulary, ['UNK', 'th', 'e ', 'ca', 't.', 'ha', 't!']);
  assert.deepEqual(inspection.vocabulary_counts, [0, 5, 4, 1, 1, 1, 1]);
  assert.deepEqual(inspection.per_document.map((d: { tokens: number }) => d.tokens), [4, 4, 5]);
  assert.deepEqual(inspection.most_common, [{ token: 'th', count: 5 }, { token: 'e ', count: 4 }, { token: 'ca', count: 1 }]);
  assert.equal(inspection.unk_rate, 0);
  // threshold (0 + 1) × 2 = 2: every document has more; the first two are picked.
  assert.deepEqual(inspection.book_validation.documents, ['001.txt', '002.txt']);
  assert.equal(inspection.book_validation.predictions_per_document, 1);
});

test('inspect prints a readable report: totals, UNK rate, validation picks, most common tokens, per document', async () => {
  const result = await runCli(['corpus', 'inspect', '--corpus', tiny, '--documents', '3', '--min-count', '1',
    '--num-steps', '0', '--tokens-per-document', '4', '--validation-documents', '3']);
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.split('\n');
  const row = (text: string) => assert.ok(lines.some((line) => line.includes(text)), `no line with ${JSON.stringify(text)}:\n${result.stdout}`);
  row('│ documents              │ 3 (001.txt–003.txt); vocabulary counted over the first 3');
  row('│ tokens                 │ 13 bigrams (per document: min 4, median 4, max 5)');
  row('│ vocabulary             │ 3 tokens including UNK (bigrams seen more than 1 time)');
  row('│ UNK rate               │ 30.77% (4 of 13 bigrams map to UNK)');
  row('│ validation (book rule) │ 003.txt (only 1 of the 3 asked for qualifies: the book rule cannot be used as set)');
  row('│    1 │ "th"  │     5 │ 38.46% │');
  row('│    2 │ "e "  │     4 │ 30.77% │');
  row('│ 003.txt  │         12 │       5 │   0 │ yes        │');
  row('│ 001.txt  │          9 │       4 │   2 │            │');
});

function badCorpus(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-cli-corpus-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

async function expectUserError(args: string[], stderr: string, env: NodeJS.ProcessEnv = {}): Promise<void> {
  const result = await runCli(args, { env });
  assert.equal(result.code, 2, result.stderr);
  assert.equal(result.stderr, `${stderr}\n`);
  assert.equal(result.stdout, '');
}

test('bad input: one message naming the directory, file or option; exit 2; no stack trace', async () => {
  const dir = badCorpus({ '001.txt': 'one two', '002.txt': 'two three', '004.txt': 'four five' });
  try {
    const missing = join(dir, 'missing');
    await expectUserError(['corpus', 'inspect', '--corpus', missing],
      `corpus directory not found: ${missing} (from --corpus / corpus.path). To download the Grimm stories there: rnnlab corpus fetch --to ${missing}`);
    await expectUserError(['corpus', 'inspect'],
      `corpus directory not found: ${missing} (from RNNLAB_CORPUS_DIR). To download the Grimm stories there: rnnlab corpus fetch --to ${missing}`,
      { RNNLAB_CORPUS_DIR: missing });
    await expectUserError(['corpus', 'inspect', '--corpus', dir, '--documents', '4'],
      `corpus ${dir}: 4 documents were asked for but it holds 3 (NNN.txt files numbered from 001.txt; 003.txt is missing)`);
    writeFileSync(join(dir, '005.txt'), 'five six');
    await expectUserError(['corpus', 'inspect', '--corpus', dir, '--documents', '4'],
      `${join(dir, '003.txt')}: file not found (documents 001.txt–004.txt were asked for)`);
    writeFileSync(join(dir, '003.txt'), 'three four');
    await expectUserError(['corpus', 'inspect', '--corpus', dir, '--documents', '2', '--vocabulary-documents', '6'],
      `corpus ${dir}: 6 documents were asked for but it holds 5 (NNN.txt files numbered from 001.txt)`);
    writeFileSync(join(dir, '003.txt'), '');
    await expectUserError(['corpus', 'inspect', '--corpus', dir, '--documents', '3'], `${join(dir, '003.txt')}: empty document (0 bytes)`);
    writeFileSync(join(dir, '003.txt'), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]));
    await expectUserError(['corpus', 'inspect', '--corpus', dir, '--documents', '3'], `${join(dir, '003.txt')}: not a text file (NUL byte at offset 8)`);
    writeFileSync(join(dir, '003.txt'), new Uint8Array([0x61, 0xff, 0x62]));
    await expectUserError(['corpus', 'inspect', '--corpus', dir, '--documents', '3'],
      `${join(dir, '003.txt')}: not a UTF-8 text file (invalid byte 0xff at offset 1)`);
    await expectUserError(['corpus', 'inspect', '--corpus', dir, '--documents', 'ten'], '--documents must be a positive integer; got "ten"');
    await expectUserError(['corpus', 'inspect', '--corpus', dir, '--ngram', '4'], '--ngram must be 1, 2 or 3; got "4"');
    await expectUserError(['corpus', 'inspect', '--corpus', dir, '--top', '5', '--documents', '0'], '--documents must be a positive integer; got "0"');
    await expectUserError(['corpus', 'fetch', '--to', dir, '--base-url', 'ftp://example.org'], '--base-url must be an http(s) URL; got "ftp://example.org"');
    const unknown = await runCli(['corpus', 'inspect', '--corpus', dir, '--no-such-option']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^error: unknown option '--no-such-option'\n/);
    assert.doesNotMatch(unknown.stderr, /at .*\.js:\d+/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('fetch downloads into --to and summarises; a second fetch finds everything valid; failures exit 1', needsRealCorpus, async () => {
  const server = await serveCorpusFiles(grimmCorpusDir, (name) => (name === '150.txt' ? 404 : 'ok'));
  const parent = mkdtempSync(join(tmpdir(), 'rnnlab-cli-fetch-'));
  const dir = join(parent, 'grimm');
  try {
    const first = await runCli(['corpus', 'fetch', '--to', dir, '--base-url', server.baseUrl]);
    assert.equal(first.code, 1);
    assert.equal(
      first.stdout,
      `${dir}: fetched 208, already valid 0, failed 1\n` +
        `  failed 150.txt: ${server.baseUrl}/150.txt: HTTP 404 Not Found\n` +
        'No partial files were left. Run `rnnlab corpus fetch` again to retry the 1 failed (valid files are kept).\n',
    );
    assert.equal(readdirSync(dir).length, 208);
    mkdirSync(join(parent, 'unused'));
    const healthy = await serveCorpusFiles(grimmCorpusDir);
    try {
      const second = await runCli(['corpus', 'fetch', '--to', dir, '--base-url', healthy.baseUrl]);
      assert.equal(second.code, 0, second.stderr);
      assert.equal(second.stdout, `${dir}: fetched 1, already valid 208, failed 0\n`);
      assert.deepEqual([...healthy.requests.keys()], ['150.txt']);
      const third = await runCli(['corpus', 'inspect', '--corpus', dir, '--documents', '209', '--json']);
      assert.equal(JSON.parse(third.stdout).per_document.length, 209);
    } finally {
      await healthy.close();
    }
  } finally {
    await server.close();
    rmSync(parent, { recursive: true, force: true });
  }
});
