// A tiny finished experiment written through the results store's own write methods, for plot and report tests.
// Made-up but plausible numbers: the plain RNN on 2 documents overfits, on 4 documents its text loops.
import { join } from 'node:path';
import { openStore } from '../../src/store/results-store.js';
import type { GeneratedSample } from '../../src/train/training-events.js';
import { fixturesDir } from './paths.js';
import { epochReport, tinyRunConfig } from './store-fixtures.js';

export const TINY_EXPERIMENT = 'tiny-ch6';
export const tinyCorpusDir = join(fixturesDir, 'report', 'corpus');

/** The spec as "written"; its comment checks that the report escapes what it shows. */
export const TINY_SPEC_TEXT = `# yaml-language-server: $schema=../schemas/experiment.schema.json
# a <script>alert("x")</script> & comment that must come out escaped
name: tiny-ch6
grid:
  model.type: [rnn, rnncf]
zip:
  corpus.documents: [2, 4]
  train.docs_per_step: [1, 2]
seeds: [1, 2]
claims:
  - id: rnncf-lower
    statement: RNN-CF reaches a lower validation perplexity than the RNN.
    compare: {a: {model.type: rnncf}, b: {model.type: rnn}}
    metric: best_valid_perplexity
    expect: lower
  - id: rnncf-steadier
    statement: RNN-CF validation loss fluctuates less around its trend.
    compare: {a: {model.type: rnncf}, b: {model.type: rnn}}
    metric: valid_fluctuation
    from_epoch: 1
    expect: lower
  - id: rnn-rises
    statement: With 2 documents the RNN validation loss rises faster at the end.
    compare: {a: {model.type: rnn}, b: {model.type: rnncf}}
    where: {corpus.documents: 2}
    metric: late_valid_slope
    last_epochs: 3
    expect: higher
    primary: false
`;

/** Per grid point: validation and train perplexity per epoch (before the seed offset). */
export const TINY_CURVES: Record<string, { valid: number[]; train: number[] }> = {
  'rnn/2': { valid: [40, 30, 32, 38, 45], train: [50, 30, 20, 12, 8] },
  'rnn/4': { valid: [45, 35, 30, 28, 27], train: [55, 35, 25, 20, 18] },
  'rnncf/2': { valid: [42, 36, 33, 32, 31.5], train: [52, 38, 30, 26, 24] },
  'rnncf/4': { valid: [44, 37, 32, 29, 28], train: [54, 40, 31, 27, 25] },
};

const SENTENCES = [
  'once upon a time a king had three daughters and the youngest was the fairest of all. ',
  'the wolf ran into the forest where the old woman lived alone in her little house. ',
  'then the miller said to his son go out into the world and seek your fortune there. ',
  'a golden bird flew over the castle wall every night and ate one apple from the tree. ',
  'the frog sat by the well and asked the princess why she was weeping so bitterly. ',
  'in the morning the shoemaker found the shoes finished and stitched with great care. ',
  'the soldier walked along the high road until he met a witch with a crooked nose. ',
];

/** Varied text: sentences in an order that depends on the seed and epoch, one with markup to escape. */
function variedText(seed: number, epoch: number): string {
  const parts: string[] = [];
  for (let i = 0; i < 3; i++) parts.push(SENTENCES[(seed * 3 + epoch * 2 + i) % SENTENCES.length]);
  return parts.join('') + (epoch === 1 ? 'she said <b>"yes" & no</b>.' : '');
}

/** A degenerate loop, as greedy generation of an overtrained plain RNN produces. */
function loopText(seed: number): string {
  return `${seed === 1 ? 'and ' : 'so '}${'the king said to the queen '.repeat(9)}`.trimEnd();
}

export function sampleFor(type: string, documents: number, seed: number, epoch: number): GeneratedSample {
  const text = type === 'rnn' && documents === 4 && epoch >= 3 ? loopText(seed) : variedText(seed, epoch);
  return { seedText: 'th', decoding: 'greedy', text };
}

/** Writes the experiment into a new database at `dbPath` (8 runs: 2 models × 2 document counts × 2 seeds,
 *  5 epochs each, one sample per epoch) and closes it. The store's clock advances one minute per write. */
export function buildTinyReportExperiment(dbPath: string): void {
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const store = openStore(dbPath, { now: () => (clock += 60_000) });
  try {
    store.saveExperiment({ name: TINY_EXPERIMENT, specPath: 'experiments/tiny-ch6.yaml', specText: TINY_SPEC_TEXT });
    const runs: { id: string; type: 'rnn' | 'rnncf'; documents: number; seed: number }[] = [];
    for (const type of ['rnn', 'rnncf'] as const) {
      for (const [documents, docsPerStep] of [[2, 1], [4, 2]]) {
        for (const seed of [1, 2]) {
          const config = tinyRunConfig(seed, { type });
          config.corpus.documents = documents;
          config.corpus.path = tinyCorpusDir;
          config.train.docs_per_step = docsPerStep;
          const id = `${type}-${documents}-s${seed}`;
          store.registerRuns(TINY_EXPERIMENT, [
            { id, config, params: { 'model.type': type, 'corpus.documents': documents, 'train.docs_per_step': docsPerStep, seed } },
          ]);
          runs.push({ id, type, documents, seed });
        }
      }
    }
    for (const run of runs) {
      store.claimRun(run.id, { pid: 1, host: 'test', backend: 'cpu', packageVersion: '0.0.0' });
      const curve = TINY_CURVES[`${run.type}/${run.documents}`];
      curve.valid.forEach((valid, index) => {
        const epoch = index + 1;
        const train = curve.train[index] - run.seed * 0.1;
        store.recordEpoch(
          run.id,
          epochReport(epoch, valid + run.seed * 0.5, {
            trainPerplexity: train,
            trainLossNats: Math.log(train),
            tokensPerSec: 1000 + 100 * run.seed + epoch,
            durationMs: 250,
            samples: [sampleFor(run.type, run.documents, run.seed, epoch)],
          }),
        );
      });
      store.finishRun(run.id, { status: 'finished', backend: 'cpu' });
    }
  } finally {
    store.close();
  }
}
