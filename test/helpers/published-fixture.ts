// Published-results fixtures for the findings table: FOLDER/NAME/results.sqlite written through the store's own
// write methods, with hand-chosen validation curves (best = the curve's minimum + 0.5 × seed).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../src/store/results-store.js';
import { epochReport, tinyRunConfig } from './store-fixtures.js';

export interface PublishedCurve {
  type: 'rnn' | 'rnncf' | 'lstm' | 'stacked';
  documents: number;
  /** Validation perplexity per epoch before the seed's offset (+0.5 × seed). */
  valid: number[];
}

export const SEED_OFFSET = 0.5;

/** Writes FOLDER/NAME/results.sqlite: one experiment, model.type × corpus.documents over these curves, 3 seeds. */
export function writePublishedExperiment(folder: string, name: string, curves: readonly PublishedCurve[]): string {
  mkdirSync(join(folder, name), { recursive: true });
  const dbPath = join(folder, name, 'results.sqlite');
  let clock = Date.parse('2026-11-01T00:00:00Z');
  const store = openStore(dbPath, { now: () => (clock += 1000) });
  try {
    store.saveExperiment({ name, specPath: `experiments/${name}.yaml`, specText: `name: ${name}\n` });
    for (const curve of curves) {
      for (const seed of [1, 2, 3]) {
        const config = tinyRunConfig(seed, { type: curve.type });
        config.corpus.documents = curve.documents;
        const id = `${name}-${curve.type}-${curve.documents}-${seed}`;
        store.registerRuns(name, [{ id, config, params: { 'model.type': curve.type, 'corpus.documents': curve.documents, seed } }]);
        store.claimRun(id, { pid: 1, host: 'test', backend: 'cpu', packageVersion: '0.1.0' });
        curve.valid.forEach((valid, index) => {
          const value = valid + SEED_OFFSET * seed;
          store.recordEpoch(id, epochReport(index + 1, value, { trainPerplexity: value - 5, trainLossNats: Math.log(value - 5) }));
        });
        store.finishRun(id, { status: 'finished' });
      }
    }
  } finally {
    store.close();
  }
  return dbPath;
}
