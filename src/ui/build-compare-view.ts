// The Compare view: `rnnlab compare`'s table for one experiment with the same options, built by the same code.
import type { ResultsStore } from '../store/results-store.js';
import { loadExperimentResults } from '../report/experiment-results.js';
import { buildComparison, checkCompareMetric, parseCompareAt } from '../report/build-comparison.js';
import { buildComparisonTable, formatComparison, formatComparisonCaption } from '../report/format-comparison.js';
import type { CompareView } from './api-types.js';

/** The query parameters as `rnnlab compare` spells its flags (null = left out, the flag's default). */
export interface CompareRequest {
  by: string | null;
  metric: string | null;
  at: string | null;
  sort: string | null;
}

export function buildCompareView(store: ResultsStore, experiment: string, request: CompareRequest): CompareView {
  const metric = checkCompareMetric(request.metric ?? 'valid_perplexity');
  const at = parseCompareAt(request.at ?? 'best');
  const by = request.by === null || request.by.trim() === '' ? null : request.by.split(',').map((key) => key.trim()).filter(Boolean);
  const { runs } = loadExperimentResults(store, experiment);
  const sort = request.sort === null || request.sort.trim() === '' ? null : request.sort.trim();
  const comparison = buildComparison(experiment, runs, { by, metric, at, sort });
  return {
    caption: formatComparisonCaption(comparison),
    ...buildComparisonTable(comparison),
    json: JSON.parse(formatComparison(comparison, 'json')),
  };
}
