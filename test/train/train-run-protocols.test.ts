// trainRun under the issue-10 protocols: the tokens schedule (equal training tokens at any num_unroll), validation
// every N epochs, and the three-layer notebook's concatenated validation stream.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { RunConfig } from '../../src/config/run-config.js';
import type { PreparedCorpus } from '../../src/corpus/prepared-corpus.js';
import { initBackend } from '../../src/models/backend.js';
import { buildModel, disposeModel } from '../../src/models/build-model.js';
import { createSeededRandom } from '../../src/models/seeded-random.js';
import { checkRunnable } from '../../src/train/check-runnable.js';
import { loadCheckpoint, restoreWeights } from '../../src/train/checkpoint.js';
import { trainRun } from '../../src/train/train-run.js';
import type { EpochReport } from '../../src/train/training-events.js';
import { bookRunConfig, handCorpus } from '../helpers/engine-fixtures.js';
import { float64Logits, float64RunningStep, float64Weights, type Float64State } from '../helpers/float64-models.js';

function config(train: Partial<RunConfig['train']>, validation: Partial<RunConfig['corpus']['validation']> = {}): RunConfig {
  return bookRunConfig({
    model: { type: 'rnn', hidden: 8 },
    train: { num_unroll: 5, batch_size: 4, num_steps: 3, docs_per_step: 2, updates_per_document: 4, ...train },
    generation: { length: 12 },
    corpus: { validation: { rule: 'book', documents: 2, tokens_per_document: 10, stream: 'per_document', ...validation } as RunConfig['corpus']['validation'] },
  });
}

function corpus(): PreparedCorpus {
  let x = 3;
  const ids = (n: number) => Array.from({ length: n }, () => 1 + ((x = (x * 1103515245 + 12345) % 2147483648) % 11));
  return handCorpus({ vocabSize: 12, train: [ids(60), ids(45), ids(80)], validation: [ids(10), ids(10)], predictions: [5, 5] });
}

async function train(run: RunConfig, checkpointPath: string | null = null) {
  const reports: EpochReport[] = [];
  const updates: number[] = [];
  await trainRun(run, corpus(), { onEpoch: (r) => void reports.push(r), onProgress: (p) => void updates.push(p.epoch) }, { backend: 'wasm', checkpointPath });
  return { reports, updates };
}

before(async () => {
  await initBackend('wasm');
});

test('tokens: updates per document = tokens_per_step / (docs × unroll × batch): 15 at num_unroll 1, 3 at 5, both 120 predictions a step', async () => {
  for (const [unroll, perDocument] of [[1, 15], [5, 3]]) {
    const { reports, updates } = await train(config({ schedule: 'tokens', tokens_per_step: 120, num_unroll: unroll }));
    assert.equal(reports.length, 3);
    for (const report of reports) {
      assert.deepEqual(report.documents.map((d) => d.updates), [perDocument, perDocument]);
      assert.equal(report.documents.reduce((sum, d) => sum + d.updates, 0) * unroll * 4, 120);
      assert.equal(updates.filter((epoch) => epoch === report.epoch).length, 2 * perDocument);
    }
  }
  // Under book, the same unrolls see 2 × 4 updates of 4 × unroll predictions: 32 against 160.
  for (const unroll of [1, 5]) {
    const { reports } = await train(config({ num_unroll: unroll }));
    assert.equal(reports[0].documents.reduce((sum, d) => sum + d.updates, 0) * unroll * 4, 32 * unroll);
  }
});

test('tokens at the book budget (docs × updates × unroll × batch) trains exactly as book: same documents, same numbers', async () => {
  const numbers = (r: EpochReport) => ({ ...r, durationMs: 0, tokensPerSec: 0 });
  const book = await train(config({ updates_per_document: 4 }));
  const tokens = await train(config({ schedule: 'tokens', tokens_per_step: 2 * 4 * 5 * 4, updates_per_document: 99 }));
  assert.deepEqual(tokens.reports.map(numbers), book.reports.map(numbers));
});

test('validate_every 2: epochs 1 and 3 validate and generate, epoch 2 stores neither; training is unchanged', async () => {
  const every = await train(config({ validate_every: 2 }));
  const always = await train(config({}));
  assert.deepEqual(every.reports.map((r) => [r.epoch, r.validLossNats === null, r.validPerplexity === null, r.samples.length]), [
    [1, false, false, 1],
    [2, true, true, 0],
    [3, false, false, 1],
  ]);
  assert.deepEqual(every.reports.map((r) => r.trainLossNats), always.reports.map((r) => r.trainLossNats));
  assert.equal(every.reports[2].validLossNats, always.reports[2].validLossNats);
  // The samples are the ones the every-epoch run generates at its first validation (same generation stream).
  assert.deepEqual(every.reports[0].samples, always.reports[0].samples);
});

