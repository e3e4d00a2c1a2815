// trainRun resumed from a checkpoint: its epochs equal, bit for bit, those of a run that was never stopped; every part
// of the checkpoint (optimizer, cursors, generation state, each random stream) is needed for that.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RunConfig } from '../../src/config/run-config.js';
import type { PreparedCorpus } from '../../src/corpus/prepared-corpus.js';
import { initBackend, tf } from '../../src/models/backend.js';
import { loadCheckpoint, type Checkpoint } from '../../src/train/checkpoint.js';
import { trainRun } from '../../src/train/train-run.js';
import type { EpochReport } from '../../src/train/training-events.js';
import { bookRunConfig, handCorpus } from '../helpers/engine-fixtures.js';

/** Every random stream in use: book schedule, sampled text from random seeds, noise after each segment. */
function resumableConfig(overrides: Parameters<typeof bookRunConfig>[0] = {}): RunConfig {
  return bookRunConfig({
    model: { type: 'rnncf', hidden: 8, context: 4, layers: [8, 4], ...overrides.model },
    train: { num_unroll: 5, batch_size: 4, num_steps: 4, docs_per_step: 2, updates_per_document: 3, learning_rate: 0.01, ...overrides.train },
    // Noise large enough to change the sampled text, so a wrong noise stream shows.
    generation: { length: 12, segments: 2, decoding: 'sample', reset: 'noise', noise_std: 2, ...overrides.generation },
    corpus: { validation: { rule: 'book', documents: 1, tokens_per_document: 10, stream: 'per_document' }, ...overrides.corpus },
  });
}

function corpus(): PreparedCorpus {
  let x = 5;
  const ids = (n: number) => Array.from({ length: n }, () => 1 + ((x = (x * 1103515245 + 12345) % 2147483648) % 11));
  return handCorpus({ vocabSize: 12, train: [ids(60), ids(45), ids(80)], validation: [ids(10)], predictions: [5] });
}

/** A report without its timing fields (which differ between identical runs). */
const numbersOf = (r: EpochReport) => ({ ...r, durationMs: 0, tokensPerSec: 0 });

