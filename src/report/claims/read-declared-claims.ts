// The claims an experiment declares and the zip groups they pair across: from the experiment file stored with its
// runs, or from an experiment file on disk (claims written, or rewritten, after the runs).

import { parse } from 'yaml';
import { zipGroups } from '../../config/expand-grid.js';
import { readClaimSpecs, type ClaimSpec } from '../../config/claim-spec.js';
import { loadExperiment } from '../../config/load-experiment.js';
import { UserError } from '../../config/user-error.js';
import type { ExperimentResults } from '../experiment-results.js';
import { gridKeys } from '../group-runs.js';
import type { ExperimentRuns } from './evaluate-claims.js';

export interface DeclaredClaims {
  claims: ClaimSpec[];
  /** The keys of each zip group of the experiment (keys that move together). */
  zipKeyGroups: string[][];
  /** Where the claims were read, for the report: "the experiment file stored with the runs" or a path. */
  source: string;
}

function zipKeysOf(data: unknown): string[][] {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return [];
  return zipGroups((data as { zip?: unknown }).zip)
    .filter(({ group }) => group !== null && typeof group === 'object')
    .map(({ group }) => Object.keys(group));
}

/** An experiment's stored runs as a claim of another experiment compares them (its runs with epochs, grid keys and
 *  the zip groups of its stored file). */
export function experimentRunsOf(results: ExperimentResults): ExperimentRuns {
  return {
    name: results.experiment.name,
    runs: results.runs.filter((run) => run.epochs.length > 0),
    gridKeys: gridKeys(results.runs),
    zipKeyGroups: readStoredClaims(results.experiment.specText).zipKeyGroups,
  };
}

/** The claims of the experiment file stored with the runs (it passed validation when it ran). */
export function readStoredClaims(specText: string): DeclaredClaims {
  let data: unknown;
  try {
    data = parse(specText);
  } catch {
    data = null;
  }
  const claims = data !== null && typeof data === 'object' && !Array.isArray(data) ? readClaimSpecs((data as { claims?: unknown }).claims) : [];
  return { claims, zipKeyGroups: zipKeysOf(data), source: 'the experiment file stored with the runs' };
}

/** The claims of an experiment file on disk, validated like `rnnlab validate` does; it must name `experiment`. */
export function readClaimsFile(path: string, experiment: string): DeclaredClaims {
  const loaded = loadExperiment(path);
  if (loaded.name !== experiment) {
    throw new UserError(`--claims ${path}: the file is experiment "${loaded.name}", not "${experiment}"`);
  }
  return { claims: loaded.claims, zipKeyGroups: zipKeysOf(parse(loaded.specText)), source: path };
}
