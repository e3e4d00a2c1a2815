// Pure string builders for sweep progress: durations, rates, perplexities, and the per-epoch/per-run/per-worker lines.
import type { EpochSummary, JobResult, SweepJob, UpdateProgress } from './sweep-job.js';

/** Characters of a run id shown in progress lines (rnnlab show accepts any unique prefix). */
export const SHORT_ID_LENGTH = 8;

/** "850ms", "12s", "4m05s", "1h02m". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 60) return `${totalSeconds}s`;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours}h${String(minutes).padStart(2, '0')}m`;
  return `${minutes}m${String(seconds).padStart(2, '0')}s`;
}

/** "950 tok/s", "4.2k tok/s", "1.3M tok/s". */
export function formatTokenRate(tokensPerSec: number): string {
  if (!Number.isFinite(tokensPerSec)) return `${tokensPerSec} tok/s`;
  if (tokensPerSec >= 1e6) return `${(tokensPerSec / 1e6).toFixed(1)}M tok/s`;
  if (tokensPerSec >= 1e3) return `${(tokensPerSec / 1e3).toFixed(1)}k tok/s`;
  return `${Math.round(tokensPerSec)} tok/s`;
}

/** Perplexity with 2 decimals below 1000, else rounded; NaN and Infinity spelled as such. */
export function formatPerplexity(value: number | null): string {
  if (value === null) return '-';
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return value < 1000 ? value.toFixed(2) : String(Math.round(value));
}

/** "model.type=rnn seed=1" (values as compact JSON unless plain strings). */
export function formatParams(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
}

/** "[3/8] a1b2c3d4 model.type=rnn seed=1": which run, and where it is in this sweep. */
export function formatRunLabel(job: SweepJob, ordinal: number, total: number): string {
  const params = formatParams(job.params);
  return `[${ordinal}/${total}] ${job.runId.slice(0, SHORT_ID_LENGTH)}${params ? ` ${params}` : ''}`;
}

/** Plain line after each epoch. */
export function formatEpochLine(label: string, summary: EpochSummary): string {
  return (
    `${label}  epoch ${summary.epoch}/${summary.totalEpochs}  train ppl ${formatPerplexity(summary.trainPerplexity)}` +
    `  valid ppl ${formatPerplexity(summary.validPerplexity)}  ${formatTokenRate(summary.tokensPerSec)}` +
    `  ${formatDuration(summary.durationMs)}`
  );
}

/** Plain line when a run ends; a failure shows the first line of its error. */
export function formatRunDoneLine(label: string, result: JobResult): string {
  const time = `in ${formatDuration(result.durationMs)}`;
  switch (result.status) {
    case 'finished':
      return `${label}  finished: ${result.epochs} epochs, best valid ppl ${formatPerplexity(result.bestValidPerplexity)}, ${time}`;
    case 'diverged':
      return `${label}  diverged (loss not finite) at epoch ${result.epochs}, ${time}`;
    case 'failed':
      return `${label}  FAILED ${time}: ${(result.error ?? 'unknown error').split('\n')[0]}`;
    case 'interrupted':
      return `${label}  interrupted after ${result.epochs} epochs`;
    case 'skipped':
      return `${label}  skipped: another process claimed it first`;
  }
}

/** Fraction of a run done, counting the epoch in progress by its updates. */
export function runFraction(progress: UpdateProgress): number {
  const within = progress.updatesPerEpoch > 0 ? progress.update / progress.updatesPerEpoch : 0;
  return Math.min(1, Math.max(0, (progress.epoch - 1 + within) / Math.max(1, progress.totalEpochs)));
}

/** Remaining time from elapsed time and fraction done; null until there is something to extrapolate from. */
export function estimateRemainingMs(elapsedMs: number, fraction: number): number | null {
  if (fraction <= 0 || elapsedMs <= 0) return null;
  return (elapsedMs * (1 - fraction)) / fraction;
}

/** A text bar of `width` cells. */
export function formatBar(fraction: number, width: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

/** The live line of one worker (terminal mode). */
export function formatWorkerLine(state: {
  worker: number;
  label: string | null;
  progress: UpdateProgress | null;
  lastValidPerplexity: number | null;
  tokensPerSec: number | null;
  etaMs: number | null;
}): string {
  const head = `w${state.worker + 1}`;
  if (state.label === null) return `${head} idle`;
  if (state.progress === null) return `${head} ${state.label}  preparing…`;
  const p = state.progress;
  const ppl = Math.exp(p.lossNats);
  return (
    `${head} ${state.label}  ${formatBar(runFraction(p), 12)} epoch ${p.epoch}/${p.totalEpochs}` +
    `  ppl ${formatPerplexity(ppl)}` +
    (state.lastValidPerplexity === null ? '' : ` (valid ${formatPerplexity(state.lastValidPerplexity)})`) +
    (state.tokensPerSec === null ? '' : `  ${formatTokenRate(state.tokensPerSec)}`) +
    `  ETA ${state.etaMs === null ? '?' : formatDuration(state.etaMs)}`
  );
}

/** The overall line (terminal mode). */
export function formatOverallLine(state: {
  fraction: number;
  done: number;
  total: number;
  counts: Record<string, number>;
  elapsedMs: number;
  etaMs: number | null;
}): string {
  const counts = Object.entries(state.counts)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ');
  return (
    `all ${formatBar(state.fraction, 20)} ${Math.floor(state.fraction * 100)}%  runs ${state.done}/${state.total}` +
    (counts ? ` (${counts})` : '') +
    `  elapsed ${formatDuration(state.elapsedMs)}  ETA ${state.etaMs === null ? '?' : formatDuration(state.etaMs)}`
  );
}
