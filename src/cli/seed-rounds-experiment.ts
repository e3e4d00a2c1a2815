// A loaded experiment with a seed rule as the runner's rounds take it, and the claim measures they read (shared by
// rnnlab run and rnnlab slurm).
import { parse } from 'yaml';
import { zipGroups } from '../config/expand-grid.js';
import { measureClaimValues } from '../report/claims/measure-claim-values.js';
import type { IdentifiedExperiment } from '../runner/identify-runs.js';
import type { MeasureClaims, SeedRoundsExperiment } from '../runner/run-seed-rounds.js';

/** `loaded` must have a seed rule. */
export function seedRoundsExperiment(loaded: IdentifiedExperiment): { experiment: SeedRoundsExperiment; measure: MeasureClaims } {
  const data = parse(loaded.specText) as { zip?: unknown } | null;
  return {
    experiment: {
      name: loaded.name,
      path: loaded.path,
      specText: loaded.specText,
      runs: loaded.runs,
      gridKeys: loaded.gridKeys,
      claims: loaded.claims,
      seedRule: loaded.seedRule!,
      ruleRuns: loaded.ruleRuns,
      zipKeyGroups: zipGroups(data?.zip).map(({ group }) => Object.keys(group)),
    },
    measure: (db, claims, runIds) => measureClaimValues(db, loaded.name, claims, runIds),
  };
}
