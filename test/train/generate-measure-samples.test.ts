// generation.measure: how many samples, from which seed texts and weights, independent of the display samples and
// of training, leak-free.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { MeasureConfig, RunConfig } from '../../src/config/run-config.js';
import type { PreparedCorpus } from '../../src/corpus/prepared-corpus.js';
import { initBackend, tf } from '../../src/models/backend.js';
import { buildModel, disposeModel } from '../../src/models/build-model.js';
import { createSeededRandom } from '../../src/models/seeded-random.js';
import { captureWeights, loadCheckpoint } from '../../src/train/checkpoint.js';
import { generateFromCheckpoint } from '../../src/train/generate-from-checkpoint.js';
import { generateMeasureSamples } from '../../src/train/generate-measure-samples.js';
import { trainRun } from '../../src/train/train-run.js';
import type { EpochReport, MeasureSample, TrainingOutcome } from '../../src/train/training-events.js';
import { bookRunConfig, handCorpus } from '../helpers/engine-fixtures.js';

const MEASURE: MeasureConfig = { samples: 6, length: 15, decodings: ['greedy', 'sample', 'top_k'], temperature: 1, top_k: 3, at: ['best', 'final'] };

/** Four steps validated at 1 and 3 only (validate_every 2): the best epoch is never the final one (4). */
function config(measure: MeasureConfig | null): RunConfig {
  return bookRunConfig({
    model: { type: 'rnncf', hidden: 8, context: 4 },
    train: { num_unroll: 5, batch_size: 4, num_steps: 4, docs_per_step: 2, updates_per_document: 3, learning_rate: 0.05, validate_every: 2 },
    generation: { length: 12, segments: 2, decoding: 'sample', reset: 'noise', noise_std: 2, measure },
    corpus: { validation: { rule: 'book', documents: 1, tokens_per_document: 10, stream: 'per_document' } },
    seed: 7,
  });
}

function corpus(): PreparedCorpus {
  let x = 5;
  const ids = (n: number) => Array.from({ length: n }, () => 1 + ((x = (x * 1103515245 + 12345) % 2147483648) % 11));
  return handCorpus({ vocabSize: 12, train: [ids(60), ids(45), ids(80)], validation: [ids(10)], predictions: [5] });
}

const numbersOf = (r: EpochReport) => ({ ...r, durationMs: 0, tokensPerSec: 0 });

