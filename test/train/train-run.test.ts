// trainRun end to end on hand-made corpora: schedules, learning, determinism, memory, divergence, abort, checkpoints,
// state resets and timing.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, mock, test } from 'node:test';
import type { RunConfig } from '../../src/config/run-config.js';
import { createBatchCursors, nextUnrolledBatch } from '../../src/corpus/batch-cursors.js';
import type { PreparedCorpus } from '../../src/corpus/prepared-corpus.js';
import { initBackend, tf } from '../../src/models/backend.js';
import { buildModel, disposeModel } from '../../src/models/build-model.js';
import { zeroState } from '../../src/models/recurrent-model.js';
import { createSeededRandom } from '../../src/models/seeded-random.js';
import { loadCheckpoint, restoreWeights } from '../../src/train/checkpoint.js';
import { trainRun } from '../../src/train/train-run.js';
import { createUpdateEngine } from '../../src/train/update-engine.js';
import { encodeSeedText, formatTokens, generateTokens } from '../../src/train/generate-text.js';
import type { EpochReport } from '../../src/train/training-events.js';
import { bookRunConfig, handCorpus, periodicIds } from '../helpers/engine-fixtures.js';
import { float64ValidationLoss, float64Weights } from '../helpers/float64-models.js';

function tinyConfig(overrides: Parameters<typeof bookRunConfig>[0] = {}): RunConfig {
  return bookRunConfig({
    ...overrides,
    model: { hidden: 8, context: 4, layers: [8, 4], ...overrides.model },
    train: { num_unroll: 5, batch_size: 4, num_steps: 3, docs_per_step: 2, updates_per_document: 4, ...overrides.train },
    generation: { length: 12, ...overrides.generation },
    corpus: { validation: { rule: 'book', documents: 1, tokens_per_document: 10, stream: 'per_document' }, ...overrides.corpus },
  });
}

function tinyCorpus(vocabSize = 12, seed = 3): PreparedCorpus {
  let x = seed;
  const ids = (n: number) => Array.from({ length: n }, () => 1 + ((x = (x * 1103515245 + 12345) % 2147483648) % (vocabSize - 1)));
  return handCorpus({ vocabSize, train: [ids(60), ids(45), ids(80)], validation: [ids(10)], predictions: [5] });
}

async function collect(config: RunConfig, corpus: PreparedCorpus, checkpointPath: string | null = null) {
  const reports: EpochReport[] = [];
  const progressLosses: number[] = [];
  const outcome = await trainRun(
    config,
    corpus,
    { onEpoch: (r) => void reports.push(r), onProgress: (p) => void progressLosses.push(p.lossNats) },
    { backend: 'wasm', checkpointPath },
  );
  return { reports, outcome, progressLosses };
}

/** A report without its timing fields (which differ between identical runs). */
const numbersOf = (r: EpochReport) => ({ ...r, durationMs: 0, tokensPerSec: 0 });

before(async () => {
  await initBackend('wasm');
});

