// The Run page's config diff: every config path whose value differs between two runs' resolved configs.
import type { RunConfig } from '../config/run-config.js';
import { flattenConfig } from '../report/flatten-config.js';

export interface ConfigDifference {
  path: string;
  /** JSON text of each side's value; null where that run's config lacks the path. */
  a: string | null;
  b: string | null;
}

/** Differences in path order of `a`'s config, then paths only `b` has. */
export function diffRunConfigs(a: RunConfig, b: RunConfig): ConfigDifference[] {
  const flatA = flattenConfig(a, '', new Map());
  const flatB = flattenConfig(b, '', new Map());
  const paths = [...flatA.keys(), ...[...flatB.keys()].filter((path) => !flatA.has(path))];
  return paths
    .filter((path) => flatA.get(path) !== flatB.get(path))
    .map((path) => ({ path, a: flatA.get(path) ?? null, b: flatB.get(path) ?? null }));
}
