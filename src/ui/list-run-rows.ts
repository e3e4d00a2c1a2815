// The Runs table of one experiment: grid point, seed, status with live progress, perplexities, times, backend.
import type { ResultsStore } from '../store/results-store.js';
import { loadExperimentResults } from '../report/experiment-results.js';
import { gridKeys } from '../report/group-runs.js';
import { totalEpochs } from '../config/total-epochs.js';
import type { RunTable, RunTableRow } from './api-types.js';

export function listRunRows(store: ResultsStore, experiment: string, nowMs: number): RunTable {
  const results = loadExperimentResults(store, experiment);
  const summaries = new Map(store.runSummaries(experiment).map((summary) => [summary.runId, summary]));
  const keys = gridKeys(results.runs);
  const runs = results.runs.map(({ run, epochs }): RunTableRow => {
    const summary = summaries.get(run.id);
    const last = epochs.at(-1);
    const running = run.status === 'running' && run.startedAt !== null;
    return {
      id: run.id,
      grid: Object.fromEntries(keys.map((key) => [key, run.params[key]])),
      seed: run.params.seed ?? run.config.seed,
      status: run.status,
      epoch: last?.epoch ?? 0,
      totalEpochs: totalEpochs(run.config),
      tokensPerSec: last?.tokensPerSec ?? null,
      bestValidPerplexity: summary?.bestValidPerplexity ?? null,
      bestEpoch: summary?.bestEpoch ?? null,
      finalValidPerplexity: summary?.finalValidPerplexity ?? null,
      wallTimeS: running ? (nowMs - Date.parse(run.startedAt as string)) / 1000 : (summary?.wallTimeS ?? null),
      backend: run.backend,
      heartbeatAt: run.heartbeatAt,
      error: run.error,
    };
  });
  return { experiment, gridKeys: keys, runs };
}