describe('trainRun, book schedule', () => {
  test('reports every step with its documents, validation and a sample', async () => {
    const { reports, outcome, progressLosses } = await collect(tinyConfig(), tinyCorpus());
    assert.equal(reports.length, 3);
    assert.deepEqual(outcome.status, 'finished');
    assert.equal(outcome.epochs, 3);
    for (const [k, r] of reports.entries()) {
      assert.equal(r.epoch, k + 1);
      assert.equal(r.documents.length, 2);
      assert.notEqual(r.documents[0].document, r.documents[1].document); // without repetition within a step
      assert.ok(r.documents.every((d) => d.updates === 4));
      // Train loss = mean of the step's per-update losses; perplexity = exp of it.
      const stepLosses = progressLosses.slice(k * 8, (k + 1) * 8);
      assert.ok(Math.abs(r.trainLossNats - stepLosses.reduce((a, b) => a + b, 0) / 8) < 1e-12);
      assert.ok(Math.abs(r.trainPerplexity - Math.exp(r.trainLossNats)) < 1e-9);
      const docMean = (r.documents[0].lossNats + r.documents[1].lossNats) / 2;
      assert.ok(Math.abs(docMean - r.trainLossNats) < 1e-12);
      assert.ok(r.validPerplexity !== null && Number.isFinite(r.validPerplexity));
      assert.equal(r.samples.length, 1);
      assert.equal(r.samples[0].decoding, 'greedy');
      assert.equal(r.samples[0].text.length, 12); // 12 one-character tokens
    }
    const best = Math.min(...reports.map((r) => r.validPerplexity!));
    assert.equal(outcome.bestValidPerplexity, best);
    assert.equal(reports[outcome.bestEpoch! - 1].validPerplexity, best);
  });

  test('the first loss is ln(vocabulary size) at σ 0.02', async () => {
    for (const type of ['rnn', 'rnncf', 'stacked', 'lstm'] as const) {
      const { progressLosses } = await collect(tinyConfig({ model: { type }, train: { num_steps: 1, updates_per_document: 1 } }), tinyCorpus(40));
      assert.ok(Math.abs(progressLosses[0] - Math.log(40)) < 0.01, `${type}: ${progressLosses[0]} vs ln 40 = ${Math.log(40)}`);
    }
  });

  test('is deterministic for a seed and differs across seeds', async () => {
    for (const type of ['rnn', 'rnncf'] as const) {
      const config = tinyConfig({ model: { type }, generation: { decoding: 'sample' } });
      const a = await collect(config, tinyCorpus());
      const b = await collect(config, tinyCorpus());
      assert.deepEqual(a.reports.map(numbersOf), b.reports.map(numbersOf));
      const c = await collect({ ...config, seed: 2 }, tinyCorpus());
      assert.notDeepEqual(c.reports.map(numbersOf), a.reports.map(numbersOf));
    }
  });

  test('keeps tf.memory().numTensors flat across updates, validation and generation, and frees everything', async () => {
    for (const type of ['rnn', 'rnncf', 'stacked', 'lstm'] as const) {
      const before = tf.memory().numTensors;
      const atProgress: number[] = [];
      const atEpoch: number[] = [];
      await trainRun(
        tinyConfig({ model: { type }, train: { num_steps: 4 } }),
        tinyCorpus(),
        { onEpoch: () => void atEpoch.push(tf.memory().numTensors), onProgress: () => void atProgress.push(tf.memory().numTensors) },
        { backend: 'wasm' },
      );
      // Warm-up: the first update (and generation state switching from zeros to noise) may allocate; then flat.
      assert.equal(new Set(atProgress.slice(1)).size, 1, `${type}: ${atProgress}`);
      assert.equal(new Set(atEpoch).size, 1, `${type}: ${atEpoch}`);
      assert.equal(tf.memory().numTensors, before, `${type}: tensors left after trainRun`);
    }
  });
});

describe('trainRun, learning', () => {
  test('learns a tiny repetitive corpus to near-zero loss', async () => {
    for (const type of ['rnn', 'rnncf', 'lstm'] as const) {
      const doc = periodicIds(5, 200);
      const corpus = handCorpus({ vocabSize: 8, train: [doc], validation: [periodicIds(5, 30)] });
      const config = tinyConfig({
        model: { type, hidden: 16, context: 8, variant: 'paper', activation: 'tanh' },
        train: { learning_rate: 0.05, num_steps: 5, docs_per_step: 1, updates_per_document: 40, batch_size: 8, num_unroll: 10 },
      });
      const { reports } = await collect(config, corpus);
      const last = reports[reports.length - 1];
      assert.ok(last.trainLossNats < 0.05, `${type}: final train loss ${last.trainLossNats}`);
      assert.ok(last.validLossNats! < 0.05, `${type}: final validation loss ${last.validLossNats}`);
      assert.ok(last.samples[0].text.length === 12);
    }
  });
});

