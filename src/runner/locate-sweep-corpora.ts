// Finds the corpus folder of every distinct corpus.path among a sweep's runs, once each (fetching at most once).
import { locateCorpus } from '../corpus/locate-corpus.js';
import type { SweepRun } from './plan-sweep.js';

export async function locateSweepCorpora(
  runs: readonly SweepRun[],
  options: { offline: boolean; log: (line: string) => void; env?: NodeJS.ProcessEnv; defaultCorpusDir?: string },
): Promise<Map<string | null, string>> {
  const dirs = new Map<string | null, string>();
  for (const run of runs) {
    const explicitPath = run.config.corpus.path;
    if (dirs.has(explicitPath)) continue;
    dirs.set(
      explicitPath,
      await locateCorpus({ explicitPath, offline: options.offline, log: options.log, env: options.env, defaultDir: options.defaultCorpusDir }),
    );
  }
  return dirs;
}
