// Finds, for the runs a sweep would train, finished runs in other results databases that trained exactly the same way.
import type Database from 'better-sqlite3';
import { UserError } from '../config/user-error.js';
import { trainingIdentity } from '../config/training-identity.js';
import { checkResultsDatabase, readDatabaseCopy } from '../store/read-database-copy.js';
import type { SweepRun } from './plan-sweep.js';

/** A database given to --reuse, read into memory (migrated there; the file is never written). */
export interface ReuseSource {
  path: string;
  db: Database.Database;
}

/** A stored run that can stand for one of the sweep's runs. */
export interface ReuseMatch {
  path: string;
  db: Database.Database;
  runId: string;
  experiment: string;
  status: 'finished' | 'diverged';
}

export interface ReuseSearch {
  /** Sweep run id → the copy to reuse (the first source, in --reuse order, that has one). */
  matches: Map<string, ReuseMatch>;
  /** Sweep runs whose only matches were trained on another backend, per source: "2 runs in PATH: trained on wasm, not native". */
  otherBackend: string[];
}

/** The --reuse paths, each once; refuses an empty one. */
function reusePaths(paths: readonly string[]): string[] {
  const unique = [...new Set(paths)];
  if (unique.some((path) => path.trim() === '')) throw new UserError('--reuse needs a results database path, got ""');
  return unique;
}

export function openReuseSources(paths: readonly string[]): ReuseSource[] {
  return reusePaths(paths).map((path) => ({ path, db: readDatabaseCopy(path) }));
}

/** Refuses, as openReuseSources would, a --reuse path that is not a readable rnnlab database, without reading its
 *  runs (`rnnlab slurm` checks them when it writes the scripts; its tasks read them). */
export function checkReuseSources(paths: readonly string[]): void {
  for (const path of reusePaths(paths)) checkResultsDatabase(path);
}

export function closeReuseSources(sources: readonly ReuseSource[]): void {
  for (const source of sources) source.db.close();
}

interface StoredRun {
  id: string;
  experiment: string;
  config_json: string;
  corpus_digest: string | null;
  status: 'finished' | 'diverged';
  backend: string | null;
}

/**
 * Matches by training identity (config without the experiment's name, corpus by digest, book and tokens schedules of
 * equal updates as one) and backend: a copy trained on another backend would differ in the last digits, so it is not
 * taken, and the count of such near misses is returned for the message. Only finished and diverged copies count.
 */
export function findReusableRuns(runs: readonly SweepRun[], sources: readonly ReuseSource[], backend: string): ReuseSearch {
  const matches = new Map<string, ReuseMatch>();
  /** Sweep run id → the first copy passed over for its backend. */
  const missed = new Map<string, { path: string; backend: string }>();
  for (const source of sources) {
    const byIdentity = new Map<string, StoredRun[]>();
    const stored = source.db
      .prepare(
        `SELECT id, experiment, config_json, corpus_digest, status, backend FROM runs
         WHERE status IN ('finished', 'diverged') AND corpus_digest IS NOT NULL ORDER BY experiment, id`,
      )
      .all() as StoredRun[];
    for (const run of stored) {
      const identity = trainingIdentity(JSON.parse(run.config_json), run.corpus_digest!);
      byIdentity.set(identity, [...(byIdentity.get(identity) ?? []), run]);
    }
    for (const run of runs) {
      if (matches.has(run.id) || run.corpusDigest === undefined) continue;
      const candidates = byIdentity.get(trainingIdentity(run.config, run.corpusDigest)) ?? [];
      const match = candidates.find((candidate) => candidate.backend === backend);
      if (match !== undefined) {
        matches.set(run.id, { path: source.path, db: source.db, runId: match.id, experiment: match.experiment, status: match.status });
      } else if (candidates.length > 0 && !missed.has(run.id)) {
        missed.set(run.id, { path: source.path, backend: candidates[0].backend ?? 'an unknown backend' });
      }
    }
  }
  const counts = new Map<string, number>();
  for (const [id, miss] of missed) {
    if (matches.has(id)) continue;
    const key = `${miss.path}: trained on ${miss.backend}, not ${backend}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const otherBackend = [...counts].map(([key, count]) => `${count} run${count === 1 ? '' : 's'} in ${key}`);
  return { matches, otherBackend };
}
