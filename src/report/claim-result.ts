// What a decided claim is (rule, verdict, findings, table) and the two ways every claim rule ends: decided or not tested.

import { verdictOf, type Comparison, type Verdict } from './compare-groups.js';
import { dataShortfalls, shortfallFinding, type ComparedGroup } from './data-shortfalls.js';

export interface ClaimTable {
  header: string[];
  rows: string[][];
}

export type ClaimId =
  | 'repetition'
  | 'fluctuation'
  | 'unrolling'
  | 'overfitting'
  | 'memory'
  | 'context'
  | 'hidden'
  | 'across-experiments';

export interface ClaimResult {
  id: ClaimId;
  claim: string;
  /** How the verdict is decided, in words. */
  rule: string;
  verdict: Verdict;
  /** Plain-text sentences with the deciding numbers (or why the claim is not tested). */
  findings: string[];
  table: ClaimTable | null;
}

export function notTested(id: ClaimId, claim: string, rule: string, reason: string): ClaimResult {
  return { id, claim, rule, verdict: 'not tested', findings: [`Not tested by this experiment: ${reason}.`], table: null };
}

/** The verdict from the parts, unless the compared groups are too few or too short to decide: then "not enough
 *  data", and the findings open with the reasons. */
export function decide(
  parts: readonly Comparison[],
  groups: readonly ComparedGroup[],
  findings: string[],
): { verdict: Verdict; findings: string[] } {
  const reasons = dataShortfalls(groups);
  if (reasons.length === 0) return { verdict: verdictOf(parts), findings };
  return { verdict: 'not enough data', findings: [shortfallFinding(reasons), ...findings] };
}

/** The note added when runs are pooled over grid keys the claim does not group by (empty when none are). */
export function pooledNote(gridKeys: readonly string[], groupKeys: readonly string[]): string[] {
  const pooled = gridKeys.filter((key) => !groupKeys.includes(key));
  return pooled.length === 0 ? [] : [`Runs are pooled over the other grid keys (${pooled.join(', ')}); read with care.`];
}
