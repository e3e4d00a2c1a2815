// Everything a plot or report needs about one experiment, read from the results store in one go.

import { UserError } from '../config/user-error.js';
import type { EpochRow, ExperimentRow, GradientGroupRow, MeasureSampleRow, ResultsStore, RunRow, SampleRow } from '../store/results-store.js';
import { orderRunsByGrid } from './order-runs-by-grid.js';

export interface RunResults {
  run: RunRow;
  /** By epoch, ascending. */
  epochs: EpochRow[];
  /** By epoch, then sample index. */
  samples: SampleRow[];
  /** Entries in the run's stored vocabulary (V, for the uniform perplexity level); null or absent when not stored. */
  vocabularySize?: number | null;
  /** Per-parameter-group gradient norms by epoch, then group; [] or absent when not measured. */
  gradientGroups?: GradientGroupRow[];
  /** The measurement samples (generation.measure) for text claims; [] or absent when none were generated. */
  measureSamples?: MeasureSampleRow[];
}

export interface ExperimentResults {
  experiment: ExperimentRow;
  /** Every registered run, in the order the stored experiment file expands its grid (queued runs have no epochs). */
  runs: RunResults[];
}

/** Reads the experiment, its runs, their epochs and samples. Throws a UserError naming the stored experiments when
 *  `name` is not one of them. */
export function loadExperimentResults(store: ResultsStore, name: string): ExperimentResults {
  const experiment = store.getExperiment(name);
  if (experiment === undefined) {
    const names = store.listExperiments().map((stored) => stored.name);
    const known = names.length === 0 ? 'it holds no experiments yet' : `it holds: ${names.join(', ')}`;
    throw new UserError(`no experiment "${name}" in ${store.path}; ${known}`);
  }
  const runs = listRunsInGridOrder(store, name);
  const epochs = store.epochs(runs.map((run) => run.id));
  const epochsByRun = new Map<string, EpochRow[]>();
  for (const row of epochs) {
    const list = epochsByRun.get(row.runId) ?? [];
    list.push(row);
    epochsByRun.set(row.runId, list);
  }
  const groupsByRun = new Map<string, GradientGroupRow[]>();
  for (const row of store.gradientGroups(runs.map((run) => run.id))) {
    const list = groupsByRun.get(row.runId) ?? [];
    list.push(row);
    groupsByRun.set(row.runId, list);
  }
  const measuredByRun = new Map<string, MeasureSampleRow[]>();
  for (const row of store.measureSamples(runs.map((run) => run.id))) {
    const list = measuredByRun.get(row.runId) ?? [];
    list.push(row);
    measuredByRun.set(row.runId, list);
  }
  return {
    experiment,
    runs: runs.map((run) => ({
      run,
      epochs: (epochsByRun.get(run.id) ?? []).sort((a, b) => a.epoch - b.epoch),
      samples: store.samples(run.id),
      vocabularySize: store.runVocabulary(run.id)?.tokens.length ?? null,
      gradientGroups: groupsByRun.get(run.id) ?? [],
      measureSamples: measuredByRun.get(run.id) ?? [],
    })),
  };
}

/** An experiment's stored runs in the order its stored file expands its grid (orderRunsByGrid): the order of every
 *  table, plot and report, so `rnnlab compare`, reports and the dashboard list grid points alike. */
export function listRunsInGridOrder(store: ResultsStore, name: string): RunRow[] {
  const runs = store.listRuns({ experiment: name });
  const specText = store.getExperiment(name)?.specText;
  return specText === undefined ? runs : orderRunsByGrid(runs, specText);
}

/** The runs that have at least one recorded epoch; a UserError when there are none (nothing to plot or report). */
export function runsWithEpochs(results: ExperimentResults): RunResults[] {
  const withEpochs = results.runs.filter((run) => run.epochs.length > 0);
  if (withEpochs.length === 0) {
    throw new UserError(
      `experiment "${results.experiment.name}" has no recorded epochs yet (${results.runs.length} runs registered); ` +
        `run it first: rnnlab run ${results.experiment.specPath}`,
    );
  }
  return withEpochs;
}
