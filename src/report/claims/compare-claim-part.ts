// One part of a claim decided by a test: the runs of two grid points, paired by data-order seed when both points
// ran the same seeds, else compared unpaired; with intervals, the exact permutation p and the detectable effect.

import type { ClaimSpec } from '../../config/claim-spec.js';
import { bootstrapDifferenceInterval, bootstrapMeanInterval } from '../../stats/bootstrap-interval.js';
import { minimalDetectableEffect } from '../../stats/minimal-detectable-effect.js';
import { pairedTTest } from '../../stats/paired-t-test.js';
import { SIGN_FLIP_MAX_N, signFlipTest } from '../../stats/sign-flip-test.js';
import { studentTCdf } from '../../stats/student-t.js';
import { summarizeSample, type SampleSummary } from '../../stats/summarize-sample.js';
import { pairedTost, welchTost, type Tost } from '../../stats/tost.js';
import { welchTestOfValues } from '../../stats/welch-test.js';
import type { RunResults } from '../experiment-results.js';
import { claimRunValue, lateTrainSlope } from './claim-run-value.js';

/** The significance level of every claim (two-sided). */
export const CLAIM_ALPHA = 0.05;
/** The power the minimal detectable effect is computed for. */
export const MDE_POWER = 0.8;
/** Pairs from which the exact sign-flip test is shown (at 5 or fewer it cannot reach p < 0.05). */
export const MIN_PERMUTATION_PAIRS = 6;
/** Values per arm (pairs, when paired) from which a bootstrap interval is shown: with fewer, resampling has too few
 *  distinct draws (10 for 3 values) and understates the spread. */
export const MIN_BOOTSTRAP_VALUES = 6;

export interface ArmValuesOfRuns {
  /** Each run with its value, in seed order; runs without one are in `missing`. */
  values: { seed: number; value: number }[];
  missing: { seed: number; reason: string }[];
  summary: SampleSummary;
  /** late_valid_slope only: each valued run's train-loss slope over the same epochs (null where it has none). */
  trainSlopes: (number | null)[];
}

export interface PartTest {
  design: 'paired' | 'unpaired';
  /** Why unpaired (the arms' data-order seeds differ); null when paired. */
  unpairedBecause: string | null;
  /** Pairs (paired) or the smaller arm's runs (unpaired). */
  n: number;
  /** mean(a) − mean(b), or the mean of the paired differences. */
  difference: number;
  se: number;
  df: number;
  t: number;
  /** Two-sided p of the t-test (paired t or Welch). */
  p: number;
  /** 95% t interval of the difference. */
  interval: [number, number];
  /** 95% percentile bootstrap interval of the difference; null below MIN_BOOTSTRAP_VALUES. */
  bootstrap: [number, number] | null;
  /** Exact two-sided sign-flip p (paired, n ≥ MIN_PERMUTATION_PAIRS); null otherwise. */
  permutationP: number | null;
  /** The smallest |difference| this n and spread detect with MDE_POWER at CLAIM_ALPHA. */
  mde: number | null;
  /** Two one-sided tests against the claim's margin (expect equivalent only). */
  tost: Tost | null;
  /** One-sided p that |difference| exceeds the margin on the side of the estimate (expect equivalent only). */
  pBeyondMargin: number | null;
}

export interface PartComparison {
  label: string;
  a: ArmValuesOfRuns;
  b: ArmValuesOfRuns;
  /** null when an arm has fewer than 2 values (or no pairs): no test. */
  test: PartTest | null;
}

/** The data-order seed of a run: the seed its document order was drawn from (every stream of a run derives from
 *  its seed by name, so runs of one seed share the order). */
export function dataOrderSeed(run: RunResults): number {
  return run.run.dataOrderSeed ?? run.run.config.seed;
}

function armValues(runs: readonly RunResults[], claim: ClaimSpec): ArmValuesOfRuns {
  const values: ArmValuesOfRuns['values'] = [];
  const missing: ArmValuesOfRuns['missing'] = [];
  const trainSlopes: (number | null)[] = [];
  for (const run of [...runs].sort((x, y) => dataOrderSeed(x) - dataOrderSeed(y))) {
    const result = claimRunValue(run, claim);
    if (result.value === null) missing.push({ seed: dataOrderSeed(run), reason: result.missing });
    else {
      values.push({ seed: dataOrderSeed(run), value: result.value });
      if (claim.metric === 'late_valid_slope') trainSlopes.push(lateTrainSlope(run, claim));
    }
  }
  return { values, missing, summary: summarizeSample(values.map((entry) => entry.value)), trainSlopes };
}

