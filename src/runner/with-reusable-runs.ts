// Opens the --reuse databases, finds the sweep's runs among them, hands over the matches, and closes them again.
import type { BackendName } from '../config/run-config.js';
import { closeReuseSources, findReusableRuns, openReuseSources, type ReuseMatch } from './find-reusable-runs.js';
import type { SweepRun } from './plan-sweep.js';
import { sweepBackend } from './sweep-backend.js';

/**
 * Calls `use` with the copies `paths` offer for `runs` on the backend this sweep trains on (none when `paths` is
 * empty: the backend is then not even resolved), after telling `say` of each near miss trained on another backend.
 * The sources stay open until `use`, sync or async, is done. Shared by `rnnlab run` and its `--dry-run`, so both plan alike.
 */
export async function withReusableRuns<T>(
  paths: readonly string[],
  runs: readonly SweepRun[],
  backend: BackendName,
  say: (line: string) => void,
  use: (matches: ReadonlyMap<string, ReuseMatch>) => T | Promise<T>,
): Promise<T> {
  const sources = openReuseSources(paths);
  try {
    const search = findReusableRuns(runs, sources, sources.length === 0 ? '' : sweepBackend(backend));
    for (const line of search.otherBackend) say(`not reused: ${line}`);
    return await use(search.matches);
  } finally {
    closeReuseSources(sources);
  }
}
