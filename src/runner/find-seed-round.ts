// Where a seed rule's rounds stand in a (merged) database, without training: the round to run next and its runs
// not ended yet. Sharded sweeps (rnnlab run --shard, rnnlab slurm) train one round at a time from it.
import { existsSync } from 'node:fs';
import { openStore } from '../store/results-store.js';
import type { SweepRun } from './plan-sweep.js';
import { replaySeedRounds, type MeasureClaims, type SeedRoundsExperiment } from './run-seed-rounds.js';

export interface SeedRoundState {
  round: number;
  /** The runs of every round up to `round`. */
  runs: SweepRun[];
  /** Those of `runs` not finished or diverged in the database: what the round still has to train. */
  pending: SweepRun[];
  /** Claim id → why it stopped, when the rounds have ended (nothing pending); else null. */
  stopped: Map<string, string> | null;
}

/**
 * Replays the rounds on the runs stored in `dbPath` (absent: nothing trained yet, round 1). With `record` (the
 * database is written: `rnnlab slurm` planning from the merged database), the looks and rounds are stored as
 * `rnnlab run` stores them; without, the database is only read (each shard task finds the same round).
 */
export async function findSeedRound(options: {
  experiment: SeedRoundsExperiment;
  dbPath: string;
  measure: MeasureClaims;
  record: boolean;
}): Promise<SeedRoundState> {
  const { experiment, dbPath } = options;
  const ended = new Set<string>();
  if (existsSync(dbPath)) {
    const store = openStore(dbPath, { readonly: true });
    try {
      for (const run of store.listRuns({ experiment: experiment.name })) {
        if (run.status === 'finished' || run.status === 'diverged') ended.add(run.id);
      }
    } finally {
      store.close();
    }
  }
  if (options.record) {
    const store = openStore(dbPath);
    try {
      store.saveExperiment({ name: experiment.name, specPath: experiment.path, specText: experiment.specText });
    } finally {
      store.close();
    }
  }
  const replay = await replaySeedRounds({
    experiment,
    dbPath,
    measure: options.measure,
    record: options.record,
    log: () => {},
    settle: async (_round, runs) => runs.every((run) => ended.has(run.id)),
  });
  return { round: replay.round, runs: replay.runs, pending: replay.runs.filter((run) => !ended.has(run.id)), stopped: replay.stopped };
}
