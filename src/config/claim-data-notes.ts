// What the runs of an experiment will not record that its claims need: a warning `rnnlab validate` prints, since
// such a claim is then "not enough data" whatever the results (e.g. a test-perplexity claim without corpus.test).
import { TEXT_METRICS, type ClaimSpec } from './claim-spec.js';
import type { ExpandedRun } from './load-experiment.js';
import { matchesArm } from './pair-claim-points.js';
import type { RunConfig } from './run-config.js';
import { totalEpochs } from './total-epochs.js';

/** The epochs a run validates: 1, 1 + v, 1 + 2v, … up to its last (v = validate_every). */
function validatedEpochs(config: RunConfig): number[] {
  const epochs: number[] = [];
  for (let epoch = 1; epoch <= totalEpochs(config); epoch += config.train.validate_every) epochs.push(epoch);
  return epochs;
}

/** Why a run of the claim cannot have its metric, or null. */
function missingData(claim: ClaimSpec, config: RunConfig): string | null {
  if (claim.metric === 'test_perplexity') {
    return config.corpus.test === null ? 'test_perplexity needs corpus.test (documents held out from training and from choosing)' : null;
  }
  if (claim.metric === 'valid_fluctuation') {
    const count = validatedEpochs(config).filter((epoch) => epoch >= claim.fromEpoch).length;
    return count < 5 ? `valid_fluctuation needs 5 validated epochs from epoch ${claim.fromEpoch} on; the runs validate ${count}` : null;
  }
  if (claim.metric === 'late_valid_slope') {
    const count = validatedEpochs(config).length;
    return count < claim.lastEpochs ? `late_valid_slope over the last ${claim.lastEpochs} validated epochs; the runs validate ${count}` : null;
  }
  if (TEXT_METRICS.includes(claim.metric)) {
    const measure = config.generation.measure;
    if (measure === null) return `${claim.metric} needs measurement samples (generation.measure)`;
    if (!measure.at.includes(claim.checkpoint) || !measure.decodings.includes(claim.decoding)) {
      return `${claim.metric} needs ${claim.decoding} measurement samples of the ${claim.checkpoint} weights (generation.measure.at and decodings)`;
    }
  }
  return null;
}

/** One line per claim whose runs will not record what its metric needs. */
export function claimDataNotes(claims: readonly ClaimSpec[], runs: readonly ExpandedRun[]): string[] {
  const notes: string[] = [];
  for (const claim of claims) {
    const inScope = runs.filter((run) => {
      const point = { values: run.params };
      return matchesArm(point, claim.where) && (matchesArm(point, claim.a) || matchesArm(point, claim.b));
    });
    const reasons = [...new Set(inScope.map((run) => missingData(claim, run.config)).filter((reason) => reason !== null))];
    for (const reason of reasons) notes.push(`claim ${claim.id}: ${reason}, so it will be "not enough data"`);
  }
  return notes;
}