let dir = '';
before(async () => {
  await initBackend('wasm');
  dir = mkdtempSync(join(tmpdir(), 'rnnlab-measure-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function train(run: RunConfig, path: string | null = null): Promise<{ reports: EpochReport[]; outcome: TrainingOutcome }> {
  const reports: EpochReport[] = [];
  const outcome = await trainRun(run, corpus(), { onEpoch: (r) => void reports.push(r) }, { backend: 'wasm', checkpointPath: path });
  return { reports, outcome };
}

const pick = (samples: MeasureSample[], checkpoint: string, decoding: string) =>
  samples.filter((s) => s.checkpoint === checkpoint && s.decoding === decoding).sort((a, b) => a.sampleIndex - b.sampleIndex);

test('a finished run: samples × decodings × checkpoints samples, book-rule seed texts from their own stream, the right weights', async () => {
  const path = join(dir, 'measured.json');
  const measured = await train(config(MEASURE), path);
  const plain = await train(config(null), join(dir, 'plain.json'));
  // Training and the display samples are the same with and without the measure samples.
  assert.deepEqual(measured.reports.map(numbersOf), plain.reports.map(numbersOf));
  assert.ok(measured.reports.some((r) => r.samples.length > 0));
  assert.deepEqual(plain.outcome.measureSamples, []);
  assert.deepEqual(loadCheckpoint(path).final, loadCheckpoint(join(dir, 'plain.json')).final);

  const samples = measured.outcome.measureSamples!;
  assert.equal(samples.length, 6 * 3 * 2);
  assert.equal(new Set(samples.map((s) => `${s.checkpoint} ${s.decoding} ${s.sampleIndex}`)).size, samples.length);
  const bestEpoch = measured.outcome.bestEpoch!;
  assert.ok(bestEpoch === 1 || bestEpoch === 3, `best epoch ${bestEpoch}`);
  for (const s of samples) {
    assert.equal(s.epoch, s.checkpoint === 'best' ? bestEpoch : 4);
    assert.equal(s.text.replaceAll('UNK', '_').length, 15); // one-character tokens, UNK printed as UNK
  }
  // The seed texts, drawn independently here by the book's rule (document, then a position among its first 100)
  // from the stream "measure-samples": the same six at every checkpoint and decoding, not all alike.
  const random = createSeededRandom(7, 'measure-samples');
  const documents = corpus().seedDocuments;
  const tokens = corpus().vocabulary.tokens;
  const expectedSeeds = Array.from({ length: 6 }, () => {
    const doc = documents[random.int(documents.length)];
    return tokens[doc.tokens[random.int(Math.min(100, doc.tokens.length))]];
  });
  assert.ok(new Set(expectedSeeds).size > 1, 'the fixture draws different seed texts');
  for (const checkpoint of ['best', 'final']) {
    for (const decoding of MEASURE.decodings) {
      assert.deepEqual(pick(samples, checkpoint, decoding).map((s) => s.seedText), expectedSeeds, `${checkpoint} ${decoding}`);
    }
  }
  // Greedy samples are what `rnnlab generate` decodes from the run's checkpoint (best or final weights), from a zero
  // state and the same seed text.
  const checkpoint = loadCheckpoint(path);
  assert.equal(checkpoint.bestEpoch, bestEpoch);
  for (const weights of ['best', 'final'] as const) {
    for (const s of pick(samples, weights, 'greedy')) {
      const options = { weights, length: 15, decoding: 'greedy' as const, temperature: 1, topK: 3, seedText: s.seedText, seed: 1 };
      assert.equal(s.text, generateFromCheckpoint(checkpoint, options, path).text, `${weights} sample ${s.sampleIndex}`);
    }
  }
  const texts = (c: string, d: string) => pick(samples, c, d).map((s) => s.text);
  assert.notDeepEqual(texts('best', 'greedy'), texts('final', 'greedy'), 'best and final weights decode alike');
  assert.notDeepEqual(texts('final', 'sample'), texts('final', 'greedy'));
  // Greedy is deterministic: samples from the same seed text are the same text.
  const bySeed = new Map<string, string>();
  for (const s of pick(samples, 'final', 'greedy')) assert.equal(bySeed.get(s.seedText) ?? s.text, s.text), bySeed.set(s.seedText, s.text);

  // Each checkpoint and decoding draws from its own stream: asking for fewer leaves the others' samples as they were.
  const fewer = await train(config({ ...MEASURE, decodings: ['top_k'], at: ['final'] }));
  assert.deepEqual(fewer.outcome.measureSamples, pick(samples, 'final', 'top_k'));
});

test('generating measure samples leaves no tensor behind', async () => {
  const run = config(MEASURE);
  const model = buildModel(run.model, 12, createSeededRandom(1, 'init'));
  const other = buildModel(run.model, 12, createSeededRandom(2, 'init'));
  try {
    const weights = { final: { epoch: 2 }, best: { epoch: 1, weights: captureWeights(other) } };
    const generate = () => generateMeasureSamples(model, MEASURE, corpus().seedDocuments, corpus().vocabulary, 1, weights);
    await generate(); // warm-up: kernels may keep buffers on first use
    const tensors = tf.memory().numTensors;
    const samples = await generate();
    assert.equal(samples.length, 36);
    assert.equal(tf.memory().numTensors, tensors);
  } finally {
    disposeModel(model);
    disposeModel(other);
  }
});
