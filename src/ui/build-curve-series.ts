// The Curves view's data: per-epoch lines (mean over seeds with the seeds' min–max band) for grid points or single
// runs, laid out on one epoch axis as uPlot wants it, plus the book's printed figures where they apply.
import { UserError } from '../config/user-error.js';
import type { ResultsStore } from '../store/results-store.js';
import { BOOK_FIGURES } from '../report/book-figures.js';
import { matchBookFigure } from '../report/match-book-figure.js';
import { buildEpochCurves, CURVE_METRICS, type CurveMetric } from '../report/epoch-curves.js';
import { loadExperimentResults, type RunResults } from '../report/experiment-results.js';
import { gridKeys, groupRuns, runValue, type GridPoint } from '../report/group-runs.js';
import type { BookOverlay, CurveLine, CurveSeries } from './api-types.js';

/** The notebook trains 26 steps; the book's "final" figures are at step 26, i.e. epoch 26 here. */
const BOOK_LAST_STEP = 26;

export interface CurveRequest {
  metric: CurveMetric;
  /** Group by these keys (mean and band over the rest); [] = one line for the whole experiment. Ignored with runs. */
  by: readonly string[];
  /** One line per listed run instead of grouping (ids or unique prefixes); null = group. */
  runs: readonly string[] | null;
}

export function checkCurveMetric(text: string | null): CurveMetric {
  const metric = text ?? 'valid_perplexity';
  if (!Object.hasOwn(CURVE_METRICS, metric)) {
    throw new UserError(`metric must be one of ${Object.keys(CURVE_METRICS).join(', ')}; got "${metric}"`);
  }
  return metric as CurveMetric;
}

function pickRuns(all: readonly RunResults[], ids: readonly string[]): RunResults[] {
  return ids.map((id) => {
    const matches = all.filter(({ run }) => run.id.startsWith(id));
    if (matches.length !== 1) {
      throw new UserError(`runs: "${id}" ${matches.length === 0 ? 'is no run of this experiment' : 'is ambiguous'}`);
    }
    return matches[0];
  });
}

export function buildCurveSeries(store: ResultsStore, experiment: string, request: CurveRequest): CurveSeries<CurveMetric> {
  const results = loadExperimentResults(store, experiment);
  const withEpochs = results.runs.filter((run) => run.epochs.length > 0);
  const keys = gridKeys(results.runs);
  for (const key of request.by) {
    if (!withEpochs.some(({ run }) => runValue(run, key) !== undefined) && !keys.includes(key)) {
      throw new UserError(`by: no run of experiment "${experiment}" has a key "${key}"; its grid keys: ${keys.join(', ')}`);
    }
  }
  const points: GridPoint[] =
    request.runs === null
      ? groupRuns(withEpochs, request.by, experiment)
      : pickRuns(results.runs, request.runs).map((result) => {
          const grid = keys.map((key) => `${key.slice(key.lastIndexOf('.') + 1)}=${JSON.stringify(result.run.params[key])}`);
          const seed = `seed=${JSON.stringify(result.run.params.seed ?? result.run.config.seed)}`;
          return {
            key: result.run.id,
            label: [result.run.id.slice(0, 8), ...grid, seed].join(' '),
            values: {},
            runs: [result],
          };
        });
  const curve = buildEpochCurves(points, request.metric);
  const epochSet = new Set<number>(curve.map((point) => point.epoch));
  const book = bookFigures(points, request.metric);
  for (const overlay of book) for (const epoch of overlay.epochs) epochSet.add(epoch);
  const epochs = [...epochSet].sort((a, b) => a - b);
  const column = new Map(epochs.map((epoch, i) => [epoch, i]));
  const lines = points.map((point): CurveLine => {
    const line: CurveLine = {
      label: point.label,
      runs: point.runs.length,
      mean: epochs.map(() => null),
      min: epochs.map(() => null),
      max: epochs.map(() => null),
    };
    for (const row of curve) {
      if (row.point !== point.label) continue;
      const i = column.get(row.epoch) as number;
      line.mean[i] = row.mean;
      line.min[i] = row.min;
      line.max[i] = row.max;
    }
    return line;
  });
  return {
    metric: request.metric,
    title: CURVE_METRICS[request.metric].title,
    gridKeys: keys,
    epochs,
    lines,
    book: book.map((overlay) => ({
      label: overlay.label,
      values: epochs.map((epoch) => overlay.values.get(epoch) ?? null),
    })),
  };
}

/**
 * The book's figures for the lines shown, for perplexities: each figure whose model type and training documents some
 * line has throughout. As in the report (matchBookFigure), the figure is labelled plainly only when a line trained
 * at the notebook's settings; otherwise its label says how the nearest line differs, so a tiny or ablated run is not
 * read as a reproduction.
 */
function bookFigures(points: readonly GridPoint[], metric: CurveMetric): { label: string; epochs: number[]; values: Map<number, number> }[] {
  if (metric !== 'valid_perplexity' && metric !== 'train_perplexity') return [];
  return BOOK_FIGURES.flatMap((figure) => {
    const match = matchBookFigure(points, figure);
    if (match.point === null && match.differences.length === 0) return []; // no line of this model and size
    const values =
      metric === 'valid_perplexity'
        ? new Map([
            [figure.bestStep, figure.bestValidPerplexity],
            [BOOK_LAST_STEP, figure.finalValidPerplexity],
          ])
        : new Map([[BOOK_LAST_STEP, figure.finalTrainPerplexity]]);
    const [first, ...more] = match.differences;
    const caveat = first === undefined ? '' : ` (not at the book’s settings: ${first}${more.length === 0 ? '' : ` and ${more.length} more`})`;
    return [{ label: `book: ${figure.modelType}, ${figure.documents} documents${caveat}`, epochs: [...values.keys()], values }];
  });
}
