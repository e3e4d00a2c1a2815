// Expands grid (cartesian product) and zip groups (element-wise) into the list of grid points of an experiment.

/** One value a grid point assigns: the dotted path it sets and where the value is written in the file. */
export interface Assignment {
  path: string;
  value: unknown;
  /** Path of the value in the file's data, e.g. ['grid', 'model.type', 1] or ['zip', 0, 'corpus.documents', 1]. */
  source: (string | number)[];
}

export interface GridPoint {
  /** 0-based, in expansion order (the last grid key varies fastest, then zip groups). */
  index: number;
  assignments: Assignment[];
}

/** One factor of the product: a grid key (one path) or a zip group (paths moving together). */
interface Factor {
  options: Assignment[][];
}

/** The zip groups as written: one mapping, or a list of mappings. */
export function zipGroups(zip: unknown): { group: Record<string, unknown[]>; source: (string | number)[] }[] {
  if (zip === undefined || zip === null) return [];
  if (Array.isArray(zip)) return zip.map((group, g) => ({ group: group as Record<string, unknown[]>, source: ['zip', g] }));
  return [{ group: zip as Record<string, unknown[]>, source: ['zip'] }];
}

/**
 * The grid points of an already checked sweep (lists non-empty, zip lists of one group equally long).
 * No grid and no zip gives one point with no assignments. Paths `include` rejects are left out.
 */
export function expandGrid(
  grid: Record<string, unknown[]> | undefined,
  zip: unknown,
  include: (path: string) => boolean = () => true,
): GridPoint[] {
  const factors: Factor[] = [];
  for (const [path, values] of Object.entries(grid ?? {}).filter(([p]) => include(p))) {
    factors.push({ options: values.map((value, i) => [{ path, value, source: ['grid', path, i] }]) });
  }
  for (const { group, source } of zipGroups(zip)) {
    const keys = Object.keys(group).filter(include);
    if (keys.length === 0) continue;
    const length = keys.length === 0 ? 0 : group[keys[0]].length;
    factors.push({
      options: Array.from({ length }, (_, i) => keys.map((path) => ({ path, value: group[path][i], source: [...source, path, i] }))),
    });
  }
  let combinations: Assignment[][] = [[]];
  for (const factor of factors) {
    combinations = combinations.flatMap((prefix) => factor.options.map((option) => [...prefix, ...option]));
  }
  return combinations.map((assignments, index) => ({ index, assignments }));
}
