// A decided claim put in words: its rule, one sentence per part with the deciding numbers, the claim's p before and
// after correction, and a table of the parts.

import type { ClaimSpec } from '../../config/claim-spec.js';
import { formatFlow } from '../../config/format-value.js';
import type { SampleSummary } from '../../stats/summarize-sample.js';
import { describeClaimMetric } from './claim-run-value.js';
import type { ClaimResult } from './claim-result.js';
import { CLAIM_ALPHA, MDE_POWER, MIN_BOOTSTRAP_VALUES, MIN_PERMUTATION_PAIRS, type PartComparison, type PartTest } from './compare-claim-part.js';

/** Digits a metric's numbers are shown with. */
function digitsOf(claim: ClaimSpec): number {
  if (claim.metric === 'valid_fluctuation' || claim.metric === 'late_valid_slope') return 4;
  if (claim.metric === 'distinct_word_4grams' || claim.metric === 'distinct_char_8grams') return 3;
  if (claim.metric === 'longest_repeat') return 1;
  return 2;
}

/** A number with a true minus sign, "+" when `plus`, ∞ for infinities. */
function signed(value: number, digits: number, plus = false): string {
  const magnitude = Number.isFinite(value) ? Math.abs(value).toFixed(digits) : '∞';
  return value < 0 ? `−${magnitude}` : plus ? `+${magnitude}` : magnitude;
}

/** "0.0351", "< 0.001", "1.00". */
export function formatPValue(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toPrecision(3);
}

/** "p = 0.0351", "p < 0.001". */
export function formatP(p: number, name = 'p'): string {
  const value = formatPValue(p);
  return value.startsWith('<') ? `${name} ${value}` : `${name} = ${value}`;
}

function meanSd(summary: SampleSummary, digits: number): string {
  if (summary.n === 0) return '—';
  if (summary.n === 1) return signed(summary.mean, digits);
  return `${signed(summary.mean, digits)} ± ${summary.sd.toFixed(digits)}`;
}

function armText(arm: Record<string, unknown>): string {
  return Object.entries(arm).map(([key, value]) => `${key} ${formatFlow(value)}`).join(', ');
}

function testText(test: PartTest, claim: ClaimSpec, digits: number): string {
  const name = test.design === 'paired' ? 'paired t' : 'Welch t';
  const t = Number.isNaN(test.t) ? 'undefined' : signed(test.t, 2);
  const pieces = [
    `${test.design === 'paired' ? `${test.n} pairs` : 'unpaired'}: difference ${signed(test.difference, digits, true)}`,
    `95% CI ${signed(test.interval[0], digits)} to ${signed(test.interval[1], digits)}`,
    `${name} = ${t}, df = ${test.df.toFixed(1)}, ${formatP(test.p)}`,
  ];
  if (test.bootstrap !== null) pieces.push(`bootstrap 95% CI ${signed(test.bootstrap[0], digits)} to ${signed(test.bootstrap[1], digits)}`);
  if (test.permutationP !== null) pieces.push(formatP(test.permutationP, 'exact sign-flip p'));
  if (claim.expect === 'equivalent' && test.tost !== null) {
    pieces.push(`TOST against ±${claim.margin}: ${formatP(test.tost.p)} (90% CI ${signed(test.tost.interval[0], digits)} to ${signed(test.tost.interval[1], digits)})`);
  }
  if (test.mde !== null) pieces.push(`detectable with ${MDE_POWER * 100}% power: ±${test.mde.toFixed(digits)}`);
  return `${pieces[0]} (${pieces.slice(1).join('; ')})`;
}

function partSentence(part: PartComparison, claim: ClaimSpec, digits: number): string {
  const where = part.label === '' ? 'All runs' : part.label;
  const head = `${where}: a ${meanSd(part.a.summary, digits)} (n = ${part.a.values.length}) vs b ${meanSd(part.b.summary, digits)} (n = ${part.b.values.length})`;
  if (part.test === null) return `${head}: no test (an arm has fewer than 2 values).`;
  const why = part.test.unpairedBecause === null ? '' : ` Unpaired because ${part.test.unpairedBecause}.`;
  return `${head}: ${testText(part.test, claim, digits)}.${why}`;
}

/** Overfitting is validation loss rising while train loss falls: how many runs' train loss fell over the same epochs. */
function trainSlopeSentence(part: PartComparison, claim: ClaimSpec): string {
  const arm = (name: string, slopes: readonly (number | null)[]) => {
    const measured = slopes.filter((slope): slope is number => slope !== null);
    const falling = measured.filter((slope) => slope < 0).length;
    const mean = measured.length === 0 ? null : measured.reduce((sum, slope) => sum + slope, 0) / measured.length;
    return `${name} in ${falling} of ${measured.length} runs${mean === null ? '' : ` (mean train slope ${signed(mean, 4, true)} nats per epoch)`}`;
  };
  const where = part.label === '' ? '' : `${part.label}: `;
  return (
    `${where}train loss fell over the same last ${claim.lastEpochs} validated epochs for ${arm('a', part.a.trainSlopes)}, ` +
    `for ${arm('b', part.b.trainSlopes)} (shown beside the validation slope, does not decide).`
  );
}

