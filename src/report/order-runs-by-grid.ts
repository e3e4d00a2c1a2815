// Puts an experiment's runs in the order its stored experiment file expands its grid, whatever order they were registered in.
import { parse } from 'yaml';
import { expandGrid, zipGroups } from '../config/expand-grid.js';

/** Above this many grid points the stored order is kept (the file ran, so it is within the run limit; this only
 *  bounds the work of a report on a file edited by hand). */
const MAX_POINTS = 100_000;

/** The grid and zip sections of a stored experiment file; null when the text does not parse as a mapping. */
function sweepSections(specText: string): { grid: Record<string, unknown[]> | undefined; zip: unknown } | null {
  let data: unknown;
  try {
    data = parse(specText);
  } catch {
    return null;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return null;
  const { grid, zip } = data as { grid?: unknown; zip?: unknown };
  const lists = (value: unknown): value is Record<string, unknown[]> =>
    value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every(Array.isArray);
  if (grid !== undefined && grid !== null && !lists(grid)) return null;
  const groups = zipGroups(zip);
  if (!groups.every(({ group }) => lists(group))) return null;
  let points = 1;
  for (const values of Object.values((grid as Record<string, unknown[]> | null) ?? {})) points *= values.length;
  for (const { group } of groups) points *= Object.values(group)[0]?.length ?? 1;
  if (points > MAX_POINTS) return null;
  return { grid: (grid as Record<string, unknown[]> | null) ?? undefined, zip };
}

/**
 * `runs` sorted by the grid point of the file's expansion (the last grid key varies fastest, as `rnnlab run` registers
 * them) that their grid parameters match; runs of one point, and runs no point matches (the file was changed since,
 * or `--set` moved them), keep their stored order, the latter after all others. A sweep extended later (hidden
 * [32, 128], then [32, 64, 128]) thus reads 32, 64, 128 in tables and reports, not in the order it was run.
 */
export function orderRunsByGrid<T extends { params: Record<string, unknown> }>(runs: readonly T[], specText: string): T[] {
  const sections = sweepSections(specText);
  if (sections === null) return [...runs];
  const points = expandGrid(sections.grid, sections.zip).map((point) =>
    point.assignments.map(({ path, value }) => [path, JSON.stringify(value)] as const),
  );
  const position = (params: Record<string, unknown>): number => {
    const index = points.findIndex((assignments) =>
      assignments.every(([path, value]) => Object.hasOwn(params, path) && JSON.stringify(params[path]) === value),
    );
    return index === -1 ? points.length : index;
  };
  return runs
    .map((run, stored) => ({ run, stored, point: position(run.params) }))
    .sort((a, b) => a.point - b.point || a.stored - b.stored)
    .map(({ run }) => run);
}
