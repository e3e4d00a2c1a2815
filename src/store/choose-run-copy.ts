// Which of two copies of one run a merge keeps: a finished copy over an unfinished one, the same results or a conflict.
import type { RunStatus } from './results-store.js';

/** What decides which copy of a run wins. */
export interface RunState {
  experiment: string;
  status: RunStatus;
  /** Epoch rows stored. */
  epochs: number;
  /** Digest of the run's results: status, every epoch's losses and perplexities, per-document rows and samples
   *  (not timings, hosts or dates, which differ between two trainings of the same run). */
  fingerprint: string;
}

export type RunChoice = 'take' | 'keep' | 'conflict';

const TERMINAL: readonly RunStatus[] = ['finished', 'diverged'];

/** Among unfinished copies: a run that got further wins; at equal epochs an attempted run beats a queued one. */
function progress(state: RunState): [number, number] {
  return [state.epochs, state.status === 'queued' ? 0 : 1];
}

/**
 * Whether `incoming` replaces the target's copy of the same run. A finished (or diverged) copy beats an unfinished
 * one; two finished copies must hold the same results (else a conflict, never a silent pick); between unfinished
 * copies the one with more progress wins, and ties keep the target's, so merging twice changes nothing.
 */
export function chooseRunCopy(target: RunState | undefined, incoming: RunState): RunChoice {
  if (target === undefined) return 'take';
  if (target.experiment !== incoming.experiment) return 'conflict';
  const targetDone = TERMINAL.includes(target.status);
  const incomingDone = TERMINAL.includes(incoming.status);
  if (targetDone && incomingDone) return target.fingerprint === incoming.fingerprint ? 'keep' : 'conflict';
  if (targetDone) return 'keep';
  if (incomingDone) return 'take';
  const [a, b] = [progress(target), progress(incoming)];
  return b[0] > a[0] || (b[0] === a[0] && b[1] > a[1]) ? 'take' : 'keep';
}

/** Why two copies of a run conflict, for the message. */
export function describeConflict(runId: string, target: RunState, targetLabel: string, incoming: RunState, incomingLabel: string): string {
  if (target.experiment !== incoming.experiment) {
    return `run ${runId} belongs to experiment "${target.experiment}" in ${targetLabel} but to "${incoming.experiment}" in ${incomingLabel}`;
  }
  return (
    `run ${runId} (${incoming.experiment}) is ${target.status} in ${targetLabel} and ${incoming.status} in ${incomingLabel} ` +
    `with different results (${target.epochs} vs ${incoming.epochs} epochs)`
  );
}
