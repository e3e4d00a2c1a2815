// Shard databases with hand-chosen runs, written through the real store API, for the merge and multi-database tests.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '../../src/store/results-store.js';
import { checkpointPath } from '../../src/store/checkpoint-path.js';
import { epochReport, tinyRunConfig } from './store-fixtures.js';

export interface ShardRun {
  id: string;
  seed: number;
  status: 'finished' | 'diverged' | 'running' | 'queued' | 'failed' | 'interrupted';
  /** Validation perplexity per stored epoch. */
  valid: number[];
  /** Owner of a claimed run (default: a dead pid on another host). */
  pid?: number;
  host?: string;
  /** Writes checkpoints/ID.json beside the database with this text. */
  checkpoint?: string;
}

export const SPEC_TEXT = 'name: sweep\nseeds: [1, 2, 3, 4]\n';

/** A shard database at `path` holding experiment "sweep" (file text `specText`) and these runs. */
export function writeShard(path: string, runs: readonly ShardRun[], specText = SPEC_TEXT, now = () => Date.now()): void {
  mkdirSync(dirname(path), { recursive: true });
  const store = openStore(path, { now });
  try {
    store.saveExperiment({ name: 'sweep', specPath: 'experiments/sweep.yaml', specText });
    store.registerRuns(
      'sweep',
      runs.map((run) => ({ id: run.id, config: tinyRunConfig(run.seed), params: { 'model.type': 'rnn', seed: run.seed } })),
    );
    for (const run of runs) {
      if (run.status === 'queued') continue;
      store.claimRun(run.id, { pid: run.pid ?? 999_999, host: run.host ?? 'node7', backend: 'cpu', packageVersion: '0.1.0' });
      run.valid.forEach((valid, index) =>
        store.recordEpoch(
          run.id,
          epochReport(index + 1, valid, {
            documents: [{ document: '001.txt', updates: 4, lossNats: Math.log(valid + 1), perplexity: valid + 1 }],
            samples: [{ seedText: 'th', decoding: 'greedy', text: `${run.id} at ${index + 1}: ${valid}` }],
          }),
        ),
      );
      // A finished run carries generation.measure samples (from its last epoch's weights), as one with measure on would.
      const measureSamples =
        run.status === 'finished' && run.valid.length > 0
          ? [{ checkpoint: 'final' as const, epoch: run.valid.length, decoding: 'greedy' as const, sampleIndex: 0, seedText: 'th', text: `${run.id} measured` }]
          : [];
      if (run.status !== 'running') store.finishRun(run.id, { status: run.status, measureSamples });
      if (run.checkpoint !== undefined) {
        mkdirSync(dirname(checkpointPath(path, run.id)), { recursive: true });
        writeFileSync(checkpointPath(path, run.id), run.checkpoint);
      }
    }
  } finally {
    store.close();
  }
}

/** Every table's rows (timings included), in key order: equal dumps mean equal databases. */
export function dumpDatabase(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    const order: Record<string, string> = {
      experiments: 'name',
      runs: 'id',
      run_params: 'run_id, key',
      epochs: 'run_id, epoch',
      document_perplexities: 'run_id, epoch, document',
      samples: 'run_id, epoch, sample_index',
      measure_samples: 'run_id, checkpoint, decoding, sample_index',
    };
    return Object.fromEntries(
      Object.entries(order).map(([table, key]) => [table, db.prepare(`SELECT * FROM ${table} ORDER BY ${key}`).all()]),
    );
  } finally {
    db.close();
  }
}

/** The checkpoint files beside a database, name → text. */
export function readCheckpoints(dbPath: string): Record<string, string> {
  const dir = join(dirname(dbPath), 'checkpoints');
  try {
    return Object.fromEntries(readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
  } catch {
    return {};
  }
}
