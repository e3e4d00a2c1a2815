// What a decided claim is: its declaration, its parts' tests, its p before and after correction, its verdict, and
// the sentences and table a report shows.

import type { ClaimSpec } from '../../config/claim-spec.js';
import type { PartComparison } from './compare-claim-part.js';
import type { ClaimEvidence, ClaimVerdict } from './decide-claim.js';

export interface ClaimTable {
  header: string[];
  rows: string[][];
}

/** A claim with its parts compared, before the family's correction. */
export interface ComparedClaim {
  spec: ClaimSpec;
  /** The experiment it belongs to (the findings table corrects claims of several together). */
  experiment: string;
  parts: PartComparison[];
  /** Why it cannot be decided; [] when it can. */
  shortfalls: string[];
  /** null when `shortfalls` is not empty. */
  evidence: ClaimEvidence | null;
}

export interface ClaimResult extends ComparedClaim {
  id: string;
  /** The statement, as declared. */
  claim: string;
  /** How it is decided, in words. */
  rule: string;
  verdict: ClaimVerdict;
  /** The p the verdict used: Holm-adjusted over `family` for a primary claim, raw for an exploratory one. */
  adjustedP: number | null;
  /** The corrected family, e.g. "the 4 primary claims of book-ch6"; null for exploratory or undecided claims. */
  family: string | null;
  /** Plain-text sentences with the deciding numbers (or why it is not decided). */
  findings: string[];
  table: ClaimTable | null;
}
