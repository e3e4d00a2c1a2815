// Finds the corpus directory: an explicit path, then $RNNLAB_CORPUS_DIR, then the project's data/grimm (fetched once).
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../config/user-error.js';
import { fetchCorpus, type FetchCorpusOptions } from './fetch-corpus.js';
import { findProjectRoot } from './find-project-root.js';
import { GRIMM_BASE_URL, GRIMM_MANIFEST } from './grimm-manifest.js';

/** The default data folder: `<project root>/data/grimm`. */
export function defaultCorpusDir(): string {
  return join(findProjectRoot(), 'data', 'grimm');
}

/**
 * Where to read the corpus from, as an absolute path:
 * 1. `explicitPath` (a --corpus flag or corpus.path; relative to the working directory) when given: it must exist;
 * 2. else $RNNLAB_CORPUS_DIR when set (non-empty): it must exist;
 * 3. else the default data folder (`defaultDir`, normally <project root>/data/grimm). When it lacks any of the 209 Grimm
 *    files (or one has the wrong size), the Grimm corpus is fetched there once from $RNNLAB_CORPUS_URL or the book's
 *    source, saying so through `log` — unless `offline`.
 * A missing corpus, an offline miss and a failed fetch are UserErrors that say where rnnlab looked and what to do.
 */
export async function locateCorpus(options: {
  explicitPath: string | null;
  offline: boolean;
  log: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Overrides the default data folder (tests). */
  defaultDir?: string;
  /** Passed on to fetchCorpus (tests: retries, delays). */
  fetchOptions?: Omit<FetchCorpusOptions, 'dir' | 'log'>;
}): Promise<string> {
  const { explicitPath, offline, log, env = process.env } = options;
  if (explicitPath !== null && explicitPath !== '') {
    return checkDirectory(resolve(explicitPath), '--corpus / corpus.path');
  }
  const fromEnv = env.RNNLAB_CORPUS_DIR;
  if (fromEnv !== undefined && fromEnv !== '') return checkDirectory(resolve(fromEnv), 'RNNLAB_CORPUS_DIR');

  const dir = options.defaultDir ?? defaultCorpusDir();
  const missing = missingGrimmFiles(dir);
  if (missing === 0) return dir;

  const state = existsSync(dir)
    ? `${missing} of the ${GRIMM_MANIFEST.length} Grimm files missing or incomplete`
    : 'does not exist';
  const looked =
    `rnnlab looked in:\n` +
    `  1. --corpus / corpus.path: not given\n` +
    `  2. RNNLAB_CORPUS_DIR: not set\n` +
    `  3. the default data folder ${dir}: ${state}\n`;
  const remedy =
    `Fetch it with \`rnnlab corpus fetch\` (downloads into ${dir}), or point at a copy with --corpus DIR ` +
    `or RNNLAB_CORPUS_DIR=DIR.`;
  if (offline) throw new UserError(`corpus not found; --offline forbids fetching it.\n${looked}${remedy}`);

  const megabytes = (GRIMM_MANIFEST.reduce((sum, entry) => sum + entry.bytes, 0) / 1e6).toFixed(1);
  const baseUrl = options.fetchOptions?.baseUrl ?? (env.RNNLAB_CORPUS_URL || GRIMM_BASE_URL);
  log(`rnnlab: the Grimm corpus is not in ${dir}; fetching it once from ${baseUrl} (${GRIMM_MANIFEST.length} files, ${megabytes} MB)`);
  const summary = await fetchCorpus({ ...options.fetchOptions, baseUrl, dir, log: (line) => log(`rnnlab: ${line}`) });
  if (summary.failed.length > 0) {
    const first = summary.failed[0];
    throw new UserError(
      `corpus not found, and fetching it failed for ${summary.failed.length} of ${GRIMM_MANIFEST.length} files ` +
        `(${first.name}: ${first.reason}).\n${looked}${remedy}`,
    );
  }
  log(`rnnlab: fetched ${summary.fetched.length} files into ${dir} (${summary.alreadyValid.length} were already there)`);
  return dir;
}

/** How many of the Grimm files the default data folder lacks (missing or of the wrong size): 0 = it is used as is. */
export function missingGrimmFiles(dir: string): number {
  return GRIMM_MANIFEST.filter((entry) => !hasSize(join(dir, entry.name), entry.bytes)).length;
}

/** `dir` if it is an existing directory, else a UserError naming where the path came from (`source`). */
export function checkDirectory(dir: string, source: string): string {
  let isDirectory = false;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    throw new UserError(
      `corpus directory not found: ${dir} (from ${source}). ` +
        `To download the Grimm stories there: rnnlab corpus fetch --to ${dir}`,
    );
  }
  if (!isDirectory) throw new UserError(`corpus path is not a directory: ${dir} (from ${source})`);
  return dir;
}

function hasSize(path: string, bytes: number): boolean {
  try {
    return statSync(path).size === bytes;
  } catch {
    return false;
  }
}
