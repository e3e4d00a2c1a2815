// Decides whether one group of seeds' mean is below or above another's, by Welch's t-test, and how parts make a verdict.

import { summarize, type SummaryStats } from './summary-stats.js';
import { welchTest, type WelchTest } from './welch-test.js';

/** The significance level of every comparison (two-sided). */
export const ALPHA = 0.05;

/** `clear`: the difference has the expected sign and Welch's two-sided p < ALPHA; `weak`: expected sign, not
 *  significant (or a group has one seed, so no test); `opposite` / `opposite-clear`: the other sign (or no
 *  difference), not significant / significant; `unknown`: a mean is missing. */
export type Comparison = 'clear' | 'weak' | 'opposite' | 'opposite-clear' | 'unknown';

/** One part of a claim: group a against group b, with the test that decided it. */
export interface GroupComparison {
  a: SummaryStats;
  b: SummaryStats;
  /** The claim says mean(a) is lower (or higher) than mean(b). */
  expected: 'lower' | 'higher';
  /** Welch's test of a − b at 95%; null when a group has fewer than 2 finite values. */
  test: WelchTest | null;
  part: Comparison;
}

/** Whether `a` is lower (or higher) than `b`, judged by Welch's t-test at ALPHA. */
export function compareGroups(a: SummaryStats, b: SummaryStats, expected: 'lower' | 'higher'): GroupComparison {
  if (a.mean === null || b.mean === null) return { a, b, expected, test: null, part: 'unknown' };
  const test = welchTest(a, b, 1 - ALPHA);
  const gap = a.mean - b.mean;
  const asClaimed = expected === 'lower' ? gap < 0 : gap > 0;
  const significant = test !== null && test.p < ALPHA;
  const part: Comparison = asClaimed ? (significant ? 'clear' : 'weak') : significant ? 'opposite-clear' : 'opposite';
  return { a, b, expected, test, part };
}

/** The same from raw per-seed values (null and non-finite values are left out), e.g. best validation perplexities of
 *  two experiments' runs: what the findings table calls to compare across experiments. */
export function compareSeedValues(
  a: readonly (number | null)[],
  b: readonly (number | null)[],
  expected: 'lower' | 'higher',
): GroupComparison {
  return compareGroups(summarize(a), summarize(b), expected);
}

/** "p = 0.0351", "p < 0.001". */
export function formatP(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toPrecision(3)}`;
}

/** A number with a true minus sign ("−20.00", "+3.10" when `plus`), and ∞ for infinities. */
function formatNumber(value: number, digits: number, plus = false): string {
  const magnitude = Number.isFinite(value) ? Math.abs(value).toFixed(digits) : '∞';
  return value < 0 ? `−${magnitude}` : plus ? `+${magnitude}` : magnitude;
}

/** "difference −20.00 (95% CI −22.27 to −17.73; Welch t = −24.49, df = 4.0, p < 0.001)"; why there is no test when a
 *  group has fewer than 2 values. */
export function formatTest(comparison: GroupComparison, digits = 2): string {
  const { test } = comparison;
  if (test === null) {
    return comparison.part === 'unknown' ? 'no test (a group has no value)' : 'no test (a group has fewer than 2 seeds)';
  }
  const [low, high] = test.interval;
  const t = Number.isNaN(test.t) ? 'undefined' : formatNumber(test.t, 2);
  return (
    `difference ${formatNumber(test.difference, digits, true)} (${Math.round(test.confidence * 100)}% CI ` +
    `${formatNumber(low, digits)} to ${formatNumber(high, digits)}; Welch t = ${t}, df = ${test.df.toFixed(1)}, ` +
    `${formatP(test.p)})`
  );
}

/** How a part reads in a finding. */
export function describePart(part: Comparison): string {
  return {
    clear: `holds, significant (p < ${ALPHA})`,
    weak: 'holds in direction, not significant',
    opposite: 'goes the other way, not significant',
    'opposite-clear': `goes the other way, significant (p < ${ALPHA})`,
    unknown: 'cannot be decided (missing values)',
  }[part];
}

/** `not enough data`: the experiment covers the claim, but its runs are too few or too short to decide it
 *  (see data-shortfalls.ts). */
export type Verdict = 'supported' | 'weakly supported' | 'mixed' | 'contradicted' | 'not enough data' | 'not tested';

/** Every part significant as claimed → supported; every part in the claimed direction, at least one not significant
 *  → weakly supported; any part significantly the other way → contradicted; otherwise mixed. No parts (or any
 *  unknown) → not tested. */
export function verdictOf(parts: readonly Comparison[]): Verdict {
  if (parts.length === 0 || parts.includes('unknown')) return 'not tested';
  if (parts.every((part) => part === 'clear')) return 'supported';
  if (parts.every((part) => part === 'clear' || part === 'weak')) return 'weakly supported';
  if (parts.includes('opposite-clear')) return 'contradicted';
  return 'mixed';
}

/** How every comparing claim is decided: stated once at the head of a report's claims (with DATA_RULE). */
export const COMPARISON_RULE =
  'Each part compares two groups of seeds by Welch’s t-test (unequal variances, Welch–Satterthwaite degrees of ' +
  `freedom, two-sided, α = ${ALPHA}); each is shown with the difference of means, its 95% Welch t interval and p. ` +
  'A part is significant when p < α. Verdict: every part significant in the claimed direction → supported; every ' +
  'part in the claimed direction but at least one not significant → weakly supported; any part significant the ' +
  'other way → contradicted; otherwise mixed. No seed-bootstrap interval is used: with 3 seeds a group has at most ' +
  '10 distinct resamples and the bootstrap understates the spread, so it would add nothing the t interval lacks.';

/** What a claim's own rule says in place of COMPARISON_RULE and DATA_RULE, which the report states once. */
export const COMPARISON_RULE_REFERENCE =
  `Each part: Welch’s t-test between the two groups of seeds (α = ${ALPHA}), decided as stated at the head of the claims.`;