let dir: string;
before(async () => {
  await initBackend('wasm');
  dir = mkdtempSync(join(tmpdir(), 'rnnlab-resume-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function trainStraight(config: RunConfig, path: string): Promise<EpochReport[]> {
  const reports: EpochReport[] = [];
  await trainRun(config, corpus(), { onEpoch: (r) => void reports.push(r) }, { backend: 'wasm', checkpointPath: path });
  return reports;
}

/** Trains until `updatesIntoEpoch` updates into epoch `stopEpoch`, then aborts (as a kill would stop it mid-epoch). */
async function trainUntilStopped(config: RunConfig, path: string, stopEpoch: number, updatesIntoEpoch: number): Promise<EpochReport[]> {
  const controller = new AbortController();
  const reports: EpochReport[] = [];
  await assert.rejects(
    trainRun(
      config,
      corpus(),
      {
        onEpoch: (r) => void reports.push(r),
        onProgress: (p) => void (p.epoch === stopEpoch && p.update === updatesIntoEpoch && controller.abort()),
      },
      { backend: 'wasm', checkpointPath: path, signal: controller.signal },
    ),
    { name: 'AbortError' },
  );
  return reports;
}

async function resume(config: RunConfig, checkpoint: Checkpoint, path: string): Promise<EpochReport[]> {
  const reports: EpochReport[] = [];
  const outcome = await trainRun(config, corpus(), { onEpoch: (r) => void reports.push(r) }, {
    backend: 'wasm',
    checkpointPath: path,
    resumeFrom: checkpoint,
  });
  assert.equal(outcome.epochs, config.train.num_steps);
  return reports;
}

describe('trainRun resumed from a checkpoint', () => {
  for (const type of ['rnn', 'rnncf', 'lstm', 'stacked'] as const) {
    test(`${type}: stopped mid-epoch 3 and resumed, epochs 3 and 4 are bit-identical to a run never stopped`, async () => {
      const config = resumableConfig({ model: { type } });
      const twinPath = join(dir, `${type}-twin.json`);
      const path = join(dir, `${type}.json`);
      const straight = await trainStraight(config, twinPath);
      const before = await trainUntilStopped(config, path, 3, 4);
      assert.deepEqual(before.map(numbersOf), straight.slice(0, 2).map(numbersOf));
      const checkpoint = loadCheckpoint(path);
      assert.equal(checkpoint.epoch, 2);
      const tensors = tf.memory().numTensors;
      const resumed = await resume(config, checkpoint, path);
      assert.equal(tf.memory().numTensors, tensors, 'resuming leaked tensors');
      assert.deepEqual(resumed.map((r) => r.epoch), [3, 4]);
      assert.deepEqual(resumed.map(numbersOf), straight.slice(2).map(numbersOf));
      // The final checkpoints agree too (weights, moments, cursors, states, random streams, best).
      assert.equal(readFileSync(path, 'utf8'), readFileSync(twinPath, 'utf8'));
    });
  }

  test('each part of the checkpoint matters: without it the resumed epochs differ', async () => {
    const config = resumableConfig();
    const straight = await trainStraight(config, join(dir, 'parts-twin.json'));
    const path = join(dir, 'parts.json');
    await trainUntilStopped(config, path, 3, 1);
    const pristine = loadCheckpoint(path);
    // What a resume that forgot a part would start from.
    const tampered: [string, (c: Checkpoint) => void][] = [
      ['optimizer moments', (c) => Object.values(c.resume!.adam.slots).forEach((s) => (s.m.fill(0), s.v.fill(0)))],
      ['optimizer step count', (c) => (c.resume!.adam.iterations = 0)],
      ['batch cursors', (c) => c.resume!.cursors.forEach((p) => p.fill(0))],
      ['generation state', (c) => c.resume!.generation.forEach((g) => g.fill(0))],
      ['schedule random stream', (c) => (c.resume!.random.schedule = c.resume!.random.generation)],
      ['generation random stream', (c) => (c.resume!.random.generation = c.resume!.random.schedule)],
      ['noise random stream', (c) => (c.resume!.random['generation-noise'] = c.resume!.random.schedule)],
    ];
    assert.deepEqual((await resume(config, pristine, join(dir, 'parts-ok.json'))).map(numbersOf), straight.slice(2).map(numbersOf));
    for (const [part, tamper] of tampered) {
      const checkpoint = loadCheckpoint(path);
      tamper(checkpoint);
      const resumed = await resume(config, checkpoint, join(dir, 'parts-bad.json'));
      assert.notDeepEqual(resumed.map(numbersOf), straight.slice(2).map(numbersOf), `resuming without the ${part} went unnoticed`);
    }
  });

  test('generation.measure: a resumed run generates the same measure samples as one never stopped', async () => {
    // validate_every 3: best is epoch 1 (restored from the checkpoint by the resumed run), final is epoch 4.
    const measure = { samples: 3, length: 10, decodings: ['greedy' as const, 'sample' as const], temperature: 1, top_k: 5, at: ['best' as const, 'final' as const] };
    const config = resumableConfig({ generation: { measure }, train: { validate_every: 3 } });
    const straight = await trainRun(config, corpus(), { onEpoch: () => {} }, { backend: 'wasm', checkpointPath: join(dir, 'measure-twin.json') });
    const path = join(dir, 'measure.json');
    await trainUntilStopped(config, path, 3, 2);
    const resumed = await trainRun(config, corpus(), { onEpoch: () => {} }, { backend: 'wasm', resumeFrom: loadCheckpoint(path) });
    assert.equal(straight.measureSamples!.length, 3 * 2 * 2);
    assert.deepEqual(straight.measureSamples!.map((s) => [s.checkpoint, s.epoch]).filter((_, i) => i % 6 === 0), [['final', 4], ['best', 1]]);
    assert.deepEqual(resumed.measureSamples, straight.measureSamples);
  });

  test('the epochs schedule resumes bit-identically too', async () => {
    const config = resumableConfig({ train: { schedule: 'epochs', epochs: 3 } });
    const straight: EpochReport[] = [];
    await trainRun(config, corpus(), { onEpoch: (r) => void straight.push(r) }, { backend: 'wasm' });
    const path = join(dir, 'epochs.json');
    const controller = new AbortController();
    await assert.rejects(
      trainRun(config, corpus(), { onEpoch: () => {}, onProgress: (p) => void (p.epoch === 2 && p.update === 3 && controller.abort()) }, {
        backend: 'wasm',
        checkpointPath: path,
        signal: controller.signal,
      }),
    );
    const resumed: EpochReport[] = [];
    await trainRun(config, corpus(), { onEpoch: (r) => void resumed.push(r) }, { backend: 'wasm', resumeFrom: loadCheckpoint(path) });
    assert.deepEqual(resumed.map(numbersOf), straight.slice(1).map(numbersOf));
  });

  test('a checkpoint of another vocabulary or model size is refused with what differs', async () => {
    const config = resumableConfig();
    const path = join(dir, 'refuse.json');
    await trainUntilStopped(config, path, 2, 1);
    const otherVocabulary = loadCheckpoint(path);
    otherVocabulary.vocabulary = { ...otherVocabulary.vocabulary, tokens: otherVocabulary.vocabulary.tokens.map((t, i) => (i === 3 ? 'zz' : t)) };
    await assert.rejects(trainRun(config, corpus(), { onEpoch: () => {} }, { backend: 'wasm', resumeFrom: otherVocabulary }), {
      message: "checkpoint: its vocabulary differs from the corpus's; start the run over with rnnlab run --restart",
    });
    const bigger = resumableConfig({ model: { hidden: 9 } });
    await assert.rejects(trainRun(bigger, corpus(), { onEpoch: () => {} }, { backend: 'wasm', resumeFrom: loadCheckpoint(path) }), {
      message: 'checkpoint: weights "A" have shape [12,8], the model expects [12,9]',
    });
  });
});

describe('a checkpoint whose resume state does not fit this run', () => {
  test('is refused naming the part that does not fit, before any epoch, leaking nothing', async () => {
    const config = resumableConfig(); // rnncf: two state arrays (h and s), three training documents
    const path = join(dir, 'misfit.json');
    await trainUntilStopped(config, path, 2, 1);
    const cases: [string, (c: Checkpoint) => void][] = [
      ['checkpoint: version 2 holds no resume state', (c) => (c.resume = null)],
      ['checkpoint: its batch cursors do not fit the 3 training documents of this corpus', (c) => c.resume!.cursors.pop()],
      // One cursor of the three with a position too many: a check on every cursor at once would miss it.
      [
        'checkpoint: its batch cursors do not fit the 3 training documents of this corpus',
        (c) => (c.resume!.cursors[1] = Int32Array.from([...c.resume!.cursors[1], 0])),
      ],
      [
        'checkpoint: the carried training state has sizes [32], the model expects [32,16]',
        (c) => c.resume!.trainState.pop(),
      ],
      [
        'checkpoint: the carried training state has sizes [32,12], the model expects [32,16]',
        (c) => (c.resume!.trainState[1] = c.resume!.trainState[1].slice(0, 12)),
      ],
      [
        'checkpoint: the generation state has sizes [8,5], the model expects [8,4]',
        (c) => (c.resume!.generation[1] = new Float32Array(5)),
      ],
      // One array too few, the one left of the right size: a check of each array's length alone would pass it.
      ['checkpoint: the generation state has sizes [8], the model expects [8,4]', (c) => c.resume!.generation.pop()],
      ['checkpoint: no state for the random stream "generation-noise"', (c) => delete c.resume!.random['generation-noise']],
    ];
    for (const [message, tamper] of cases) {
      const checkpoint = loadCheckpoint(path);
      tamper(checkpoint);
      const tensors = tf.memory().numTensors;
      const reports: EpochReport[] = [];
      await assert.rejects(trainRun(config, corpus(), { onEpoch: (r) => void reports.push(r) }, { backend: 'wasm', resumeFrom: checkpoint }), {
        name: 'UserError',
        message,
      });
      assert.deepEqual(reports, [], message);
      assert.equal(tf.memory().numTensors, tensors, `${message}: leaked tensors`);
    }
  });
});

describe('a diverged epoch', () => {
  test('is not checkpointed: resuming from the epoch before diverges again, identically', async () => {
    const config = resumableConfig({ model: { type: 'rnn' }, train: { learning_rate: 100, clip_norm: 0, num_steps: 10 } }); // diverges in epoch 2
    const path = join(dir, 'diverged.json');
    const reports: EpochReport[] = [];
    const outcome = await trainRun(config, corpus(), { onEpoch: (r) => void reports.push(r) }, { backend: 'wasm', checkpointPath: path });
    assert.equal(outcome.status, 'diverged');
    assert.ok(outcome.epochs >= 2, `diverged in epoch ${outcome.epochs}: pick a learning rate that takes longer`);
    const checkpoint = loadCheckpoint(path);
    assert.equal(checkpoint.epoch, outcome.epochs - 1);
    const resumed: EpochReport[] = [];
    const again = await trainRun(config, corpus(), { onEpoch: (r) => void resumed.push(r) }, { backend: 'wasm', resumeFrom: checkpoint });
    assert.equal(again.status, 'diverged');
    assert.deepEqual(resumed.map(numbersOf), reports.slice(-1).map(numbersOf));
  });
});
