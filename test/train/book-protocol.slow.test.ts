// Slow check on the real Grimm corpus: a shortened book protocol for rnn and rnncf learns and reports sensibly.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { prepareCorpus } from '../../src/corpus/prepare-corpus.js';
import { initBackend } from '../../src/models/backend.js';
import { trainRun } from '../../src/train/train-run.js';
import type { EpochReport } from '../../src/train/training-events.js';
import { bookRunConfig } from '../helpers/engine-fixtures.js';
import { grimmCorpusDir, needsRealCorpus } from '../helpers/real-corpus.js';

before(async () => {
  await initBackend('wasm');
});

for (const type of ['rnn', 'rnncf'] as const) {
  test(`${type}: 3 book steps of 5 documents × 20 updates on the real corpus`, needsRealCorpus, async () => {
    const config = bookRunConfig({ model: { type }, train: { num_steps: 3, updates_per_document: 20 } });
    const corpus = prepareCorpus({ dir: grimmCorpusDir, corpus: config.corpus, numSteps: config.train.num_steps });
    assert.equal(corpus.vocabulary.tokens.length, 544);
    const reports: EpochReport[] = [];
    const outcome = await trainRun(config, corpus, { onEpoch: (r) => void reports.push(r) }, { backend: 'wasm' });
    assert.equal(outcome.status, 'finished');
    assert.equal(reports.length, 3);
    // Starts at ln 544 ≈ 6.30 nats (perplexity 544) and must be well below it after 300 updates.
    assert.ok(reports[2].trainPerplexity < 250, `train perplexity ${reports[2].trainPerplexity}`);
    assert.ok(reports[2].validPerplexity! < 250, `valid perplexity ${reports[2].validPerplexity}`);
    assert.ok(reports[2].trainPerplexity < reports[0].trainPerplexity);
    for (const r of reports) {
      assert.equal(r.documents.length, 5);
      assert.equal(r.samples.length, 1);
      // 1000 generated bigrams: 2000 characters, plus one extra character for every UNK ("UNK" is 3 wide).
      const unks = (r.samples[0].text.match(/UNK/g) ?? []).length;
      assert.equal(r.samples[0].text.length, 2000 + unks);
    }
  });
}
