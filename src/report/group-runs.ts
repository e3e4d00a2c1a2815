// Groups an experiment's runs into grid points (runs that differ only by seed), labelled by their grid values.

import type { RunResults } from './experiment-results.js';

export interface GridPoint {
  /** Stable identity: the JSON of `values`. */
  key: string;
  /** Human label, e.g. "type=rnn, documents=20" (the experiment name when there is no grid key). */
  label: string;
  /** The grouping keys (dotted paths) → value. */
  values: Record<string, unknown>;
  /** The seeds' runs, in registration order. */
  runs: RunResults[];
}

/** The grid keys of these runs (params minus "seed"), in the order the runner registered them. */
export function gridKeys(runs: readonly RunResults[]): string[] {
  const keys: string[] = [];
  for (const { run } of runs) {
    for (const key of Object.keys(run.params)) if (key !== 'seed' && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

/** A run's value for a dotted key: its grid parameter if it has one, else the value in its resolved config
 *  (so `--by model.hidden` works for any config key, swept or not). undefined when neither has it. */
export function runValue(run: RunResults['run'], key: string): unknown {
  if (Object.hasOwn(run.params, key)) return run.params[key];
  let node: unknown = run.config;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Short names for keys: the last path segment unless two keys share it, then the full path. */
export function shortKeyNames(keys: readonly string[]): Map<string, string> {
  const last = (key: string) => key.slice(key.lastIndexOf('.') + 1);
  const names = new Map<string, string>();
  for (const key of keys) {
    const clash = keys.some((other) => other !== key && last(other) === last(key));
    names.set(key, clash ? key : last(key));
  }
  return names;
}

export function formatValue(value: unknown): string {
  if (value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Grid points in order of first appearance; runs whose values for `byKeys` are equal share a point. */
export function groupRuns(runs: readonly RunResults[], byKeys: readonly string[], fallbackLabel: string): GridPoint[] {
  const names = shortKeyNames(byKeys);
  const points = new Map<string, GridPoint>();
  for (const result of runs) {
    const values = Object.fromEntries(byKeys.map((key) => [key, runValue(result.run, key)]));
    const key = JSON.stringify(byKeys.map((k) => values[k] ?? null));
    let point = points.get(key);
    if (point === undefined) {
      const label =
        byKeys.length === 0 ? fallbackLabel : byKeys.map((k) => `${names.get(k)}=${formatValue(values[k])}`).join(', ');
      point = { key, label, values, runs: [] };
      points.set(key, point);
    }
    point.runs.push(result);
  }
  return [...points.values()];
}
