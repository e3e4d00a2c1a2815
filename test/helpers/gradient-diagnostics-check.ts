// Holds trainRun's stored gradient diagnostics to finite differences of the float64 training loss, on a one-update run.
import assert from 'node:assert/strict';
import type { ModelConfig, RunConfig } from '../../src/config/run-config.js';
import { createBatchCursors, nextUnrolledBatch } from '../../src/corpus/batch-cursors.js';
import { buildModel, disposeModel } from '../../src/models/build-model.js';
import { createSeededRandom } from '../../src/models/seeded-random.js';
import { trainRun } from '../../src/train/train-run.js';
import type { EpochGradients } from '../../src/train/training-events.js';
import { bookRunConfig, handCorpus } from './engine-fixtures.js';
import { float64TrainingLoss, float64Weights } from './float64-models.js';

const [V, T, B] = [9, 4, 3];

/** One step, one document, one update: the epoch's mean and max gradient norm are that update's. */
export function oneUpdateConfig(model: Partial<ModelConfig>, clipNorm: number): RunConfig {
  return bookRunConfig({
    model: { hidden: 5, context: 3, layers: [5, 4], init_std: 0.6, alpha: 0.7, ...model },
    train: { num_unroll: T, batch_size: B, num_steps: 1, docs_per_step: 1, updates_per_document: 1, clip_norm: clipNorm },
    generation: { length: 0 },
    corpus: { documents: 1, validation: { rule: 'book', documents: 1, tokens_per_document: 6, stream: 'per_document' } },
  });
}

const trainIds = Array.from({ length: 40 }, (_, i) => 1 + ((i * 5 + (i >> 2)) % (V - 1)));
export const oneDocumentCorpus = () => handCorpus({ vocabSize: V, train: [trainIds], validation: [[1, 2, 3, 4, 5, 6]] });

/** Central-difference gradient norms of the first update's loss, overall and per parameter. */
export function finiteDifferenceNorms(config: RunConfig): { global: number; squares: Map<string, number> } {
  const model = buildModel(config.model, V, createSeededRandom(config.seed, 'init'));
  try {
    const weights = float64Weights(model.params);
    const cursors = createBatchCursors(oneDocumentCorpus().train[0].tokens, B, config.corpus.layout);
    const batch = nextUnrolledBatch(cursors, T);
    const zeros = model.stateSizes.map((size) => new Float64Array(B * size));
    const loss = () => float64TrainingLoss(config.model, weights, batch.inputs, batch.targets, T, B, zeros);
    const squares = new Map<string, number>();
    const h = 1e-6;
    for (const [name, { data }] of weights) {
      let sum = 0;
      for (let i = 0; i < data.length; i++) {
        const keep = data[i];
        data[i] = keep + h;
        const up = loss();
        data[i] = keep - h;
        const down = loss();
        data[i] = keep;
        sum += ((up - down) / (2 * h)) ** 2;
      }
      squares.set(name, sum);
    }
    return { global: Math.sqrt([...squares.values()].reduce((a, b) => a + b, 0)), squares };
  } finally {
    disposeModel(model);
  }
}

export async function trainedGradients(config: RunConfig, backend: string): Promise<EpochGradients> {
  const reports: (EpochGradients | null | undefined)[] = [];
  await trainRun(config, oneDocumentCorpus(), { onEpoch: (r) => void reports.push(r.gradients) }, { backend });
  assert.equal(reports.length, 1);
  assert.ok(reports[0], 'the epoch reports its gradients');
  return reports[0];
}

/** The diagnostics of a one-update run equal the finite-difference norms: global, every group, clipped or not. */
export async function checkAgainstFiniteDifferences(model: Partial<ModelConfig>, expectedGroups: Record<string, string[]>, backend: string) {
  const reference = finiteDifferenceNorms(oneUpdateConfig(model, 0));
  const close = (actual: number, expected: number, what: string) =>
    assert.ok(Math.abs(actual - expected) <= 2e-3 * expected + 1e-7, `${what}: ${actual} vs finite differences ${expected}`);

  const unclipped = await trainedGradients(oneUpdateConfig(model, reference.global * 2), backend);
  assert.equal(unclipped.updates, 1);
  close(unclipped.normMean, reference.global, 'mean norm');
  close(unclipped.normMax, reference.global, 'max norm');
  assert.equal(unclipped.clippedFraction, 0);
  assert.deepEqual(Object.fromEntries(unclipped.groups.map((g) => [g.group, g.parameters])), expectedGroups);
  for (const group of unclipped.groups) {
    const expected = Math.sqrt(group.parameters.reduce((sum, name) => sum + reference.squares.get(name)!, 0));
    close(group.normMean, expected, `group ${group.group}`);
    assert.equal(group.normMax, group.normMean, 'one update: max = mean');
  }
  // The norm is measured before clipping: a threshold below it clips the update but leaves the reported norm alone.
  const clipped = await trainedGradients(oneUpdateConfig(model, reference.global / 2), backend);
  assert.equal(clipped.clippedFraction, 1);
  close(clipped.normMean, reference.global, 'mean norm of a clipped update');
}
