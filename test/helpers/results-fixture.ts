// A results database with hand-chosen numbers, written through the real store API, for the read commands' tests.
// Experiment "ablation": model.type × corpus.documents, seeds 1–3; validation perplexities per epoch below.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/results-store.js';
import type { RunConfig } from '../../src/config/run-config.js';
import { epochReport, tinyRunConfig } from './store-fixtures.js';

export interface FixtureRun {
  id: string;
  type: 'rnn' | 'rnncf';
  documents: number;
  seed: number;
  /** Validation perplexity per epoch (NaN = the epoch diverged). */
  valid: number[];
  status: 'finished' | 'diverged' | 'running' | 'queued' | 'failed';
  error?: string;
}

export const FIXTURE_RUNS: FixtureRun[] = [
  { id: 'aa01', type: 'rnn', documents: 20, seed: 1, valid: [15, 10, 11], status: 'finished' },
  { id: 'aa02', type: 'rnn', documents: 20, seed: 2, valid: [16, 13, 12], status: 'finished' },
  { id: 'aa03', type: 'rnn', documents: 20, seed: 3, valid: [18, 14, 14.5], status: 'finished' },
  { id: 'bb01', type: 'rnncf', documents: 20, seed: 1, valid: [12, 9, 9.5], status: 'finished' },
  { id: 'bb02', type: 'rnncf', documents: 20, seed: 2, valid: [11, 9, 10], status: 'finished' },
  { id: 'bb03', type: 'rnncf', documents: 20, seed: 3, valid: [13, NaN], status: 'diverged' },
  { id: 'cc01', type: 'rnn', documents: 100, seed: 1, valid: [8, 7, 6], status: 'finished' },
  { id: 'cc02', type: 'rnn', documents: 100, seed: 2, valid: [9, 7, 7], status: 'finished' },
  { id: 'cc03', type: 'rnn', documents: 100, seed: 3, valid: [], status: 'queued' },
  { id: 'dd01', type: 'rnncf', documents: 100, seed: 1, valid: [7, 5, 5.5], status: 'finished' },
  { id: 'dd02', type: 'rnncf', documents: 100, seed: 2, valid: [8, 6], status: 'running' },
  { id: 'dd03', type: 'rnncf', documents: 100, seed: 3, valid: [6, 5.5, 4], status: 'finished' },
];

function fixtureConfig(run: FixtureRun): RunConfig {
  const config = tinyRunConfig(run.seed, { type: run.type });
  config.corpus.documents = run.documents;
  config.train.epochs = 3;
  return config;
}

/** Creates the fixture database in a new temp directory and returns its path. `failed` adds a failed run. */
export function createResultsFixture(options: { otherExperiment?: boolean } = {}): { dir: string; dbPath: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-results-'));
  const dbPath = join(dir, 'runs', 'rnnlab.sqlite');
  let clock = Date.parse('2026-03-01T10:00:00.000Z');
  const store = openStore(dbPath, { now: () => clock });
  store.saveExperiment({ name: 'ablation', specPath: 'experiments/ablation.yaml', specText: 'name: ablation\n' });
  store.registerRuns(
    'ablation',
    FIXTURE_RUNS.map((run) => ({
      id: run.id,
      config: fixtureConfig(run),
      params: { 'model.type': run.type, 'corpus.documents': run.documents, seed: run.seed },
    })),
  );
  for (const run of FIXTURE_RUNS) {
    if (run.status === 'queued') continue;
    store.claimRun(run.id, { pid: 4242, host: 'box', backend: 'cpu', packageVersion: '0.1.0' });
    run.valid.forEach((valid, index) => {
      clock += 1000;
      const epoch = index + 1;
      store.recordEpoch(
        run.id,
        epochReport(epoch, valid, {
          trainPerplexity: valid + 1,
          trainLossNats: Math.log(valid + 1),
          tokensPerSec: 1000 * run.seed + epoch,
          durationMs: 1000,
          documents: [{ document: '001.txt', updates: 10, lossNats: Math.log(valid + 2), perplexity: valid + 2 }],
          samples: [{ seedText: 'th', decoding: 'greedy', text: `${run.id} epoch ${epoch}: the wolf said` }],
        }),
      );
    });
    if (run.status !== 'running') store.finishRun(run.id, { status: run.status, error: run.error ?? null });
  }
  if (options.otherExperiment) {
    store.saveExperiment({ name: 'other', specPath: 'experiments/other.yaml', specText: 'name: other\n' });
    store.registerRuns('other', [{ id: 'ee01', config: tinyRunConfig(9), params: { seed: 9 } }]);
    store.claimRun('ee01', { pid: 7, host: 'box', backend: 'cpu', packageVersion: '0.1.0' });
    store.finishRun('ee01', { status: 'failed', error: 'Error: out of memory\n    at train (train.js:1:1)' });
  }
  store.close();
  return { dir, dbPath };
}
