// Hand-made RunResults for claim tests: a run with given grid values whose validation curve has a chosen best.
import type { RunResults } from '../../src/report/experiment-results.js';
import { tinyRunConfig } from './store-fixtures.js';

/** Sets a dotted path in a plain object (the run's resolved config). */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
  node[parts[parts.length - 1]] = value;
}

/** A finished run of 3 validated epochs (perplexity best + 20, best, best + 5: the best is the middle epoch) with
 *  `params` as its grid values, also written into its config; V = 544, so any best below 290 has learned. */
export function claimRun(id: string, params: Record<string, unknown>, best: number, seed: number): RunResults {
  const config = tinyRunConfig(seed, { type: 'rnncf' });
  config.corpus.documents = 100;
  for (const [key, value] of Object.entries(params)) setPath(config as unknown as Record<string, unknown>, key, value);
  const valid = [best + 20, best, best + 5];
  return {
    run: {
      id, experiment: 'ablation', config, params: { ...params, seed }, status: 'finished', error: null, pid: null,
      host: null, heartbeatAt: null, createdAt: '2026-01-01T00:00:00Z', startedAt: null, finishedAt: null,
      backend: 'cpu', blas: null, packageVersion: null, attempts: 1,
    },
    epochs: valid.map((value, index) => ({
      runId: id, epoch: index + 1, trainLossNats: Math.log(value), trainPerplexity: value,
      validLossNats: Math.log(value), validPerplexity: value, tokensPerSec: 1, durationMs: 1,
      gradNormMean: null, gradNormMax: null, clippedFraction: null,
    })),
    samples: [],
    vocabularySize: 544,
  };
}

/** One run per best value, seeds 1, 2, 3…, ids PREFIX-s1…. */
export function claimGroup(prefix: string, params: Record<string, unknown>, bests: readonly number[]): RunResults[] {
  return bests.map((best, index) => claimRun(`${prefix}-s${index + 1}`, params, best, index + 1));
}
