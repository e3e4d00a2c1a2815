// Counts the runs a sweep expands to without expanding it, so an astronomically large grid is refused, not built.
import { zipGroups } from './expand-grid.js';

/** Runs a sweep may expand to unless the user raises the limit (RNNLAB_MAX_RUNS). */
export const DEFAULT_MAX_RUNS = 10_000;

/**
 * grid points × seeds of an already checked sweep (as expandGrid would build it, paths `include` rejects left out),
 * as a float: a product past 2^53 is only ever compared and printed, never iterated.
 */
export function countSweepRuns(
  grid: Record<string, unknown[]> | undefined,
  zip: unknown,
  seedCount: number,
  include: (path: string) => boolean = () => true,
): { gridPoints: number; runs: number; factors: number[] } {
  const factors: number[] = [];
  for (const [path, values] of Object.entries(grid ?? {})) if (include(path)) factors.push(values.length);
  for (const { group } of zipGroups(zip)) {
    const keys = Object.keys(group).filter(include);
    if (keys.length > 0) factors.push(group[keys[0]].length);
  }
  const gridPoints = factors.reduce((product, n) => product * n, 1);
  return { gridPoints, runs: gridPoints * Math.max(1, seedCount), factors };
}
