// Config keys (beyond the grid keys and the seed) whose values differ between runs of one grid point: runs that must
// not be averaged together as seeds (typically older runs of an experiment file edited since).

import { KEYS_ADDED_SINCE_FORM, type AddedKey } from '../config/run-id.js';
import type { RunResults } from './experiment-results.js';
import { flattenConfig } from './flatten-config.js';
import { groupRuns } from './group-runs.js';

export interface ConfigSplit {
  /** Dotted config path, e.g. "train.num_steps". */
  key: string;
  /** Each value the key takes across all the runs (JSON text), with how many runs have it; most runs first. */
  values: { value: string; runs: number }[];
}

/** A run's config flattened; a key added to rnnlab after the run was stored counts as its `before` value (the
 *  behaviour the run had), so a newer rnnlab's defaults do not set old runs apart. */
function flatConfig(run: RunResults, added: readonly AddedKey[]): Map<string, string> {
  const flat = flattenConfig(run.run.config, '', new Map());
  for (const { path, before } of added) {
    const present = [...flat.keys()].some((key) => key === path || key.startsWith(`${path}.`));
    if (!present) flattenConfig(before, path, flat);
  }
  return flat;
}

/** The keys that split some grid point, in order of first discovery, each with its values over all `runs`. */
export function findConfigSplits(
  runs: readonly RunResults[],
  gridKeys: readonly string[],
  added: readonly AddedKey[] = KEYS_ADDED_SINCE_FORM,
): ConfigSplit[] {
  const flat = new Map(runs.map((run) => [run, flatConfig(run, added)]));
  const keys: string[] = [];
  for (const point of groupRuns(runs, gridKeys, '')) {
    const configs = point.runs.map((run) => flat.get(run) as Map<string, string>);
    const paths = new Set(configs.flatMap((map) => [...map.keys()]));
    for (const path of paths) {
      if (path === 'seed' || gridKeys.includes(path) || keys.includes(path)) continue;
      if (new Set(configs.map((map) => map.get(path))).size > 1) keys.push(path);
    }
  }
  return keys.map((key) => {
    const counts = new Map<string, number>();
    for (const map of flat.values()) {
      const value = map.get(key) ?? 'undefined'; // absent: the run's config predates the key
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    const values = [...counts].map(([value, count]) => ({ value, runs: count })).sort((a, b) => b.runs - a.runs);
    return { key, values };
  });
}
