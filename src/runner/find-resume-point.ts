// Decides whether a run about to be trained continues from its checkpoint or starts over, and says why.
import { existsSync } from 'node:fs';
import { canonicalJson } from '../config/canonical-json.js';
import type { RunConfig } from '../config/run-config.js';
import { canonicalRunForm } from '../config/run-id.js';
import type { RunStatus } from '../store/results-store.js';
import { loadCheckpoint, type Checkpoint } from '../train/checkpoint.js';

export interface ResumePoint {
  /** The checkpoint to continue from; null = train from epoch 1. */
  checkpoint: Checkpoint | null;
  /** Epochs of the earlier attempt kept in the store (the checkpoint's epoch, or 0). */
  keepEpochsThrough: number;
  /** One line for the user: why the run resumes, or why a checkpoint found could not be used; null = nothing to say. */
  notice: string | null;
}

const START_OVER: ResumePoint = { checkpoint: null, keepEpochsThrough: 0, notice: null };

/** The config as the run id sees it: without where the corpus was read from (a moved corpus folder is the same run),
 *  and without keys added since at their old-behaviour value (a checkpoint written before an upgrade still fits).
 *  The corpus digest is the run id's business; it is left out here. */
function comparableConfig(config: RunConfig): string {
  return canonicalJson(canonicalRunForm(config, ''));
}

/**
 * A run continues from `checkpointPath` when it stopped before its end (stored status queued, interrupted, failed or
 * running under a dead owner), the checkpoint is of version 2 (it has a resume part), of this run's config, written
 * on this backend (bit-identity holds within a backend only), and the store still has every epoch up to the
 * checkpoint's. Otherwise it starts over from epoch 1: silently when there is no checkpoint or the user asked
 * (`restart`, or `--force` on a finished or diverged run), with a notice saying why when a checkpoint was unusable.
 */
export function findResumePoint(options: {
  checkpointPath: string;
  config: RunConfig;
  backend: string;
  /** The run's status before this attempt claims it. */
  storedStatus: RunStatus;
  /** Epoch numbers the store holds for the run. */
  storedEpochs: readonly number[];
  restart: boolean;
}): ResumePoint {
  const { checkpointPath, storedStatus } = options;
  if (options.restart || storedStatus === 'finished' || storedStatus === 'diverged' || !existsSync(checkpointPath)) return START_OVER;
  const startOver = (reason: string): ResumePoint => ({
    ...START_OVER,
    notice: `checkpoint ${checkpointPath} not used (${reason}): starting over from epoch 1`,
  });
  let checkpoint: Checkpoint;
  try {
    checkpoint = loadCheckpoint(checkpointPath);
  } catch (error) {
    return startOver((error as Error).message.replace(`${checkpointPath}: `, ''));
  }
  if (checkpoint.resume === null) return startOver(`version ${checkpoint.version} holds weights only, no resume state`);
  if (comparableConfig(checkpoint.config) !== comparableConfig(options.config)) return startOver('it was written for another config');
  if (checkpoint.backend !== options.backend) {
    return startOver(`written on the ${checkpoint.backend} backend, this worker runs ${options.backend}`);
  }
  const stored = new Set(options.storedEpochs);
  for (let epoch = 1; epoch <= checkpoint.epoch; epoch++) {
    if (!stored.has(epoch)) return startOver(`it is at epoch ${checkpoint.epoch} but the database lacks epoch ${epoch}`);
  }
  if (checkpoint.epoch === 0) return START_OVER;
  return { checkpoint, keepEpochsThrough: checkpoint.epoch, notice: `resuming after epoch ${checkpoint.epoch} from its checkpoint` };
}
