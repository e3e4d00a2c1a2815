// Applies `--set path=value` overrides to a parsed experiment file before validation.
import { parse as parseYaml } from 'yaml';
import { experimentSchema, schemaAtPath } from './experiment-schema.js';
import { hasCycle } from './has-cycle.js';
import { unknownKeyMessage } from './schema-issues.js';
import type { SpecProblem } from './spec-problem.js';
import { toPointer } from './spec-problem.js';

export const OVERRIDE_OPTION = '--set';

export interface AppliedOverrides {
  /** A copy of the data with the overrides applied. */
  data: unknown;
  /** Paths (into the file's data) whose value now comes from the command line. */
  setPaths: string[][];
  problems: SpecProblem[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

/**
 * Overrides in order (a later one wins). The value is read as YAML (`10` is a number, `rnncf` a string,
 * `[32, 16]` a list). `grid.<dotted path>=[…]` replaces one grid list. Setting a path the grid sweeps takes it
 * out of the grid (the user asked for that one value); a path swept by zip cannot be set.
 */
export function applyOverrides(input: unknown, overrides: readonly string[]): AppliedOverrides {
  const data: Record<string, unknown> = isPlainObject(input) ? structuredClone(input) : {};
  const problems: SpecProblem[] = [];
  const setPaths: string[][] = [];
  const location = { option: OVERRIDE_OPTION };
  const schema = experimentSchema();
  for (const text of overrides) {
    const equals = text.indexOf('=');
    if (equals <= 0) {
      problems.push({ location, message: `expected path=value (e.g. train.num_unroll=10); got ${JSON.stringify(text)}` });
      continue;
    }
    const pathText = text.slice(0, equals).trim();
    const valueText = text.slice(equals + 1);
    let value: unknown;
    try {
      value = parseYaml(valueText);
    } catch (error) {
      const reason = (error as Error).message.replace(/ at line \d+, column \d+:[\s\S]*$/, '');
      problems.push({ location, pointer: toPointer(pathText.split('.')), message: `value is not valid YAML (${reason}); got ${JSON.stringify(valueText)}` });
      continue;
    }
    if (hasCycle(value)) {
      problems.push({ location, pointer: toPointer(pathText.split('.')), message: `value contains itself through an alias (e.g. &a [*a]); got ${JSON.stringify(valueText)}` });
      continue;
    }
    if (value === undefined) value = null; // `--set generation.seed_text=` means null
    if (pathText.startsWith('grid.') && pathText.length > 'grid.'.length) {
      const gridPath = pathText.slice('grid.'.length);
      const grid = isPlainObject(data.grid) ? data.grid : (data.grid = {});
      grid[gridPath] = value;
      setPaths.push(['grid', gridPath]);
      continue;
    }
    const path = pathText.split('.');
    // Walk the schema key by key so a typo is reported like an unknown key in the file.
    let unknownAt = -1;
    for (let i = 0; i < path.length && unknownAt < 0; i++) {
      const parent = schemaAtPath(path.slice(0, i), schema);
      if (!parent?.properties || !Object.hasOwn(parent.properties, path[i])) unknownAt = i;
    }
    if (unknownAt >= 0) {
      const parentPath = path.slice(0, unknownAt);
      const allowed = Object.keys(schemaAtPath(parentPath, schema)?.properties ?? {});
      const message = allowed.length === 0
        ? `unknown key "${path[unknownAt]}" (${parentPath.join('.')} has no keys)`
        : unknownKeyMessage(path[unknownAt], allowed, parentPath);
      problems.push({ location, pointer: toPointer(parentPath), message });
      continue;
    }
    if (path[0] === 'zip' || path[0] === 'grid') {
      problems.push({
        location,
        pointer: toPointer(path),
        message: path[0] === 'zip' ? `zip cannot be set from the command line; edit the file` : `use --set grid.<path>=[values] to replace one grid list`,
      });
      continue;
    }
    const dotted = path.join('.');
    const zipGroups = Array.isArray(data.zip) ? data.zip : [data.zip];
    const zipped = zipGroups.flatMap((g) => (isPlainObject(g) ? Object.keys(g) : [])).find((k) => overlaps(k, dotted));
    if (zipped !== undefined) {
      problems.push({ location, pointer: toPointer(path), message: `cannot set ${dotted}: zip sweeps ${zipped} (change the zip lists in the file)` });
      continue;
    }
    if (isPlainObject(data.grid)) {
      const grid = data.grid;
      for (const key of Object.keys(grid).filter((k) => overlaps(k, dotted))) {
        if (key === dotted || key.startsWith(`${dotted}.`)) delete grid[key];
        else problems.push({ location, pointer: toPointer(path), message: `cannot set ${dotted}: the grid sweeps all of ${key}` });
      }
    }
    let parent = data;
    for (const segment of path.slice(0, -1)) {
      if (!isPlainObject(parent[segment])) parent[segment] = {};
      parent = parent[segment] as Record<string, unknown>;
    }
    parent[path[path.length - 1]] = value;
    setPaths.push(path);
  }
  return { data, setPaths, problems };
}