/** Why two arms cannot be paired by seed, or null when they can: each seed once in each, the same seeds in both. */
function unpairable(a: ArmValuesOfRuns, b: ArmValuesOfRuns): string | null {
  const seeds = (arm: ArmValuesOfRuns) => arm.values.map((entry) => entry.seed);
  const [sa, sb] = [seeds(a), seeds(b)];
  if (new Set(sa).size !== sa.length || new Set(sb).size !== sb.length) return 'a data-order seed repeats within an arm';
  const same = sa.length === sb.length && sa.every((seed) => sb.includes(seed));
  return same ? null : `the arms' data-order seeds differ (a: ${sa.join(', ') || 'none'}; b: ${sb.join(', ') || 'none'})`;
}

/** p that the true difference lies beyond the margin on the estimate's side: H0 |Δ| ≤ margin, one-sided. */
function beyondMargin(difference: number, se: number, df: number, margin: number): number {
  if (se === 0) return Math.abs(difference) > margin ? 0 : 1;
  return 1 - studentTCdf((Math.abs(difference) - margin) / se, df);
}

export function compareClaimPart(label: string, runsA: readonly RunResults[], runsB: readonly RunResults[], claim: ClaimSpec): PartComparison {
  const a = armValues(runsA, claim);
  const b = armValues(runsB, claim);
  if (a.values.length < 2 || b.values.length < 2) return { label, a, b, test: null };
  const unpairedBecause = unpairable(a, b);
  const margin = claim.margin;
  let test: PartTest;
  if (unpairedBecause === null) {
    const differences = a.values.map((entry, i) => entry.value - b.values[i].value);
    const t = pairedTTest(differences, 1 - CLAIM_ALPHA);
    test = {
      design: 'paired',
      unpairedBecause: null,
      n: t.n,
      difference: t.meanDifference,
      se: t.se,
      df: t.df,
      t: t.t,
      p: t.p,
      interval: t.interval,
      bootstrap: t.n >= MIN_BOOTSTRAP_VALUES ? bootstrapMeanInterval(differences, { confidence: 1 - CLAIM_ALPHA }).interval : null,
      permutationP: t.n >= MIN_PERMUTATION_PAIRS && t.n <= SIGN_FLIP_MAX_N ? signFlipTest(differences).p : null,
      mde: Number.isFinite(t.se) && t.se > 0 ? minimalDetectableEffect({ se: t.se, df: t.df, alpha: CLAIM_ALPHA, power: MDE_POWER }) : null,
      tost: margin === null ? null : pairedTost(differences, margin, CLAIM_ALPHA),
      pBeyondMargin: margin === null ? null : beyondMargin(t.meanDifference, t.se, t.df, margin),
    };
  } else {
    const [va, vb] = [a.values.map((entry) => entry.value), b.values.map((entry) => entry.value)];
    const w = welchTestOfValues(va, vb, 1 - CLAIM_ALPHA);
    test = {
      design: 'unpaired',
      unpairedBecause,
      n: Math.min(va.length, vb.length),
      difference: w.difference,
      se: w.se,
      df: w.df,
      t: w.t,
      p: w.p,
      interval: w.interval,
      bootstrap:
        Math.min(va.length, vb.length) >= MIN_BOOTSTRAP_VALUES
          ? bootstrapDifferenceInterval(va, vb, { confidence: 1 - CLAIM_ALPHA }).interval
          : null,
      permutationP: null,
      mde: Number.isFinite(w.se) && w.se > 0 ? minimalDetectableEffect({ se: w.se, df: w.df, alpha: CLAIM_ALPHA, power: MDE_POWER }) : null,
      tost: margin === null ? null : welchTost(a.summary, b.summary, margin, CLAIM_ALPHA),
      pBeyondMargin: margin === null ? null : beyondMargin(w.difference, w.se, w.df, margin),
    };
  }
  return { label, a, b, test };
}
