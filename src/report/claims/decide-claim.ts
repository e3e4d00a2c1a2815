// A claim's verdict from its parts: one p for the claim (intersection–union for "every part as claimed", Bonferroni
// over parts for "some part the other way"), then, after the family's Holm correction, the verdict.

import type { ClaimSpec } from '../../config/claim-spec.js';
import { CLAIM_ALPHA, type PartComparison } from './compare-claim-part.js';

export type ClaimVerdict = 'supported' | 'contradicted' | 'equivalent' | 'inconclusive' | 'not enough data';

export interface ClaimEvidence {
  /** The claim's p: the smaller of pFor and pAgainst. NaN when no part has a test. */
  p: number;
  /** p of the claim as stated: every part significant in the claimed direction (or equivalent), by the
   *  intersection–union rule (the largest part p); 1 when a part goes the other way. */
  pFor: number;
  /** p that it is wrong: the smallest p of a part significantly the other way (beyond the margin, for
   *  equivalence), times the number of parts (Bonferroni); 1 when none goes the other way. */
  pAgainst: number;
  /** What a significant p means: `for` (supported or equivalent) or `against` (contradicted). */
  side: 'for' | 'against';
}

function goesAsClaimed(difference: number, expect: ClaimSpec['expect']): boolean {
  return expect === 'lower' ? difference < 0 : difference > 0;
}

/** The claim's evidence from parts that all have a test (callers decide "not enough data" first). */
export function claimEvidence(parts: readonly PartComparison[], claim: Pick<ClaimSpec, 'expect'>): ClaimEvidence {
  const tested = parts.map((part) => part.test).filter((test) => test !== null);
  if (tested.length === 0 || tested.length < parts.length) return { p: Number.NaN, pFor: Number.NaN, pAgainst: Number.NaN, side: 'for' };
  const k = tested.length;
  let pFor: number;
  let pAgainst: number;
  if (claim.expect === 'equivalent') {
    pFor = Math.max(...tested.map((test) => test.tost!.p));
    pAgainst = Math.min(1, k * Math.min(...tested.map((test) => test.pBeyondMargin!)));
  } else {
    const asClaimed = tested.every((test) => goesAsClaimed(test.difference, claim.expect));
    pFor = asClaimed ? Math.max(...tested.map((test) => test.p)) : 1;
    const other = tested.filter((test) => !goesAsClaimed(test.difference, claim.expect) && test.difference !== 0);
    pAgainst = other.length === 0 ? 1 : Math.min(1, k * Math.min(...other.map((test) => test.p)));
  }
  return pFor <= pAgainst ? { p: pFor, pFor, pAgainst, side: 'for' } : { p: pAgainst, pFor, pAgainst, side: 'against' };
}

/** The verdict once the claim's p is adjusted (Holm, for a primary claim; raw for an exploratory one). */
export function claimVerdict(evidence: ClaimEvidence, adjustedP: number, claim: Pick<ClaimSpec, 'expect'>): ClaimVerdict {
  if (!(adjustedP < CLAIM_ALPHA)) return 'inconclusive';
  if (evidence.side === 'against') return 'contradicted';
  return claim.expect === 'equivalent' ? 'equivalent' : 'supported';
}
