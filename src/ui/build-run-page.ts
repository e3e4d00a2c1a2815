// The Run page: one run's grid point, where and how it ran, resolved config (optionally diffed against another
// run), epochs, per-document perplexities and samples.
import type { ResultsStore, RunRow, RunSummaryRow, EpochRow, DocumentPerplexityRow, SampleRow } from '../store/results-store.js';
import { totalEpochs } from '../config/total-epochs.js';
import { diffRunConfigs, type ConfigDifference } from './diff-run-configs.js';

export interface RunPage {
  run: RunRow;
  totalEpochs: number;
  summary: RunSummaryRow | null;
  epochs: EpochRow[];
  documents: DocumentPerplexityRow[];
  samples: SampleRow[];
  /** Other runs of the same experiment, to diff against. */
  siblings: { id: string; params: Record<string, unknown> }[];
  diff: { against: string; differences: ConfigDifference[] } | null;
}

/** `id` and `diffAgainst` may be unique prefixes (findRun says when one is unknown or ambiguous). */
export function buildRunPage(store: ResultsStore, id: string, diffAgainst: string | null): RunPage {
  const run = store.findRun(id);
  const other = diffAgainst === null || diffAgainst === '' ? null : store.findRun(diffAgainst);
  return {
    run,
    totalEpochs: totalEpochs(run.config),
    summary: store.runSummaries(run.experiment).find((summary) => summary.runId === run.id) ?? null,
    epochs: store.epochs([run.id]),
    documents: store.documentPerplexities(run.id),
    samples: store.samples(run.id),
    siblings: store
      .listRuns({ experiment: run.experiment })
      .filter((sibling) => sibling.id !== run.id)
      .map((sibling) => ({ id: sibling.id, params: sibling.params })),
    diff: other === null ? null : { against: other.id, differences: diffRunConfigs(run.config, other.config) },
  };
}
