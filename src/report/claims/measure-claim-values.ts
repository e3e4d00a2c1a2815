// Each claim's value on each run of a database (the numbers "seeds until decided" looks at after a round).
import type { ClaimSpec } from '../../config/claim-spec.js';
import { openStore } from '../../store/results-store.js';
import { loadExperimentResults } from '../experiment-results.js';
import { claimRunValue } from './claim-run-value.js';

/** claim id → run id → the claim's metric on that run (null when the run has none), for the runs `runIds` of
 *  `experiment` in the database at `dbPath`. */
export function measureClaimValues(
  dbPath: string,
  experiment: string,
  claims: readonly ClaimSpec[],
  runIds: readonly string[],
): Map<string, Map<string, number | null>> {
  const store = openStore(dbPath, { readonly: true });
  try {
    const wanted = new Set(runIds);
    const runs = loadExperimentResults(store, experiment).runs.filter((run) => wanted.has(run.run.id));
    return new Map(claims.map((claim) => [claim.id, new Map(runs.map((run) => [run.run.id, claimRunValue(run, claim).value]))]));
  } finally {
    store.close();
  }
}