describe('trainRun, epochs schedule', () => {
  test('visits every training document once per epoch', async () => {
    const updates: number[] = [];
    const reports: EpochReport[] = [];
    await trainRun(
      tinyConfig({ train: { schedule: 'epochs', epochs: 2 } }),
      tinyCorpus(),
      { onEpoch: (r) => void reports.push(r), onProgress: (p) => void updates.push(p.updatesPerEpoch) },
      { backend: 'wasm' },
    );
    assert.equal(reports.length, 2);
    // ⌊(⌊N/B⌋ - 1) / T⌋ updates per document: N = 60, 45, 80 with B 4, T 5 → 2 + 2 + 3.
    assert.deepEqual(new Set(updates), new Set([7]));
    assert.deepEqual(reports[0].documents, []);
  });
});

describe('trainRun, failure modes', () => {
  test('stops after reporting the epoch whose loss became non-finite, training nothing after the diverged update', async () => {
    const { reports, outcome, progressLosses } = await collect(
      tinyConfig({ train: { learning_rate: 3e38, clip_norm: 0, num_steps: 5 } }),
      tinyCorpus(),
    );
    assert.equal(outcome.status, 'diverged');
    assert.equal(reports.length, outcome.epochs);
    const last = reports[reports.length - 1];
    assert.ok(!Number.isFinite(last.trainLossNats));
    assert.equal(last.validPerplexity, null);
    assert.ok(reports.slice(0, -1).every((r) => Number.isFinite(r.trainLossNats)));
    // The book schedule visits 2 documents per epoch here, and the update that diverges is not in the last one
    // visited: neither a later update of its document nor a later document of the epoch may be trained.
    const firstNonFinite = progressLosses.findIndex((loss) => !Number.isFinite(Math.exp(loss)));
    assert.equal(firstNonFinite, progressLosses.length - 1, `updates after the diverged one: ${progressLosses.length - 1 - firstNonFinite}`);
    assert.ok(!Number.isFinite(last.documents[last.documents.length - 1].perplexity));
    assert.ok(last.documents.slice(0, -1).every((d) => Number.isFinite(d.perplexity)));
  });

  test('a finite loss too large for its perplexity to be represented also counts as diverged', async () => {
    const { reports, outcome } = await collect(tinyConfig({ train: { learning_rate: 1e6, clip_norm: 0, num_steps: 5 } }), tinyCorpus());
    assert.equal(outcome.status, 'diverged');
    const last = reports[reports.length - 1];
    assert.equal(last.trainPerplexity, Infinity);
    assert.equal(last.validPerplexity, null);
  });

  test('rejects with an AbortError between updates when the signal is aborted, leaking nothing', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    let seen = 0;
    await assert.rejects(
      trainRun(tinyConfig(), tinyCorpus(), { onEpoch: () => {}, onProgress: () => void (++seen === 3 && controller.abort()) }, {
        backend: 'wasm',
        signal: controller.signal,
      }),
      { name: 'AbortError' },
    );
    assert.equal(seen, 3);
    assert.equal(tf.memory().numTensors, before);
  });

  test('an abort from another task (a timer, a signal handler) lands before the next update', async () => {
    // The abort is queued as a macrotask, as a SIGINT handler's would be: training must give the event loop a turn
    // between updates for it to run, not only await a resolved promise.
    const controller = new AbortController();
    let seen = 0;
    const onProgress = () => void (++seen === 1 && setImmediate(() => controller.abort()));
    await assert.rejects(
      trainRun(tinyConfig(), tinyCorpus(), { onEpoch: () => {}, onProgress }, { backend: 'wasm', signal: controller.signal }),
      { name: 'AbortError' },
    );
    assert.equal(seen, 1);
  });

  test('fails before training when a document is too short for the batch', async () => {
    const corpus = handCorpus({ vocabSize: 5, train: [periodicIds(4, 40), periodicIds(4, 4)], validation: [periodicIds(4, 10)] });
    await assert.rejects(trainRun(tinyConfig(), corpus, { onEpoch: () => assert.fail('trained') }, { backend: 'wasm' }), {
      name: 'UserError',
      message: '002.txt: training document has 4 tokens after its validation tail is removed; train.batch_size 4 with corpus.layout book needs at least 5',
    });
  });
});

