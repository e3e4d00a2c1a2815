// The one number a claim compares for one run: its metric, computed from the run's epochs or measurement samples,
// or the reason the run has none.

import type { ClaimSpec } from '../../config/claim-spec.js';
import type { RunResults } from '../experiment-results.js';
import { lateSlope } from '../late-slope.js';
import { measureTextQuality } from '../measure-text-quality.js';
import { computeRunMetrics } from '../run-metrics.js';
import { validTrendFluctuation } from '../valid-trend-fluctuation.js';

/** Measurement samples a text metric averages over, at least (per run, checkpoint and decoding). */
export const MIN_TEXT_SAMPLES = 20;

export type RunValue = { value: number; missing: null } | { value: null; missing: string };

const missing = (reason: string): RunValue => ({ value: null, missing: reason });
const found = (value: number): RunValue => (Number.isFinite(value) ? { value, missing: null } : missing(`its ${String(value)} value`));

/** What the claim's metric measures, in words, for rules and tables. */
export function describeClaimMetric(claim: ClaimSpec): string {
  switch (claim.metric) {
    case 'test_perplexity':
      return 'test perplexity (corpus.test) at the epoch with the lowest validation perplexity';
    case 'best_valid_perplexity':
      return 'best validation perplexity (lowest finite; chosen on the set it reports)';
    case 'final_valid_perplexity':
      return 'validation perplexity at the last validated epoch';
    case 'valid_fluctuation':
      return `validation fluctuation: the standard deviation (nats) of validation loss around a least-squares quadratic trend, epochs ${claim.fromEpoch} on`;
    case 'late_valid_slope':
      return `late validation slope: the least-squares slope of validation loss (nats per epoch) over the last ${claim.lastEpochs} validated epochs`;
    case 'distinct_word_4grams':
      return `distinct word 4-gram fraction, mean over ≥ ${MIN_TEXT_SAMPLES} ${claim.decoding} measurement samples of the ${claim.checkpoint} weights`;
    case 'distinct_char_8grams':
      return `distinct character 8-gram fraction, mean over ≥ ${MIN_TEXT_SAMPLES} ${claim.decoding} measurement samples of the ${claim.checkpoint} weights`;
    case 'longest_repeat':
      return `longest repeated substring (characters), mean over ≥ ${MIN_TEXT_SAMPLES} ${claim.decoding} measurement samples of the ${claim.checkpoint} weights`;
  }
}

function validPoints(run: RunResults): { epoch: number; lossNats: number | null }[] {
  return run.epochs.filter((row) => row.validLossNats !== null).map((row) => ({ epoch: row.epoch, lossNats: row.validLossNats }));
}

/** For late_valid_slope: the least-squares slope of train loss (nats per epoch) over the same last validated epochs,
 *  since overfitting is validation loss rising *while train loss falls*; null for other metrics or too few epochs. */
export function lateTrainSlope(run: RunResults, claim: ClaimSpec): number | null {
  if (claim.metric !== 'late_valid_slope') return null;
  const validated = run.epochs.filter((row) => row.validLossNats !== null && Number.isFinite(row.validLossNats)).slice(-claim.lastEpochs);
  return lateSlope(validated.map((row) => ({ epoch: row.epoch, lossNats: row.trainLossNats })), claim.lastEpochs)?.slope ?? null;
}

/** The claim's metric for one run. */
export function claimRunValue(run: RunResults, claim: ClaimSpec): RunValue {
  const metrics = computeRunMetrics(run);
  switch (claim.metric) {
    case 'test_perplexity': {
      if (metrics.bestEpoch === null) return missing('no finite validation perplexity to choose an epoch');
      const value = metrics.testPerplexityAtBest;
      return value === null ? missing('no test perplexity stored (the run has no corpus.test)') : found(value);
    }
    case 'best_valid_perplexity':
      return metrics.bestValidPerplexity === null ? missing('no finite validation perplexity') : found(metrics.bestValidPerplexity);
    case 'final_valid_perplexity':
      return metrics.finalValidPerplexity === null ? missing('no validation perplexity') : found(metrics.finalValidPerplexity);
    case 'valid_fluctuation': {
      const value = validTrendFluctuation(validPoints(run), claim.fromEpoch);
      return value === null ? missing(`fewer than 5 validated epochs from epoch ${claim.fromEpoch} on`) : found(value);
    }
    case 'late_valid_slope': {
      const slope = lateSlope(validPoints(run), claim.lastEpochs);
      return slope === null ? missing(`fewer than ${claim.lastEpochs} validated epochs`) : found(slope.slope);
    }
    case 'distinct_word_4grams':
    case 'distinct_char_8grams':
    case 'longest_repeat': {
      const texts = (run.measureSamples ?? [])
        .filter((sample) => sample.checkpoint === claim.checkpoint && sample.decoding === claim.decoding)
        .map((sample) => sample.text);
      if (texts.length < MIN_TEXT_SAMPLES) {
        return missing(`${texts.length} ${claim.decoding} measurement samples of the ${claim.checkpoint} weights, fewer than ${MIN_TEXT_SAMPLES} (generation.measure)`);
      }
      const qualities = texts.map(measureTextQuality);
      // A sample of fewer than 4 words (a whitespace or punctuation loop) has no variety at all: 0.
      const each =
        claim.metric === 'distinct_word_4grams'
          ? qualities.map((quality) => quality.distinct[3] ?? 0)
          : claim.metric === 'distinct_char_8grams'
            ? qualities.map((quality) => quality.distinctCharacters ?? 0)
            : qualities.map((quality) => quality.longestRepeatLength);
      return found(each.reduce((sum, value) => sum + value, 0) / each.length);
    }
  }
}
