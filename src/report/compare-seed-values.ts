// TODO(integrator): a placeholder for the stats branch's compareSeedValues and formatTest (src/report/compare-groups.ts
// there: Welch's t-test with difference, 95% CI and p). When that lands, import both from './compare-groups.js' in
// build-findings-table.ts and delete this file. Until then the part is judged by the 2-standard-error rule and no
// test is shown: this is NOT the finished cross-experiment statistics.

import { compareGroups, type Comparison } from './compare-groups.js';
import { summarize, type SummaryStats } from './summary-stats.js';

export interface GroupComparison {
  a: SummaryStats;
  b: SummaryStats;
  expected: 'lower' | 'higher';
  test: null;
  part: Comparison;
}

export function compareSeedValues(
  a: readonly (number | null)[],
  b: readonly (number | null)[],
  expected: 'lower' | 'higher',
): GroupComparison {
  const [left, right] = [summarize(a), summarize(b)];
  return { a: left, b: right, expected, test: null, part: compareGroups(left, right, expected) };
}

export function formatTest(comparison: GroupComparison): string {
  return comparison.part === 'unknown' ? 'no test (a group has no value)' : 'no test yet (Welch’s test: TODO, stats helper)';
}
