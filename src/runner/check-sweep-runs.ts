// Checks, before a sweep writes anything, that each of its runs can train on its corpus and fits in memory.
import { totalmem } from 'node:os';
import { UserError } from '../config/user-error.js';
import { prepareCorpus } from '../corpus/prepare-corpus.js';
import type { PreparedCorpus } from '../corpus/prepared-corpus.js';
import { checkRunnable } from '../train/check-runnable.js';
import { checkRunMemory } from '../train/estimate-run-memory.js';
import type { SweepRun } from './plan-sweep.js';
import { totalEpochs } from '../config/total-epochs.js';

/** "model.type=rnncf seed=2": the run's grid values, as the sweep's progress lines name it. */
function runLabel(run: SweepRun): string {
  return Object.entries(run.params)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
}

/**
 * For each run, prepares its corpus (shared between runs that read it alike) and applies the checks a worker would
 * apply before training (checkRunnable) and the memory estimate. Throws the first problem as a UserError naming the
 * run, e.g. "run 1a2b3c4d5e6f (model.type=rnncf seed=1): corpus.validation: no validation document; …".
 */
export function checkSweepRuns(
  runs: readonly SweepRun[],
  corpusDirs: ReadonlyMap<string | null, string>,
  options: { memoryLimitBytes?: number } = {},
): void {
  const memoryLimitBytes = options.memoryLimitBytes ?? totalmem();
  const prepared = new Map<string, PreparedCorpus>();
  for (const run of runs) {
    const dir = corpusDirs.get(run.config.corpus.path);
    if (dir === undefined) throw new Error(`checkSweepRuns: no corpus folder located for run ${run.id}`);
    try {
      const numSteps = totalEpochs(run.config);
      const key = JSON.stringify([dir, run.config.corpus, numSteps]);
      let corpus = prepared.get(key);
      if (corpus === undefined) prepared.set(key, (corpus = prepareCorpus({ dir, corpus: run.config.corpus, numSteps })));
      checkRunnable(run.config, corpus);
      checkRunMemory(run.config, corpus.vocabulary.tokens.length, memoryLimitBytes);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      const label = runLabel(run);
      throw new UserError(`run ${run.id}${label === '' ? '' : ` (${label})`}: ${error.message}`);
    }
  }
}
