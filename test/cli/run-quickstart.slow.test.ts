// SLOW (under a minute on 2 cores natively, minutes on wasm): the README's main command, experiments/quickstart.yaml on the real corpus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { projectRoot } from '../helpers/paths.js';
import { grimmCorpusDir, needsRealCorpus } from '../helpers/real-corpus.js';
import { epochNumbers, readStore, tempDir } from './run-sweep-helpers.js';

test('the quickstart trains its 6 runs to the end and prints the rnn vs rnncf comparison', needsRealCorpus, async () => {
  const { dbPath, cleanup } = tempDir();
  try {
    const started = Date.now();
    const result = await runCli(['run', join(projectRoot, 'experiments', 'quickstart.yaml'), '--db', dbPath, '--offline'], {
      env: { RNNLAB_CORPUS_DIR: grimmCorpusDir },
    });
    assert.equal(result.code, 0, result.stderr);
    const { runs, epochs } = readStore(dbPath);
    assert.deepEqual(runs.map((run) => run.status), Array(6).fill('finished'));
    const tenEpochs = Array.from({ length: 10 }, (_, i) => i + 1);
    assert.deepEqual(Object.values(epochNumbers(epochs)), Array(6).fill(tenEpochs));
    assert.match(result.stdout, /│ rnn {3}│ +\d+\.\d\d ± \d+\.\d\d │ 3 │\n│ rnncf │ +\d+\.\d\d ± \d+\.\d\d │ 3 │/);
    assert.match(result.stdout, /quickstart: 6 finished/);
    // Every run learned something: its best validation perplexity is well below the vocabulary size (544).
    for (const run of runs) {
      const best = Math.min(...epochs.filter((row) => row.runId === run.id).map((row) => row.validPerplexity ?? Infinity));
      assert.ok(best < 200, `${run.id}: best valid perplexity ${best}`);
    }
    process.stderr.write(`quickstart took ${Math.round((Date.now() - started) / 1000)} s\n`);
  } finally {
    cleanup();
  }
});
