// generateFromCheckpoint (the engine of `rnnlab generate`): which weights it decodes with, where its seed comes from,
// and the seed-text error; the CLI's own test covers the command around it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { initBackend, tf } from '../../src/models/backend.js';
import { buildModel, disposeModel } from '../../src/models/build-model.js';
import { createSeededRandom } from '../../src/models/seeded-random.js';
import { captureWeights, loadCheckpoint, type Checkpoint } from '../../src/train/checkpoint.js';
import { generateFromCheckpoint, type GenerateOptions } from '../../src/train/generate-from-checkpoint.js';
import { writeCycleCheckpoint } from '../helpers/cycle-checkpoint.js';

let dir = '';
let checkpoint: Checkpoint;

const options = (overrides: Partial<GenerateOptions> = {}): GenerateOptions => ({
  weights: 'best',
  length: 12,
  decoding: 'greedy',
  temperature: 1,
  topK: 5,
  seedText: 'ab',
  seed: 1,
  ...overrides,
});

before(async () => {
  await initBackend('wasm');
  dir = mkdtempSync(join(tmpdir(), 'rnnlab-generate-from-'));
  const path = join(dir, 'run.json');
  await writeCycleCheckpoint(path);
  checkpoint = loadCheckpoint(path);
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('best weights when asked and stored, else the final ones; `final` always the final ones', () => {
  // Best weights of an untrained model of the same shape, so the two kinds of weights decode differently.
  const untrained = buildModel(checkpoint.config.model, checkpoint.vocabulary.tokens.length, createSeededRandom(9, 'init'));
  const withBest = { ...checkpoint, best: captureWeights(untrained) };
  disposeModel(untrained);
  const tensors = tf.memory().numTensors;
  const final = generateFromCheckpoint(withBest, options({ weights: 'final' }), 'run.json');
  assert.deepEqual(final, { seedText: 'ab', decoding: 'greedy', text: 'cdeabcdeabcd' });
  assert.notEqual(generateFromCheckpoint(withBest, options({ weights: 'best' }), 'run.json').text, final.text);
  assert.equal(generateFromCheckpoint({ ...checkpoint, best: null }, options({ weights: 'best' }), 'run.json').text, final.text);
  assert.equal(tf.memory().numTensors, tensors, 'generation leaked tensors');
});

test("the seed: the option's text, else the run's seed_text, else one random token that is never UNK", () => {
  const withSeedText = { ...checkpoint, config: { ...checkpoint.config, generation: { ...checkpoint.config.generation, seed_text: 'c' } } };
  assert.equal(generateFromCheckpoint(withSeedText, options({ seedText: null, length: 4 }), 'run.json').text, 'deab');
  assert.equal(generateFromCheckpoint(withSeedText, options({ seedText: 'd', length: 4 }), 'run.json').text, 'eabc');
  const seeds = new Set<string>();
  for (let seed = 0; seed < 60; seed++) seeds.add(generateFromCheckpoint(checkpoint, options({ seedText: null, seed, length: 1 }), 'run.json').seedText);
  // Vocabulary: UNK, then a … g (7 tokens); 60 draws reach all 7 with probability > 0.9999.
  assert.deepEqual([...seeds].sort(), ['a', 'b', 'c', 'd', 'e', 'f', 'g']);
});

test('a seed text shorter than one token is refused, naming the option', () => {
  const bigrams = { ...checkpoint, vocabulary: { ...checkpoint.vocabulary, ngram: 2 as const } };
  assert.throws(() => generateFromCheckpoint(bigrams, options({ seedText: 'a' }), 'run.json'), {
    name: 'UserError',
    message: '--seed-text: "a" is shorter than one token (2 characters)',
  });
});