describe('trainRun, checkpoints', () => {
  test('writes final and best weights with the vocabulary and config; validation of each gives the reported perplexity', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnnlab-ckpt-'));
    try {
      const path = join(dir, 'run.ckpt.json');
      const config = tinyConfig({ model: { type: 'rnncf' } });
      const corpus = tinyCorpus();
      const { outcome, reports } = await collect(config, corpus, path);
      const checkpoint = loadCheckpoint(path);
      assert.deepEqual(checkpoint.config, config);
      assert.deepEqual(checkpoint.vocabulary, corpus.vocabulary);
      assert.equal(checkpoint.epoch, 3);
      assert.equal(checkpoint.bestEpoch, outcome.bestEpoch);
      assert.deepEqual(Object.keys(checkpoint.final).sort(), ['A', 'B', 'P', 'R', 'W_out']);
      assert.deepEqual(checkpoint.final.W_out.shape, [12, 12]);
      assert.equal(Buffer.from(checkpoint.final.A.float32, 'base64').byteLength, 12 * 8 * 4);
      assert.ok(checkpoint.best !== null);
      // The best weights are the ones that scored the best validation perplexity: the float64 running recurrence
      // on them gives it back (book RNN-CF validation graph; the fixture scores 5 predictions of its one sequence).
      const model = buildModel(config.model, 12, createSeededRandom(99, 'unused'));
      try {
        restoreWeights(model, checkpoint.best, path);
        const { lossNats } = float64ValidationLoss(config.model, float64Weights(model.params), model.stateSizes, corpus.validation.map((d) => d.tokens), corpus.validationPredictions);
        assert.ok(Math.abs(Math.exp(lossNats) / outcome.bestValidPerplexity! - 1) < 1e-5, `${Math.exp(lossNats)} vs ${outcome.bestValidPerplexity}`);
        restoreWeights(model, checkpoint.final, path);
        const final = float64ValidationLoss(config.model, float64Weights(model.params), model.stateSizes, corpus.validation.map((d) => d.tokens), corpus.validationPredictions);
        const finalReported = reports.at(-1)!.validPerplexity!;
        assert.ok(Math.abs(Math.exp(final.lossNats) / finalReported - 1) < 1e-5, `${Math.exp(final.lossNats)} vs ${finalReported}`);
      } finally {
        disposeModel(model);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('trainRun, learned α', () => {
  test('each epoch reports α = sigmoid(alpha_logit) per context unit, as the checkpoint holds it; fixed α reports none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnnlab-alpha-'));
    try {
      const path = join(dir, 'run.ckpt.json');
      const config = tinyConfig({ model: { type: 'rnncf', alpha: 0.9, learn_alpha: true }, train: { learning_rate: 0.05 } });
      const { reports } = await collect(config, tinyCorpus(), path);
      const alphas = reports.map((report) => report.learnedAlpha!);
      assert.deepEqual(alphas.map((alpha) => alpha.length), [4, 4, 4], 'one value per context unit, every epoch');
      // Trained: every unit has moved off its start, 0.9, and differently from the others.
      for (const alpha of alphas) for (const value of alpha) assert.ok(value > 0 && value < 1 && Math.abs(value - 0.9) > 1e-4, String(value));
      assert.ok(new Set(alphas[2]).size > 1, 'per unit, not one shared α');
      assert.notDeepEqual(alphas[0], alphas[2]);
      // The last epoch's values are those of the checkpoint's final weights, computed here independently.
      const stored = loadCheckpoint(path).final.alpha_logit;
      const logits = new Float32Array(new Uint8Array(Buffer.from(stored.float32, 'base64')).buffer);
      assert.deepEqual(alphas[2], Array.from(logits, (z) => 1 / (1 + Math.exp(-z))));
      const fixed = await collect(tinyConfig({ model: { type: 'rnncf', alpha: 0.9, learn_alpha: false } }), tinyCorpus());
      assert.deepEqual(fixed.reports.map((report) => report.learnedAlpha), [null, null, null]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('trainRun, validation epochs and the best one', () => {
  test('validate_every 3 validates epochs 1 and 4 of 5; the best epoch and perplexity are the lowest validated ones', async () => {
    // The fixture's validation tokens are random: at learning rate 0.1 training overfits, so validation is best at
    // epoch 1 and worse at 4 (checked below), and a best that simply followed the last epoch would show.
    const config = tinyConfig({ train: { num_steps: 5, validate_every: 3, learning_rate: 0.1 } });
    const { reports, outcome } = await collect(config, tinyCorpus());
    const validated = reports.filter((r) => r.validPerplexity !== null);
    assert.deepEqual(validated.map((r) => r.epoch), [1, 4]);
    assert.ok(reports.every((r) => (r.validPerplexity === null) === (r.samples.length === 0)), 'samples only on validated epochs');
    const lowest = validated.reduce((best, r) => (r.validPerplexity! < best.validPerplexity! ? r : best));
    assert.equal(outcome.bestEpoch, lowest.epoch);
    assert.equal(outcome.bestValidPerplexity, lowest.validPerplexity);
    assert.notEqual(lowest.epoch, validated.at(-1)!.epoch, `the fixture should make the best epoch not the last: ${validated.map((r) => r.validPerplexity).join(', ')}`);
  });
});

describe('trainRun, when the carried training state returns to zeros', () => {
  /**
   * The book loop written out by hand: each step, the documents permutation(train)[:docs_per_step] of the 'schedule'
   * stream, each given updates_per_document updates from its own cursors, on a fresh engine of the same seed; the
   * carried state zeroed before every document or once at the start of every step. Returns each step's mean loss
   * per document.
   */
  function handLoop(config: RunConfig, corpus: PreparedCorpus, resetAt: 'document' | 'step'): number[][] {
    const { num_unroll: numUnroll, batch_size: batchSize } = config.train;
    const model = buildModel(config.model, corpus.vocabulary.tokens.length, createSeededRandom(config.seed, 'init'));
    const engine = createUpdateEngine(model, config.model, {
      numUnroll,
      batchSize,
      clipNorm: config.train.clip_norm,
      adam: { learningRate: config.train.learning_rate, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    });
    const schedule = createSeededRandom(config.seed, 'schedule');
    const cursors = corpus.train.map((doc) => createBatchCursors(doc.tokens, batchSize, config.corpus.layout));
    try {
      const steps: number[][] = [];
      for (let step = 0; step < config.train.num_steps; step++) {
        const documents = schedule.permutation(corpus.train.length).slice(0, config.train.docs_per_step);
        if (resetAt === 'step') engine.resetState();
        steps.push(
          documents.map((index) => {
            if (resetAt === 'document') engine.resetState();
            let sum = 0;
            for (let u = 0; u < config.train.updates_per_document; u++) sum += engine.update(nextUnrolledBatch(cursors[index], numUnroll)).lossNats;
            return sum / config.train.updates_per_document;
          }),
        );
      }
      return steps;
    } finally {
      engine.dispose();
      disposeModel(model);
    }
  }

  test('document: before every document; step: once per step, carried across its documents', async () => {
    const corpus = tinyCorpus();
    const losses: Record<string, number[][]> = {};
    for (const reset of ['document', 'step'] as const) {
      // Larger weights than the book's σ 0.02, so the carried state moves the loss visibly.
      const config = tinyConfig({ model: { init_std: 0.5 }, train: { state_reset: reset, updates_per_document: 2 } });
      const { reports } = await collect(config, corpus);
      losses[reset] = reports.map((r) => r.documents.map((d) => d.lossNats));
      assert.deepEqual(losses[reset], handLoop(config, corpus, reset), reset);
    }
    // Each step's first document starts from zeros under both; the second differs, so the test tells them apart.
    for (let step = 0; step < 3; step++) {
      assert.notEqual(losses.document[step][1], losses.step[step][1], `step ${step + 1}`);
    }
  });
});

describe('trainRun, timing', () => {
  test('tokens/s is the step\'s predictions over the time spent in updates; the duration spans the whole step', async () => {
    // A clock that advances 1 ms per reading: nothing between an update's two readings reads it, so every update
    // takes 1 ms, and validation and generation add readings of their own.
    let clock = 0;
    const ends: number[] = [];
    const reports: EpochReport[] = [];
    mock.method(performance, 'now', () => clock++);
    try {
      const config = tinyConfig({ train: { num_steps: 2, updates_per_document: 3 } });
      await trainRun(config, tinyCorpus(), { onEpoch: (r) => void (reports.push(r), ends.push(clock)) }, { backend: 'wasm' });
    } finally {
      mock.restoreAll();
    }
    const updates = 2 * 3;
    const predictions = updates * 5 * 4; // × num_unroll × batch_size
    for (const [i, report] of reports.entries()) {
      assert.equal(report.tokensPerSec, predictions / (updates / 1000));
      const span = ends[i] - (i === 0 ? 0 : ends[i - 1]);
      assert.ok(report.durationMs >= updates && report.durationMs <= span, `duration ${report.durationMs} outside [${updates}, ${span}]`);
    }
  });
});

describe('trainRun, generated samples', () => {
  test('each validated epoch decodes `segments` samples with its weights from the seed text; a zeros reset restarts each from zeros', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnnlab-samples-'));
    try {
      const path = join(dir, 'run.json');
      // noise_std 2 under both resets: under zeros it must go unused.
      const generation = { length: 12, segments: 3, decoding: 'greedy' as const, seed_text: 'cab', noise_std: 2 };
      // σ 0.5: weights far enough from zero that greedy text depends on the state it starts from.
      const config = tinyConfig({ model: { init_std: 0.5 }, train: { num_steps: 2 }, generation: { ...generation, reset: 'zeros' } });
      const corpus = tinyCorpus();
      const { reports } = await collect(config, corpus, path);
      // Independently: greedy decoding of "cab" from a zero state with the weights the last epoch ended with.
      const model = buildModel(config.model, corpus.vocabulary.tokens.length, createSeededRandom(0, 'unused'));
      const state = zeroState(model.stateSizes, 1);
      let expected: string;
      try {
        restoreWeights(model, loadCheckpoint(path).final, path);
        const seed = encodeSeedText('cab', corpus.vocabulary);
        assert.deepEqual([...seed], [3, 1, 2]);
        const options = { length: 12, decoding: 'greedy' as const, temperature: 1, topK: 1, random: createSeededRandom(0, 'unused') };
        expected = formatTokens(generateTokens(model, seed, state, options), corpus.vocabulary);
      } finally {
        tf.dispose(state);
        disposeModel(model);
      }
      assert.deepEqual(reports[1].samples, [1, 2, 3].map(() => ({ seedText: 'cab', decoding: 'greedy', text: expected })));
      // After a noise reset the later segments start from noise instead, and their text shows it.
      const noisy = await collect(tinyConfig({ ...config, generation: { ...generation, reset: 'noise' } }), corpus);
      const texts = noisy.reports[1].samples.map((sample) => sample.text);
      assert.ok(texts.some((text) => text !== expected), `noise changed nothing: ${texts.join(' | ')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('without a seed text, each sample starts from one token among the first 100 of a non-empty seed document', async () => {
    // Seed documents: an empty one (never drawn), and one whose first 100 tokens are "a" and the rest "b".
    const corpus = { ...tinyCorpus(), seedDocuments: [
      { name: 'empty.txt', tokens: new Int32Array(0) },
      { name: 'long.txt', tokens: Int32Array.from({ length: 300 }, (_, i) => (i < 100 ? 1 : 2)) },
    ] };
    const { reports } = await collect(tinyConfig({ generation: { length: 3, segments: 10 } }), corpus);
    const seeds = reports.flatMap((r) => r.samples.map((sample) => sample.seedText));
    assert.equal(seeds.length, 30);
    assert.deepEqual(new Set(seeds), new Set(['a']));
  });
});
