// Test perplexity in trainRun: measured after each validated epoch on corpus.test's documents (per document, zero
// state, batch 1), equal to an independent float64 computation on the final weights, and choosing nothing.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RunConfig } from '../../src/config/run-config.js';
import type { PreparedCorpus, TokenDocument } from '../../src/corpus/prepared-corpus.js';
import { initBackend } from '../../src/models/backend.js';
import { buildModel, disposeModel } from '../../src/models/build-model.js';
import { createSeededRandom } from '../../src/models/seeded-random.js';
import { loadCheckpoint, restoreWeights } from '../../src/train/checkpoint.js';
import { trainRun } from '../../src/train/train-run.js';
import type { EpochReport, TrainingOutcome } from '../../src/train/training-events.js';
import { bookRunConfig, handCorpus } from '../helpers/engine-fixtures.js';
import { float64ValidationLoss, float64Weights } from '../helpers/float64-models.js';

function config(overrides: Parameters<typeof bookRunConfig>[0] = {}): RunConfig {
  return bookRunConfig({
    model: { type: 'rnncf', hidden: 8, context: 4, layers: [8, 4], ...overrides.model },
    train: { num_unroll: 5, batch_size: 4, num_steps: 5, docs_per_step: 2, updates_per_document: 4, learning_rate: 0.01, validate_every: 2, ...overrides.train },
    generation: { length: 12, ...overrides.generation },
    corpus: { validation: { rule: 'book', documents: 1, tokens_per_document: 10, stream: 'per_document' }, ...overrides.corpus },
  });
}

/** Pseudo-random ids 1 … 11 from a linear congruential generator seeded with `seed`. */
function idsFrom(seed: number): (n: number) => number[] {
  let x = seed;
  return (n) => Array.from({ length: n }, () => 1 + ((x = (x * 1103515245 + 12345) % 2147483648) % 11));
}

/** The same training and validation data; `testSeed` picks the test documents (null: no test set). */
function corpus(testSeed: number | null, predictions = [7, 12]): PreparedCorpus {
  const ids = idsFrom(3);
  const prepared = handCorpus({ vocabSize: 12, train: [ids(60), ids(45), ids(80)], validation: [ids(10)], predictions: [5] });
  if (testSeed === null) return prepared;
  const testIds = idsFrom(testSeed);
  const documents: TokenDocument[] = [testIds(20), testIds(13)].map((tokens, i) => ({ name: `${101 + i}.txt`, tokens: Int32Array.from(tokens) }));
  return { ...prepared, test: { documents, predictions } };
}

let dir: string;
before(async () => {
  await initBackend('wasm');
  dir = mkdtempSync(join(tmpdir(), 'rnnlab-test-set-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function train(runConfig: RunConfig, prepared: PreparedCorpus, checkpointPath: string | null = null) {
  const reports: EpochReport[] = [];
  const outcome: TrainingOutcome = await trainRun(runConfig, prepared, { onEpoch: (r) => void reports.push(r) }, { backend: 'wasm', checkpointPath });
  return { reports, outcome };
}

describe('trainRun with a test set', () => {
  test('each validated epoch reports test perplexity; the last equals a float64 per-document loss of the final weights', async () => {
    const path = join(dir, 'run.ckpt.json');
    const runConfig = config();
    const prepared = corpus(17);
    const { reports } = await train(runConfig, prepared, path);
    // validate_every 2 over 5 epochs: epochs 1, 3 and 5 are validated, and only they are tested.
    assert.deepEqual(reports.map((r) => r.testPerplexity !== null), [true, false, true, false, true]);
    assert.deepEqual(reports.map((r) => r.testPredictions), [19, null, 19, null, 19]); // min(7, 19) + min(12, 12)
    for (const r of reports) {
      if (r.testLossNats == null) assert.equal(r.testPerplexity, null);
      else assert.ok(Math.abs(r.testPerplexity! - Math.exp(r.testLossNats)) < 1e-9 * r.testPerplexity!);
    }
    // Independent: the float64 running recurrence on the checkpoint's final weights (those of epoch 5).
    const model = buildModel(runConfig.model, 12, createSeededRandom(99, 'unused'));
    try {
      restoreWeights(model, loadCheckpoint(path).final, path);
      const expected = float64ValidationLoss(
        runConfig.model,
        float64Weights(model.params),
        model.stateSizes,
        prepared.test!.documents.map((d) => d.tokens),
        prepared.test!.predictions,
      );
      assert.equal(expected.count, 19);
      const last = reports[4].testLossNats!;
      assert.ok(Math.abs(last - expected.lossNats) < 1e-5, `${last} vs ${expected.lossNats}`);
      // And not the validation loss by accident.
      assert.ok(Math.abs(last - reports[4].validLossNats!) > 1e-3);
    } finally {
      disposeModel(model);
    }
  });

  test('the test set chooses nothing: other test documents, or none, leave every other number and the best epoch as they were', async () => {
    const runConfig = config({ train: { validate_every: 1 } });
    const without = await train(runConfig, corpus(null));
    assert.ok(without.reports.every((r) => r.testPerplexity === null && r.testLossNats === null));
    const others = (r: EpochReport) => ({ ...r, durationMs: 0, tokensPerSec: 0, testLossNats: null, testPerplexity: null, testPredictions: null });
    const tested = [await train(runConfig, corpus(17)), await train(runConfig, corpus(23, [19, 12]))];
    for (const run of tested) {
      assert.deepEqual(run.outcome, without.outcome);
      assert.deepEqual(run.reports.map(others), without.reports.map(others));
    }
    // The two test sets do give different test perplexities: the comparison above could have failed.
    assert.notDeepEqual(tested[0].reports.map((r) => r.testPerplexity), tested[1].reports.map((r) => r.testPerplexity));
  });

  test('a run resumed from its checkpoint reports the test perplexities of a run never stopped', async () => {
    const runConfig = config();
    const prepared = corpus(17);
    const straight = await train(runConfig, prepared, join(dir, 'straight.ckpt.json'));
    // Stopped after epoch 2 (as a crash would leave it), then resumed from that checkpoint.
    const stoppedPath = join(dir, 'stopped.ckpt.json');
    await train(config({ train: { num_steps: 2 } }), prepared, stoppedPath);
    const checkpoint = loadCheckpoint(stoppedPath);
    checkpoint.config = runConfig;
    const resumed: EpochReport[] = [];
    await trainRun(runConfig, prepared, { onEpoch: (r) => void resumed.push(r) }, { backend: 'wasm', resumeFrom: checkpoint });
    assert.deepEqual(resumed.map((r) => r.epoch), [3, 4, 5]);
    assert.deepEqual(resumed.map((r) => r.testPerplexity), straight.reports.slice(2).map((r) => r.testPerplexity));
  });
});
