// Finds the grid point that trained at a book figure's settings, or says how the nearest one differs.
import { updatesPerDocument } from '../config/updates-per-document.js';
import { UPDATES_PER_DOCUMENT, type BookFigure } from './book-figures.js';
import type { RunResults } from './experiment-results.js';
import { formatValue, runValue } from './group-runs.js';

export type BookMatch<T> = { point: T; differences: [] } | { point: null; differences: string[] };

/** A run's value for a setting key: a config path, or its updates per document whatever the schedule. */
function settingValue(run: RunResults['run'], key: string): unknown {
  if (key === UPDATES_PER_DOCUMENT) return updatesPerDocument(run.config.train);
  return runValue(run, key);
}

/** "model.variant paper (the book: book)" for each setting a point's runs do not all have; [] when they all do. */
function differences(runs: readonly RunResults[], setting: BookFigure['setting']): string[] {
  const found: string[] = [];
  for (const [key, wanted] of Object.entries(setting)) {
    const values = [...new Set(runs.map(({ run }) => JSON.stringify(settingValue(run, key) ?? null)))];
    if (values.length === 1 && values[0] === JSON.stringify(wanted)) continue;
    const shown = values.map((value) => formatValue(JSON.parse(value) as unknown)).join(' and ');
    found.push(`${key} ${shown} (the book: ${formatValue(wanted)})`);
  }
  return found;
}

/**
 * The point, among those of the figure's model type and training documents, whose runs all have the figure's
 * settings (the first such in grid order). When none has: null, with the differences of the candidate that differs
 * least ([] when the experiment has no point of that model and document count at all). An ablation whose grid moves
 * one setting (hidden 32/64/128, α, num_unroll) is set beside the book only at the book's value of it.
 */
export function matchBookFigure<T extends { runs: readonly RunResults[] }>(points: readonly T[], figure: BookFigure): BookMatch<T> {
  const candidates = points
    .filter((point) =>
      point.runs.every(({ run }) => runValue(run, 'model.type') === figure.modelType && runValue(run, 'corpus.documents') === figure.documents),
    )
    .map((point) => ({ point, differences: differences(point.runs, figure.setting) }));
  const exact = candidates.find((candidate) => candidate.differences.length === 0);
  if (exact !== undefined) return { point: exact.point, differences: [] };
  const nearest = candidates.reduce<(typeof candidates)[number] | null>(
    (best, candidate) => (best === null || candidate.differences.length < best.differences.length ? candidate : best),
    null,
  );
  return { point: null, differences: nearest?.differences ?? [] };
}
