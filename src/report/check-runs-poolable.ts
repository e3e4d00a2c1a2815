// Refuses to report an experiment whose runs of one grid point differ beyond the grid keys, saying how to choose.

import { UserError } from '../config/user-error.js';
import type { RunResults } from './experiment-results.js';
import { findConfigSplits } from './find-config-splits.js';
import { formatValue, runValue } from './group-runs.js';

/** A stored JSON leaf as a user types it after --where KEY= (strings bare). */
function typed(json: string): string {
  return json === 'undefined' ? 'undefined' : formatValue(JSON.parse(json));
}

/** Throws a UserError when averaging `runs` over seeds would mix configs: it names each differing key with its values
 *  and run counts, and suggests the --where conditions of the most common combination. */
export function checkRunsPoolable(runs: readonly RunResults[], gridKeys: readonly string[], experiment: string): void {
  const splits = findConfigSplits(runs, gridKeys);
  if (splits.length === 0) return;
  // The most common combination of the differing values: an existing set of runs, unlike the per-key favourites.
  const combinations = new Map<string, { values: string[]; runs: number }>();
  for (const run of runs) {
    const values = splits.map(({ key }) => {
      const value = runValue(run.run, key);
      return value === undefined ? 'undefined' : formatValue(value);
    });
    const id = JSON.stringify(values);
    const entry = combinations.get(id) ?? { values, runs: 0 };
    entry.runs += 1;
    combinations.set(id, entry);
  }
  const common = [...combinations.values()].reduce((a, b) => (b.runs > a.runs ? b : a));
  const suggestion = splits
    .map(({ key }, index) => `--where ${key}=${common.values[index]}`)
    .filter((text) => !text.endsWith('=undefined'))
    .join(' ');
  const grid = gridKeys.length === 0 ? 'it has no grid keys' : `grid keys: ${gridKeys.join(', ')}`;
  throw new UserError(
    [
      `experiment "${experiment}": runs of one grid point differ beyond the grid keys (${grid}), so averaging them ` +
        'over seeds would mix different set-ups (older runs of an edited experiment file?):',
      ...splits.map(
        ({ key, values }) =>
          `  ${key}: ${values.map(({ value, runs: count }) => `${typed(value)} (${count} run${count === 1 ? '' : 's'})`).join(', ')}`,
      ),
      `choose the runs with --where KEY=VALUE (repeatable)${suggestion === '' ? '' : `, e.g. ${suggestion} (${common.runs} runs)`}`,
    ].join('\n'),
  );
}