/** How the claim is decided, in words. */
export function claimRule(claim: ClaimSpec): string {
  const expectation =
    claim.expect === 'equivalent'
      ? `a and b equivalent within ±${claim.margin} (two one-sided tests, each at α = ${CLAIM_ALPHA})`
      : `a ${claim.expect} than b`;
  const where = Object.keys(claim.where).length === 0 ? '' : ` Only grid points with ${armText(claim.where)}.`;
  return (
    `Metric per run: ${describeClaimMetric(claim)}. Arms: a = ${armText(claim.a)}; b = ${armText(claim.b)}.${where} ` +
    `Expected: ${expectation}. One part per grid point of a and its partner in b (the point that differs only in the ` +
    'arms’ keys). A part is paired by data-order seed when both points ran the same seeds (paired t-test on the ' +
    `per-seed differences, with an exact sign-flip p from ${MIN_PERMUTATION_PAIRS} pairs on), else unpaired (Welch’s t-test); ` +
    `each with its 95% t interval, and a percentile bootstrap interval from ${MIN_BOOTSTRAP_VALUES} values per arm on. The claim’s p: the largest part p when every ` +
    'part goes as claimed (intersection–union), or the number of parts times the smallest p of a part going the ' +
    `other way; ${claim.primary ? 'Holm-corrected over the primary claims' : 'exploratory: not corrected'}; decided at α = ${CLAIM_ALPHA}.`
  );
}

function verdictSentence(result: Omit<ClaimResult, 'rule' | 'findings' | 'table' | 'id' | 'claim'>, digits: number): string {
  const { evidence, adjustedP, verdict } = result;
  if (evidence === null || adjustedP === null) return '';
  const correction =
    result.family === null ? 'exploratory, not corrected' : `Holm-adjusted over ${result.family}: ${formatP(adjustedP, 'p')}`;
  const side =
    evidence.side === 'against'
      ? 'a part goes against the claim'
      : result.spec.expect === 'equivalent'
        ? 'the largest TOST p over the parts'
        : evidence.pFor < 1
          ? 'every part in the claimed direction: the largest part p'
          : 'no part goes the claimed way';
  let sentence = `Claim ${formatP(evidence.p)} (${side}; ${correction}): ${verdict}.`;
  if (verdict === 'inconclusive') {
    const mdes = result.parts.map((part) => part.test?.mde ?? null).filter((mde): mde is number => mde !== null);
    if (mdes.length > 0) {
      sentence +=
        ` At these seeds a part detects, with ${MDE_POWER * 100}% power, only a difference of at least ` +
        `${Math.min(...mdes).toFixed(digits)}${mdes.length > 1 ? `–${Math.max(...mdes).toFixed(digits)}` : ''}.`;
    }
  }
  return sentence;
}

/** The findings and table of a claim whose verdict is known. */
export function formatClaimResult(result: Omit<ClaimResult, 'rule' | 'findings' | 'table' | 'id' | 'claim'>): ClaimResult {
  const claim = result.spec;
  const digits = digitsOf(claim);
  const findings: string[] = [];
  if (result.shortfalls.length > 0) {
    findings.push(`Not enough data to decide: ${result.shortfalls.join('; ')}. The numbers below are shown but do not decide.`);
  }
  findings.push(...result.parts.map((part) => partSentence(part, claim, digits)));
  if (claim.metric === 'late_valid_slope') findings.push(...result.parts.map((part) => trainSlopeSentence(part, claim)));
  const verdict = verdictSentence(result, digits);
  if (verdict !== '') findings.push(verdict);
  if (!claim.primary) findings.push('Exploratory: not in the corrected family; read its p as a lead, not a finding.');
  const table =
    result.parts.length === 0
      ? null
      : {
          header: ['part', 'a', 'b', 'design', 'difference (95% CI)', 'p', 'sign-flip p', `detectable (${MDE_POWER * 100}% power)`],
          rows: result.parts.map((part) => [
            part.label === '' ? 'all runs' : part.label,
            `${meanSd(part.a.summary, digits)} (n = ${part.a.values.length})`,
            `${meanSd(part.b.summary, digits)} (n = ${part.b.values.length})`,
            part.test === null ? '—' : part.test.design === 'paired' ? `paired, ${part.test.n}` : 'unpaired',
            part.test === null
              ? '—'
              : `${signed(part.test.difference, digits, true)} (${signed(part.test.interval[0], digits)} to ${signed(part.test.interval[1], digits)})`,
            part.test === null ? '—' : formatPValue(part.test.p),
            part.test?.permutationP == null ? '—' : formatPValue(part.test.permutationP),
            part.test?.mde == null ? '—' : `±${part.test.mde.toFixed(digits)}`,
          ]),
        };
  return { ...result, id: claim.id, claim: claim.statement, rule: claimRule(claim), findings, table };
}
