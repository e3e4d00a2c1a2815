// Every claim an experiment declares, decided on its runs: parts found in the grid, compared, checked for enough
// data, corrected together (Holm over the primary claims) and put in words.

import { pairClaimPoints } from '../../config/pair-claim-points.js';
import type { ClaimSpec } from '../../config/claim-spec.js';
import { holmAdjust } from '../../stats/holm.js';
import { dataShortfalls } from '../data-shortfalls.js';
import type { RunResults } from '../experiment-results.js';
import { groupRuns } from '../group-runs.js';
import type { ClaimResult, ComparedClaim } from './claim-result.js';
import { compareClaimPart } from './compare-claim-part.js';
import { claimEvidence, claimVerdict } from './decide-claim.js';
import { formatClaimResult } from './format-claim-result.js';

/** An experiment's runs with results, as a claim compares them: its grid keys and zip groups say how runs pair. */
export interface ExperimentRuns {
  name: string;
  /** Runs with at least one epoch. */
  runs: readonly RunResults[];
  gridKeys: readonly string[];
  zipKeyGroups: readonly (readonly string[])[];
}

/** The runs of another experiment that a claim's arm b names (`experiment:`), or null when they are not at hand. */
export type FindExperimentRuns = (name: string) => ExperimentRuns | null;

/** One claim's parts compared on `runs` (one experiment's runs with epochs), and whether the data can decide it;
 *  arm b's runs come from `findOther(spec.against)` when it names another experiment. */
export function compareClaim(
  spec: ClaimSpec,
  experiment: string,
  runs: readonly RunResults[],
  gridKeys: readonly string[],
  zipKeyGroups: readonly (readonly string[])[],
  findOther: FindExperimentRuns = () => null,
): ComparedClaim {
  const points = groupRuns(runs, gridKeys, experiment);
  const other = spec.against === null ? null : findOther(spec.against);
  if (spec.against !== null && other === null) {
    const missing = `experiment ${spec.against}'s runs are not in the database read (give its database too, --db FILE, or see rnnlab report --summary, which reads every published experiment)`;
    return { spec, experiment, parts: [], shortfalls: [missing], evidence: null };
  }
  const otherPoints = other === null ? undefined : { points: groupRuns(other.runs, other.gridKeys, other.name), zipKeyGroups: other.zipKeyGroups };
  const pairing = pairClaimPoints(spec, points, zipKeyGroups, otherPoints);
  const parts = pairing.parts.map((part) => compareClaimPart(part.label, part.a.runs, part.b.runs, spec));
  const shortfalls: string[] = [];
  if (parts.length === 0) shortfalls.push('no grid point of arm a has a partner in arm b among the runs with results');
  const bName = other === null ? 'b' : `b ${other.name}`;
  const groups = pairing.parts.flatMap((part) => [
    { name: `a ${part.a.label}`, runs: part.a.runs },
    { name: `${bName} ${part.b.label}`, runs: part.b.runs },
  ]);
  shortfalls.push(...dataShortfalls(groups));
  const missing = parts.flatMap((part) => [...part.a.missing, ...part.b.missing].map((entry) => entry.reason));
  if (missing.length > 0) {
    const reasons = [...new Set(missing)];
    shortfalls.push(`${missing.length} run${missing.length === 1 ? ' has' : 's have'} no value of the metric (${reasons.join('; ')})`);
  }
  const evidence = shortfalls.length === 0 ? claimEvidence(parts, spec) : null;
  return { spec, experiment, parts, shortfalls, evidence };
}

/**
 * Verdicts for a family of compared claims: the primary ones that can be decided are corrected together by Holm's
 * method (`familyName` says which family, e.g. "book-ch6" or "the findings table"); exploratory ones keep their raw
 * p and say so.
 */
export function decideClaims(compared: readonly ComparedClaim[], familyName: string): ClaimResult[] {
  const corrected = compared.filter((claim) => claim.spec.primary && claim.evidence !== null && Number.isFinite(claim.evidence.p));
  const adjusted = holmAdjust(corrected.map((claim) => claim.evidence!.p));
  const family = `the ${corrected.length} decidable primary claim${corrected.length === 1 ? '' : 's'} of ${familyName}`;
  return compared.map((claim) => {
    const place = corrected.indexOf(claim);
    const evidence = claim.evidence;
    if (evidence === null || !Number.isFinite(evidence.p)) {
      return formatClaimResult({ ...claim, verdict: 'not enough data', adjustedP: null, family: null });
    }
    const adjustedP = place >= 0 ? adjusted[place] : evidence.p;
    return formatClaimResult({
      ...claim,
      verdict: claimVerdict(evidence, adjustedP, claim.spec),
      adjustedP,
      family: place >= 0 ? family : null,
    });
  });
}

/** Every claim of one experiment, decided with Holm's correction over the experiment's primary claims. */
export function evaluateClaims(
  specs: readonly ClaimSpec[],
  experiment: string,
  runs: readonly RunResults[],
  gridKeys: readonly string[],
  zipKeyGroups: readonly (readonly string[])[],
  findOther: FindExperimentRuns = () => null,
): ClaimResult[] {
  return decideClaims(
    specs.map((spec) => compareClaim(spec, experiment, runs, gridKeys, zipKeyGroups, findOther)),
    experiment,
  );
}
