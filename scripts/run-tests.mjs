#!/usr/bin/env node
// Runs the compiled test files with node's test runner and fails when none ran.
// Node 20's `node --test DIR` silently runs zero tests, so files are listed explicitly here.
// Usage: node scripts/run-tests.mjs [--slow | --all] [substring…]
//   default: every dist/test/**/*.test.js except *.slow.test.js
//   --slow:  only the slow checks (*.slow.test.js: real corpus, long training)
//   --all:   both
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const slow = args.includes('--slow');
const all = args.includes('--all');
const filters = args.filter((a) => !a.startsWith('--'));

function listTests(dir) {
  let found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found = found.concat(listTests(path));
    else if (name.endsWith('.test.js')) found.push(path);
  }
  return found;
}

const root = 'dist/test';
let files = listTests(root)
  .filter((f) => all || (slow ? f.endsWith('.slow.test.js') : !f.endsWith('.slow.test.js')))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
if (files.length === 0) {
  console.error(`run-tests: no test files matched under ${root} (did the build run?)`);
  process.exit(1);
}

// The real Grimm corpus, for the tests that read it: found once here exactly as the CLI finds it (explicit
// RNNLAB_CORPUS_DIR, the project's data/grimm, else one verified download into data/grimm), and handed to every
// test process, so a missing corpus is one failing test with the locator's message, not a download per file.
const env = { ...process.env };
if (files.some((f) => readFileSync(f, 'utf8').includes('real-corpus.js'))) {
  const { locateCorpus } = await import(new URL('../dist/src/corpus/locate-corpus.js', import.meta.url).href);
  try {
    env.RNNLAB_TEST_CORPUS_DIR = await locateCorpus({ explicitPath: null, offline: false, log: (line) => console.error(line) });
  } catch (error) {
    if (error?.name !== 'UserError') throw error;
    env.RNNLAB_TEST_CORPUS_PROBLEM = error.message;
    console.error(`run-tests: the real Grimm corpus was not found; the tests that read it are skipped and one fails:\n${error.message}`);
  }
}

const tapDir = mkdtempSync(join(tmpdir(), 'rnnlab-tests-'));
const tapFile = join(tapDir, 'results.tap');
const result = spawnSync(
  process.execPath,
  [
    '--enable-source-maps',
    '--test',
    '--test-concurrency=2',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tapFile}`,
    ...files,
  ],
  { stdio: 'inherit', env },
);
const tap = readFileSync(tapFile, 'utf8');
rmSync(tapDir, { recursive: true, force: true });

const count = (label) => Number((tap.match(new RegExp(`^# ${label} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
const tests = count('tests');
const passed = count('pass');
const failed = count('fail');
const skipped = count('skipped');
console.log(`\nrun-tests: ${files.length} test files, ${tests} tests`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (tests === 0) {
  console.error('run-tests: zero tests ran; failing on purpose');
  process.exit(1);
}
process.exit(result.status === 0 && failed === 0 ? 0 : 1);
