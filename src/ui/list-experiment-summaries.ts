// The Experiments page: every experiment of every database with its run counts by status and its file as written.
import { RUN_STATUSES, type RunStatus } from '../store/results-store.js';
import type { UiDatabase } from './open-ui-databases.js';
import type { ExperimentSummary } from './api-types.js';

export function listExperimentSummaries(databases: readonly UiDatabase[]): ExperimentSummary<RunStatus>[] {
  return databases.flatMap(({ index, path, store }) => {
    const counts = new Map<string, Record<RunStatus, number>>();
    for (const run of store.listRuns()) {
      let statuses = counts.get(run.experiment);
      if (statuses === undefined) {
        statuses = Object.fromEntries(RUN_STATUSES.map((status) => [status, 0])) as Record<RunStatus, number>;
        counts.set(run.experiment, statuses);
      }
      statuses[run.status] += 1;
    }
    return store.listExperiments().map((experiment) => {
      const statuses =
        counts.get(experiment.name) ??
        (Object.fromEntries(RUN_STATUSES.map((status) => [status, 0])) as Record<RunStatus, number>);
      return {
        db: index,
        dbPath: path,
        name: experiment.name,
        specPath: experiment.specPath,
        specText: experiment.specText,
        updatedAt: experiment.updatedAt,
        runs: Object.values(statuses).reduce((sum, n) => sum + n, 0),
        statuses,
      };
    });
  });
}