test('stream concatenated: the reported validation is the float64 stream score of the final weights (20 predictions, state carried)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-stream-'));
  try {
    const path = join(dir, 'run.ckpt.json');
    const run = config({}, { stream: 'concatenated' });
    const { reports } = await train(run, path);
    const perDocument = await train(config({}));
    assert.deepEqual(reports.map((r) => r.trainLossNats), perDocument.reports.map((r) => r.trainLossNats));
    const model = buildModel(run.model, 12, createSeededRandom(99, 'unused'));
    try {
      restoreWeights(model, loadCheckpoint(path).final, path);
      const weights = float64Weights(model.params);
      // The two tails joined: 20 tokens, 19 consecutive pairs, then the notebook's wrap 0 → 1; one state throughout.
      const stream = corpus().validation.flatMap((d) => [...d.tokens]);
      const pairs = [...stream.slice(0, -1).map((id, c) => [id, stream[c + 1]]), [stream[0], stream[1]]];
      let vectors: Float64State = [new Array<number>(8).fill(0)];
      let total = 0;
      for (const [input, target] of pairs) {
        const out = float64RunningStep(run.model, weights, vectors, input);
        vectors = out.vectors;
        const logits = float64Logits(weights, out.features);
        const max = Math.max(...logits);
        total += Math.log(logits.reduce((sum, z) => sum + Math.exp(z - max), 0)) + max - logits[target];
      }
      const last = reports.at(-1)!.validLossNats!;
      assert.ok(Math.abs(last - total / 20) < 1e-5, `${last} vs float64 ${total / 20}`);
      assert.ok(Math.abs(last - perDocument.reports.at(-1)!.validLossNats!) > 1e-4);
    } finally {
      disposeModel(model);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a tokens config built in code with a budget that does not divide is refused before training', () => {
  assert.throws(
    () => checkRunnable(config({ schedule: 'tokens', tokens_per_step: 100 }), corpus()),
    { message: 'train.tokens_per_step: schedule tokens needs a positive multiple of docs_per_step × num_unroll × batch_size = 40; got 100' },
  );
  assert.throws(
    () => checkRunnable(config({ schedule: 'tokens', tokens_per_step: null }), corpus()),
    { message: 'train.tokens_per_step: schedule tokens needs a positive multiple of docs_per_step × num_unroll × batch_size = 40; got null' },
  );
  assert.doesNotThrow(() => checkRunnable(config({ schedule: 'tokens', tokens_per_step: 40 }), corpus()));
});

test('resumed after an epoch without validation, a tokens run validated every 2 on the stream is bit-identical to one never stopped', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-protocols-resume-'));
  try {
    const run = bookRunConfig({
      model: { type: 'rnncf', hidden: 8, context: 4 },
      train: { num_unroll: 5, batch_size: 4, num_steps: 4, docs_per_step: 2, schedule: 'tokens', tokens_per_step: 120, validate_every: 2 },
      generation: { length: 12, decoding: 'sample', noise_std: 2 },
      corpus: { validation: { rule: 'book', documents: 2, tokens_per_document: 10, stream: 'concatenated' } },
    });
    const numbers = (r: EpochReport) => ({ ...r, durationMs: 0, tokensPerSec: 0 });
    const straight: EpochReport[] = [];
    await trainRun(run, corpus(), { onEpoch: (r) => void straight.push(r) }, { backend: 'wasm', checkpointPath: join(dir, 'twin.json') });
    const path = join(dir, 'run.json');
    const controller = new AbortController();
    await assert.rejects(
      trainRun(
        run,
        corpus(),
        { onEpoch: () => {}, onProgress: (p) => void (p.epoch === 3 && p.update === 2 && controller.abort()) },
        { backend: 'wasm', checkpointPath: path, signal: controller.signal },
      ),
      { name: 'AbortError' },
    );
    const checkpoint = loadCheckpoint(path);
    assert.equal(checkpoint.epoch, 2);
    assert.equal(checkpoint.bestEpoch, 1);
    const resumed: EpochReport[] = [];
    await trainRun(run, corpus(), { onEpoch: (r) => void resumed.push(r) }, { backend: 'wasm', checkpointPath: path, resumeFrom: checkpoint });
    assert.deepEqual(resumed.map(numbers), straight.slice(2).map(numbers));
    assert.deepEqual(straight.map((r) => r.validLossNats === null), [false, true, false, true]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
