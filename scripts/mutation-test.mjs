#!/usr/bin/env node
// Runs the mutation tests (StrykerJS, stryker.config.json) one chunk of src/ at a time and prints the score per chunk.
// Each chunk keeps its results in test/mutation/CHUNK.incremental.json (committed), so a run that stops, or runs on
// another machine, loses only the chunk in progress, and the scores of chunks run at different times add up. Stryker's
// incremental mode reuses a stored result only when it can tell that the code and tests behind it are unchanged; the
// tap runner records no test sources, so a rerun retests most mutants of its chunk (17 of 738 reused for models on
// 2026-12-07). The whole set is 3,710 mutants, about 2.4 hours on 2 cores: hence the chunks.
// Usage: node scripts/mutation-test.mjs [CHUNK…]    run the named chunks (default: all), then print the scores
//        node scripts/mutation-test.mjs --score     print the scores stored in test/mutation/ without running
//        node scripts/mutation-test.mjs --list      print each chunk's files
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, 'test', 'mutation');

// A file belongs to the first chunk whose test accepts it; the last chunk of each folder takes the rest, so a new
// file always lands in some chunk. Mutants per chunk (minutes on 2 cores): kernels 872 (55), models-native 647 (9),
// models 738 (28), train-step 520 (24), train-run 933 (27), on 2026-12-07 (train-step 2026-11-28).
const TRAIN_STEP = new Set([
  'adam-optimizer.ts', 'clip-by-global-norm.ts', 'output-loss.ts', 'validation-loss.ts', 'stream-validation-loss.ts',
  'train-update.ts', 'gradient-groups.ts', 'gradient-tally.ts', 'reference-loss.ts', 'update-engine.ts',
  'tfjs-update-engine.ts', 'native-update-engine.ts', 'update-flops.ts',
]);
const CHUNKS = [
  { name: 'kernels', folder: 'src/kernels', accepts: () => true },
  { name: 'models-native', folder: 'src/models', accepts: (file) => file.startsWith('native-') },
  { name: 'models', folder: 'src/models', accepts: () => true },
  { name: 'train-step', folder: 'src/train', accepts: (file) => TRAIN_STEP.has(file) },
  { name: 'train-run', folder: 'src/train', accepts: () => true },
];

/** Every .ts file of the chunks' folders, assigned to its chunk: Map<chunk name, relative paths>. */
function assignFiles() {
  const assigned = new Map(CHUNKS.map((chunk) => [chunk.name, []]));
  for (const folder of new Set(CHUNKS.map((chunk) => chunk.folder))) {
    for (const file of readdirSync(join(root, folder)).filter((name) => name.endsWith('.ts')).sort()) {
      const chunk = CHUNKS.find((c) => c.folder === folder && c.accepts(file));
      assigned.get(chunk.name).push(`${folder}/${file}`);
    }
  }
  return assigned;
}

const incrementalFile = (chunk) => join(resultsDir, `${chunk}.incremental.json`);

/** Runs Stryker over one chunk with the project's config, its mutate list and result files replaced. */
function runChunk(chunk, files) {
  const base = JSON.parse(readFileSync(join(root, 'stryker.config.json'), 'utf8'));
  const config = {
    ...base,
    mutate: files,
    incremental: true,
    incrementalFile: `test/mutation/${chunk}.incremental.json`,
    jsonReporter: { fileName: `reports/mutation/${chunk}.json` },
    htmlReporter: { fileName: `reports/mutation/${chunk}.html` },
  };
  delete config.$schema;
  // Stryker resolves the paths in a config file against the working directory, so the generated file can live in
  // reports/ (ignored by git) while the run happens at the project root.
  mkdirSync(join(root, 'reports', 'mutation'), { recursive: true });
  mkdirSync(resultsDir, { recursive: true });
  const configPath = join(root, 'reports', 'mutation', `stryker.${chunk}.config.json`);
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  console.log(`\n=== mutation chunk ${chunk}: ${files.length} files (${new Date().toISOString()})`);
  const started = Date.now();
  const result = spawnSync('npx', ['stryker', 'run', configPath], { cwd: root, stdio: 'inherit' });
  rmSync(configPath, { force: true });
  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  if (result.status !== 0) {
    console.error(`mutation chunk ${chunk} failed (exit ${result.status}) after ${minutes} min`);
    process.exit(result.status ?? 1);
  }
  console.log(`=== mutation chunk ${chunk} done in ${minutes} min`);
}

/** Counts a stored result file's mutants by status (Stryker's report schema). */
function countStatuses(path) {
  const report = JSON.parse(readFileSync(path, 'utf8'));
  const counts = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, other: 0 };
  for (const file of Object.values(report.files)) {
    for (const mutant of file.mutants) {
      if (mutant.status in counts) counts[mutant.status] += 1;
      else counts.other += 1; // CompileError, RuntimeError, Ignored: not part of the score
    }
  }
  return counts;
}

/** Stryker's mutation score: detected (killed or timed out) over all valid mutants, uncovered ones included. */
function score(counts) {
  const detected = counts.Killed + counts.Timeout;
  const valid = detected + counts.Survived + counts.NoCoverage;
  return valid === 0 ? null : (100 * detected) / valid;
}

function printScores() {
  const rows = [['chunk', 'mutants', 'killed', 'timed out', 'survived', 'no coverage', 'score']];
  const total = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, other: 0 };
  const missing = [];
  for (const { name } of CHUNKS) {
    if (!existsSync(incrementalFile(name))) {
      missing.push(name);
      rows.push([name, '-', '-', '-', '-', '-', 'not run']);
      continue;
    }
    const counts = countStatuses(incrementalFile(name));
    for (const key of Object.keys(total)) total[key] += counts[key];
    const all = counts.Killed + counts.Timeout + counts.Survived + counts.NoCoverage;
    rows.push([name, all, counts.Killed, counts.Timeout, counts.Survived, counts.NoCoverage, formatScore(score(counts))]);
  }
  const all = total.Killed + total.Timeout + total.Survived + total.NoCoverage;
  rows.push(['total', all, total.Killed, total.Timeout, total.Survived, total.NoCoverage, formatScore(score(total))]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  console.log('');
  const formatCell = (cell, i) => (i === 0 ? String(cell).padEnd(widths[0]) : String(cell).padStart(widths[i]));
  for (const row of rows) console.log(row.map(formatCell).join('  '));
  if (missing.length > 0) console.log(`(the total leaves out ${missing.join(', ')}: not run yet)`);
}

const formatScore = (value) => (value === null ? '-' : `${value.toFixed(1)}%`);

const args = process.argv.slice(2);
const assigned = assignFiles();
if (args.includes('--list')) {
  for (const [chunk, files] of assigned) console.log(`${chunk}: ${files.join(' ')}`);
} else if (args.includes('--score')) {
  printScores();
} else {
  const unknown = args.filter((arg) => !assigned.has(arg));
  if (unknown.length > 0) {
    console.error(`mutation-test: unknown chunk ${unknown.join(', ')}; the chunks are ${[...assigned.keys()].join(', ')}`);
    process.exit(2);
  }
  const chosen = args.length > 0 ? args : [...assigned.keys()];
  for (const chunk of chosen) runChunk(chunk, assigned.get(chunk));
  printScores();
}
