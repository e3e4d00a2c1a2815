// The report's gradient table: per grid point, the global gradient norm before clipping at the first and last
// epoch, its largest value, the fraction of updates clipped, and RNN-CF's context path against its hidden path.

import type { RunResults } from './experiment-results.js';
import type { GridPoint } from './group-runs.js';
import { summarize, type SummaryStats } from './summary-stats.js';

export interface GradientRow {
  point: GridPoint;
  /** Runs of the point that recorded gradient norms. */
  measuredRuns: number;
  /** Per run: the epoch-mean norm at its first / last epoch that measured one; mean ± std over seeds. */
  firstNorm: SummaryStats;
  lastNorm: SummaryStats;
  /** Per run: the largest norm of any update (max over epochs of grad_norm_max). */
  maxNorm: SummaryStats;
  /** Per run: the mean over its epochs of the fraction of updates clipped. */
  clippedFraction: SummaryStats;
  /** Per run: the mean over epochs of a parameter group's epoch-mean norm; null when no run has the group. */
  contextNorm: SummaryStats | null;
  hiddenNorm: SummaryStats | null;
  /** Per run: context ÷ hidden (of the means above). */
  contextToHidden: SummaryStats | null;
}

export interface GradientSection {
  rows: GradientRow[];
  /** Runs with epochs that recorded no gradient norm (trained before rnnlab recorded them). */
  unmeasuredRuns: number;
  /** Why the section is empty, when no run measured gradients; null otherwise. */
  missing: string | null;
}

function measured(values: readonly (number | null | undefined)[]): number[] {
  return values.filter((value): value is number => typeof value === 'number' && !Number.isNaN(value));
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function largest(values: readonly number[]): number | null {
  return values.length === 0 ? null : Math.max(...values);
}

/** A run's mean over epochs of one parameter group's epoch-mean norm; null when it has no such group. */
function groupNorm(run: RunResults, group: string): number | null {
  return mean(measured((run.gradientGroups ?? []).filter((row) => row.group === group).map((row) => row.normMean)));
}

function hasGradients(run: RunResults): boolean {
  return run.epochs.some((row) => row.gradNormMean !== null && row.gradNormMean !== undefined);
}

export function buildGradientSection(points: readonly GridPoint[]): GradientSection {
  const runs = points.flatMap((point) => point.runs);
  const unmeasuredRuns = runs.filter((run) => !hasGradients(run)).length;
  if (unmeasuredRuns === runs.length) {
    return {
      rows: [],
      unmeasuredRuns,
      missing:
        'Not measured: these runs were trained before rnnlab recorded gradient norms (results database schema ' +
        'version 4), so there is nothing to show. Train them again to see the gradients.',
    };
  }
  const rows = points.map((point): GradientRow => {
    const own = point.runs.filter(hasGradients);
    const perRun = own.map((run) => {
      const norms = run.epochs.filter((row) => row.gradNormMean !== null && row.gradNormMean !== undefined);
      return {
        first: norms[0].gradNormMean,
        last: norms[norms.length - 1].gradNormMean,
        max: largest(measured(run.epochs.map((row) => row.gradNormMax))),
        clipped: mean(measured(run.epochs.map((row) => row.clippedFraction))),
        context: groupNorm(run, 'context'),
        hidden: groupNorm(run, 'hidden'),
      };
    });
    const hasGroups = perRun.some((run) => run.context !== null && run.hidden !== null);
    return {
      point,
      measuredRuns: own.length,
      firstNorm: summarize(perRun.map((run) => run.first)),
      lastNorm: summarize(perRun.map((run) => run.last)),
      maxNorm: summarize(perRun.map((run) => run.max)),
      clippedFraction: summarize(perRun.map((run) => run.clipped)),
      contextNorm: hasGroups ? summarize(perRun.map((run) => run.context)) : null,
      hiddenNorm: hasGroups ? summarize(perRun.map((run) => run.hidden)) : null,
      contextToHidden: hasGroups
        ? summarize(perRun.map((run) => (run.context === null || run.hidden === null ? null : run.context / run.hidden)))
        : null,
    };
  });
  return { rows, unmeasuredRuns, missing: null };
}
