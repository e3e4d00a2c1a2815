// The per-run numbers the comparison table and the claims use, computed from a run's epoch rows.

import type { RunResults } from './experiment-results.js';

export interface RunMetrics {
  /** Lowest finite validation perplexity and its epoch (earliest on ties); null when none is finite. */
  bestValidPerplexity: number | null;
  bestEpoch: number | null;
  /** Validation perplexity at the latest epoch that measured it (may be NaN for a diverged run). */
  finalValidPerplexity: number | null;
  /** Train perplexity at the last epoch. */
  finalTrainPerplexity: number | null;
  /** Train perplexity at the epoch of the best validation perplexity. */
  trainPerplexityAtBest: number | null;
  /** Test perplexity (corpus.test) at the epoch of the best validation perplexity; null without a test set. */
  testPerplexityAtBest: number | null;
  /** Seconds from the start of the run's latest attempt to its end; else the sum of its epochs' durations. */
  wallTimeS: number | null;
  /** Mean of the epochs' training tokens per second. */
  tokensPerSec: number | null;
  /** Validation fluctuation: sample std of the epoch-to-epoch differences of validation loss in nats
   *  (ln perplexity), over consecutive measured epochs; null with fewer than 3 measurements. */
  validFluctuation: number | null;
  epochs: number;
}

export function computeRunMetrics({ run, epochs }: RunResults): RunMetrics {
  let best: { epoch: number; value: number } | null = null;
  let finalValid: number | null = null;
  for (const row of epochs) {
    const value = row.validPerplexity;
    if (value === null) continue;
    finalValid = value;
    if (Number.isFinite(value) && (best === null || value < best.value)) best = { epoch: row.epoch, value };
  }
  const last = epochs.at(-1);
  const started = run.startedAt === null ? NaN : Date.parse(run.startedAt);
  const finished = run.finishedAt === null ? NaN : Date.parse(run.finishedAt);
  const wallTimeS = Number.isFinite(finished - started)
    ? (finished - started) / 1000
    : epochs.length > 0
      ? epochs.reduce((sum, row) => sum + row.durationMs, 0) / 1000
      : null;
  const speeds = epochs.map((row) => row.tokensPerSec).filter(Number.isFinite);
  return {
    bestValidPerplexity: best?.value ?? null,
    bestEpoch: best?.epoch ?? null,
    finalValidPerplexity: finalValid,
    finalTrainPerplexity: last?.trainPerplexity ?? null,
    trainPerplexityAtBest: best === null ? null : (epochs.find((row) => row.epoch === best!.epoch)?.trainPerplexity ?? null),
    testPerplexityAtBest: best === null ? null : (epochs.find((row) => row.epoch === best!.epoch)?.testPerplexity ?? null),
    wallTimeS,
    tokensPerSec: speeds.length === 0 ? null : speeds.reduce((sum, value) => sum + value, 0) / speeds.length,
    validFluctuation: validFluctuation(epochs.map((row) => row.validLossNats)),
    epochs: epochs.length,
  };
}

/** Sample std of consecutive differences of the measured (non-null, finite) values; null with fewer than 3. */
export function validFluctuation(lossesNats: readonly (number | null)[]): number | null {
  const measured = lossesNats.filter((value): value is number => value !== null && Number.isFinite(value));
  if (measured.length < 3) return null;
  const steps = measured.slice(1).map((value, index) => value - measured[index]);
  const mean = steps.reduce((sum, value) => sum + value, 0) / steps.length;
  return Math.sqrt(steps.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (steps.length - 1));
}
