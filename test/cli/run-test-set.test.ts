// corpus.test end to end: `rnnlab run` stores test perplexity on each validated epoch and the seed streams per run;
// `compare --metric test_perplexity` reads it at the best-validation epoch; a missing test document exits 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { readStore, tempDir } from './run-sweep-helpers.js';

const corpusDir = join(fixturesDir, 'runner', 'corpus');

/** Trains on 001–002 (also the vocabulary), tests on 003–004; validated at epochs 1 and 3. */
function writeSpec(dir: string): string {
  const path = join(dir, 'heldout.yaml');
  writeFileSync(
    path,
    `name: heldout-e2e
corpus: {path: ${JSON.stringify(corpusDir)}, documents: 2, vocabulary_documents: 2, min_count: 0,
         validation: {rule: fraction, fraction: 0.2}, test: {from: 3, count: 2}}
model: {type: rnn, hidden: 8}
train: {num_unroll: 5, batch_size: 4, learning_rate: 0.01, schedule: epochs, epochs: 3, validate_every: 2}
generation: {length: 10, reset: zeros}
seeds: [1, 2]
`,
  );
  return path;
}

test('run stores test perplexity per validated epoch and each run\'s seed streams; compare reads it at the best epoch', async () => {
  const { dir, dbPath, cleanup } = tempDir();
  try {
    const spec = writeSpec(dir);
    const run = await runCli(['run', spec, '--db', dbPath]);
    assert.equal(run.code, 0, run.stderr);
    const { runs, epochs } = readStore(dbPath);
    assert.deepEqual(runs.map((r) => [r.config.seed, r.dataOrderSeed, r.initSeed, r.generationSeed]), [[1, 1, 1, 1], [2, 2, 2, 2]]);
    // 003.txt and 004.txt are ASCII of 627 and 630 bytes: ⌊(627 − 1) / 2⌋ = 313 and 314 bigrams, 312 + 313 predictions.
    assert.deepEqual(epochs.map((e) => e.testPredictions), [625, null, 625, 625, null, 625]);
    for (const e of epochs) {
      assert.equal(e.testPerplexity === null, e.validPerplexity === null, `epoch ${e.epoch}`);
      if (e.testPerplexity != null) assert.ok(Number.isFinite(e.testPerplexity) && Math.abs(e.testPerplexity - Math.exp(e.testLossNats!)) < 1e-9 * e.testPerplexity);
    }
    // compare: each run's test perplexity at its lowest-validation epoch, mean ± std over the two seeds.
    const atBest = runs.map((r) => {
      const own = epochs.filter((e) => e.runId === r.id && e.validPerplexity !== null);
      const best = own.reduce((a, b) => (b.validPerplexity! < a.validPerplexity! ? b : a));
      return best.testPerplexity!;
    });
    const mean = (atBest[0] + atBest[1]) / 2;
    const std = Math.abs(atBest[0] - atBest[1]) / Math.SQRT2;
    const compare = await runCli(['compare', '--metric', 'test_perplexity', '--db', dbPath, '--format', 'csv']);
    assert.equal(compare.code, 0, compare.stderr);
    const [header, row] = compare.stdout.trimEnd().split('\r\n');
    assert.equal(header, 'metric,at,mean,std,n,non_finite,no_value,runs');
    const cells = row.split(',');
    assert.deepEqual(cells.slice(0, 2), ['test_perplexity', 'best']);
    assert.ok(Math.abs(Number(cells[2]) - mean) < 1e-9 * mean, `${cells[2]} vs ${mean}`);
    assert.ok(Math.abs(Number(cells[3]) - std) < 1e-9 * mean, `${cells[3]} vs ${std}`);
    const summary = await runCli(['query', '--db', dbPath, '--format', 'csv', 'SELECT test_perplexity_at_best FROM run_summary ORDER BY run_id']);
    assert.equal(summary.code, 0, summary.stderr);
    const viewed = summary.stdout.trimEnd().split('\r\n').slice(1).map(Number).sort();
    assert.deepEqual(viewed, [...atBest].sort());
  } finally {
    cleanup();
  }
});

test('a test document the corpus lacks: exit 2, naming the missing file', async () => {
  const { dir, dbPath, cleanup } = tempDir();
  try {
    const spec = writeSpec(dir);
    const run = await runCli(['run', spec, '--db', dbPath, '--set', 'corpus.test.count=3']);
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      new RegExp(`${join(corpusDir, '005.txt').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: file not found \\(corpus\\.test asks for 003\\.txt–005\\.txt; the corpus's highest document is 004\\.txt\\)`),
    );
  } finally {
    cleanup();
  }
});
