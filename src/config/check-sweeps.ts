// Checks the structure of grid and zip: known paths, no path swept twice, no duplicate grid values, zip lengths.
import { canonicalJson } from './canonical-json.js';
import { closestKey } from './closest-key.js';
import { SECTION_NAMES, sweepablePaths } from './experiment-schema.js';
import { zipGroups } from './expand-grid.js';
import { formatReceived } from './format-value.js';

/** A sweep problem at a path of the file's data; `at: 'key'` points at the key of the last segment. */
export interface SweepIssue {
  path: (string | number)[];
  at: 'value' | 'key';
  pointerPath: (string | number)[];
  message: string;
  /** Unknown paths are left out of the expansion; other problems make the sweep impossible to expand. */
  blocksExpansion: boolean;
}

function unknownPathMessage(path: string, known: string[]): string {
  if (path === 'seed' || path === 'seeds') return `unknown path "${path}" (list seeds in the top-level seeds key)`;
  if ((SECTION_NAMES as readonly string[]).includes(path)) return `cannot sweep all of ${path}; sweep keys inside it (e.g. ${known.find((k) => k.startsWith(`${path}.`))})`;
  const suggestion = closestKey(path, known);
  return suggestion === undefined ? `unknown path "${path}"` : `unknown path "${path}" (did you mean "${suggestion}"?)`;
}

/** Problems of grid and zip as a whole; both are assumed to have passed the schema (mappings of non-empty lists). */
export function checkSweeps(grid: Record<string, unknown[]> | undefined, zip: unknown): SweepIssue[] {
  const issues: SweepIssue[] = [];
  const known = sweepablePaths();
  const swept: { path: string; where: string }[] = [];
  const claim = (path: string, where: string, source: (string | number)[]) => {
    const clash = swept.find((s) => s.path === path || path.startsWith(`${s.path}.`) || s.path.startsWith(`${path}.`));
    if (clash) {
      const message =
        clash.path === path
          ? `${path} is already swept by ${clash.where}; a path is swept in one place only`
          : `${path} overlaps ${clash.path} (swept by ${clash.where}); a path is swept in one place only`;
      issues.push({ path: source, at: 'key', pointerPath: source.slice(0, -1), message, blocksExpansion: true });
    }
    swept.push({ path, where });
  };
  for (const [path, values] of Object.entries(grid ?? {})) {
    const source = ['grid', path];
    if (!known.includes(path)) {
      issues.push({ path: source, at: 'key', pointerPath: ['grid'], message: unknownPathMessage(path, known), blocksExpansion: false });
      continue;
    }
    claim(path, 'grid', source);
    const seen = new Map<string, number>();
    values.forEach((value, i) => {
      // JSON writes NaN and ±Infinity all as null: keep them apart, so [.nan, .inf] is two bad values, not a duplicate.
      const key = typeof value === 'number' && !Number.isFinite(value) ? `number ${value}` : canonicalJson(value);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else issues.push({ path: [...source, i], at: 'value', pointerPath: [...source, i], message: `duplicate value ${formatReceived(value)} (same as item ${first})`, blocksExpansion: true });
    });
  }
  for (const { group, source } of zipGroups(zip)) {
    const where = source.length === 1 ? 'zip' : `zip group ${String(source[1])}`;
    let reference: { path: string; length: number } | undefined;
    for (const [path, values] of Object.entries(group)) {
      const keySource = [...source, path];
      if (!known.includes(path)) {
        issues.push({ path: keySource, at: 'key', pointerPath: source, message: unknownPathMessage(path, known), blocksExpansion: false });
        continue;
      }
      claim(path, where, keySource);
      if (reference === undefined) reference = { path, length: values.length };
      else if (values.length !== reference.length) {
        issues.push({
          path: keySource,
          at: 'value',
          pointerPath: keySource,
          message: `has ${values.length} value${values.length === 1 ? '' : 's'} but ${reference.path} has ${reference.length}; zip lists move together and need the same length`,
          blocksExpansion: true,
        });
      }
    }
  }
  return issues;
}
