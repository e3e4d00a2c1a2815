// The repeatable --where KEY=VALUE option that chooses runs (report, compare), and its parsing into conditions.
import { Option } from 'commander';
import { UserError } from '../config/user-error.js';
import type { WhereCondition } from '../report/select-runs-where.js';

export function whereOption(): Option {
  return new Option(
    '--where <key=value>',
    'only runs whose config has this value (a string as is, other values as JSON: --where train.num_steps=26); repeatable',
  )
    .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value])
    .default([] as string[]);
}

export function parseWhere(texts: readonly string[]): WhereCondition[] {
  return texts.map((text) => {
    const at = text.indexOf('=');
    if (at <= 0) throw new UserError(`--where must be KEY=VALUE (e.g. train.num_steps=26); got "${text}"`);
    return { key: text.slice(0, at).trim(), value: text.slice(at + 1).trim() };
  });
}
