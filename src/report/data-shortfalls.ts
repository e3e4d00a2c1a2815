// Why a set of compared groups of runs is too small or too short to decide a claim (empty when it is enough).

import type { RunResults } from './experiment-results.js';

/** Seeds every compared group needs: with two, the standard error rests on a single difference. */
export const MIN_SEEDS = 3;
/** Validated epochs every run needs: fewer cannot show a trend, a rise after a best, or a fluctuation. */
export const MIN_VALIDATED_EPOCHS = 3;
/** A run has learned when its best validation loss is below this fraction of ln V, the loss of the uniform guess. */
export const NEAR_UNIFORM_FRACTION = 0.9;

export const DATA_RULE =
  `A verdict needs at least ${MIN_SEEDS} seeds in every compared group, at least ${MIN_VALIDATED_EPOCHS} validated ` +
  `epochs per run, and every run’s best validation loss below ${NEAR_UNIFORM_FRACTION * 100}% of ln V (the loss ` +
  'of guessing uniformly over the V vocabulary entries; perplexity below V^0.9); otherwise the verdict is ' +
  '“not enough data”, with the reason.';

export interface ComparedGroup {
  name: string;
  runs: readonly RunResults[];
}

function validatedLosses(run: RunResults): number[] {
  return run.epochs
    .map((row) => row.validLossNats)
    .filter((value): value is number => value !== null && Number.isFinite(value));
}

/** Reasons, one per kind of shortfall, each naming the groups it concerns; [] when the groups can decide. */
export function dataShortfalls(groups: readonly ComparedGroup[]): string[] {
  const fewSeeds: string[] = [];
  const fewEpochs: string[] = [];
  const nearUniform: string[] = [];
  const sizes = new Set<number>();
  for (const { name, runs } of groups) {
    if (runs.length < MIN_SEEDS) fewSeeds.push(`${name}: ${runs.length}`);
    const shortest = runs.length === 0 ? 0 : Math.min(...runs.map((run) => validatedLosses(run).length));
    if (runs.length > 0 && shortest < MIN_VALIDATED_EPOCHS) fewEpochs.push(`${name}: ${shortest}`);
    // A run whose vocabulary was not stored cannot be placed against the uniform level; it is not counted.
    const unlearned = runs.filter((run) => {
      const size = run.vocabularySize ?? null;
      const losses = validatedLosses(run);
      if (size === null || size < 2 || losses.length === 0) return false;
      sizes.add(size);
      return Math.min(...losses) >= NEAR_UNIFORM_FRACTION * Math.log(size);
    });
    if (unlearned.length > 0) nearUniform.push(`${name}: ${unlearned.length} of ${runs.length} runs`);
  }
  const reasons: string[] = [];
  if (fewSeeds.length > 0) reasons.push(`fewer than ${MIN_SEEDS} seeds in a compared group (${fewSeeds.join('; ')})`);
  if (fewEpochs.length > 0) reasons.push(`fewer than ${MIN_VALIDATED_EPOCHS} validated epochs in a run (${fewEpochs.join('; ')})`);
  if (nearUniform.length > 0) {
    const level =
      sizes.size === 1
        ? ` (V = ${[...sizes][0]}: a run’s best validation perplexity must get below ${Math.exp(NEAR_UNIFORM_FRACTION * Math.log([...sizes][0])).toFixed(1)})`
        : '';
    reasons.push(`validation perplexity still near the uniform level${level} (${nearUniform.join('; ')})`);
  }
  return reasons;
}

/** The finding that opens a claim decided "not enough data". */
export function shortfallFinding(reasons: readonly string[]): string {
  return `Not enough data to decide: ${reasons.join('; ')}. The numbers below are shown but do not decide.`;
}
