// Keeps the runs whose config matches every `--where KEY=VALUE` condition, so a user can choose among runs that differ.

import { UserError } from '../config/user-error.js';
import type { RunResults } from './experiment-results.js';
import { formatValue, runValue } from './group-runs.js';

export interface WhereCondition {
  /** Dotted config path (a grid key or any config key), e.g. "train.num_steps". */
  key: string;
  /** The value as typed: matches a string value as is ("book") and any other value as JSON ("26", "null", "[8,4]"). */
  value: string;
}

export function formatWhere(condition: WhereCondition): string {
  return `--where ${condition.key}=${condition.value}`;
}

function matches(run: RunResults, condition: WhereCondition): boolean {
  const value = runValue(run.run, condition.key);
  return value !== undefined && (formatValue(value) === condition.value || JSON.stringify(value) === condition.value);
}

/** "26 (6 runs), 3 (2 runs)": the values a key takes over some runs, most runs first. */
export function formatValueCounts(runs: readonly RunResults[], key: string): string {
  const counts = new Map<string, number>();
  for (const run of runs) {
    const value = formatValue(runValue(run.run, key));
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([value, count]) => `${value} (${count} run${count === 1 ? '' : 's'})`)
    .join(', ');
}

/** The runs matching every condition (all runs when there are none). A UserError when a key is in no run's config,
 *  when a value matches no run (listing the values there are), or when the conditions together leave no run. */
export function selectRunsWhere(
  runs: readonly RunResults[],
  conditions: readonly WhereCondition[],
  experiment: string,
): RunResults[] {
  for (const condition of conditions) {
    if (!runs.some((run) => runValue(run.run, condition.key) !== undefined)) {
      throw new UserError(`${formatWhere(condition)}: no run of experiment "${experiment}" has a config key "${condition.key}"`);
    }
    if (!runs.some((run) => matches(run, condition))) {
      throw new UserError(
        `${formatWhere(condition)}: no run of experiment "${experiment}" has ${condition.key} = ${condition.value}; ` +
          `its runs have ${formatValueCounts(runs, condition.key)}`,
      );
    }
  }
  const kept = runs.filter((run) => conditions.every((condition) => matches(run, condition)));
  if (kept.length === 0) {
    throw new UserError(`${conditions.map(formatWhere).join(' ')}: no run of experiment "${experiment}" matches all of them`);
  }
  return kept;
}
