// Test helper process: competes with others for the runs of one database, writing every epoch as a worker would.
// Usage: node dist/test/helpers/store-writer.js DB RUNS EPOCHS START_AT_MS OFFSET → prints the JSON list of run ids it
// trained. All writers wait for START_AT_MS so they really overlap; OFFSET rotates where each starts in the run list.
import { hostname } from 'node:os';
import { openStore } from '../../src/store/results-store.js';
import { epochReport, tinyRunConfig } from './store-fixtures.js';

const [dbPath, runsArg, epochsArg, startArg, offsetArg] = process.argv.slice(2);
const runCount = Number(runsArg);
const epochCount = Number(epochsArg);
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startArg) - Date.now())));
const store = openStore(dbPath);
store.saveExperiment({ name: 'contended', specPath: 'contended.yaml', specText: 'name: contended\n' });
const ids = Array.from({ length: runCount }, (_, i) => `run-${String(i).padStart(3, '0')}`);
store.registerRuns(
  'contended',
  ids.map((id, i) => ({ id, config: tinyRunConfig(i), params: { seed: i } })),
);
const trained: string[] = [];
const offset = Number(offsetArg);
for (const id of [...ids.slice(offset), ...ids.slice(0, offset)]) {
  if (!store.claimRun(id, { pid: process.pid, host: hostname(), backend: 'cpu', packageVersion: 'test' })) continue;
  trained.push(id);
  store.setRunVocabulary(id, { ngram: 2, tokens: ['UNK', 'ab'], counts: [0, 1] });
  for (let epoch = 1; epoch <= epochCount; epoch++) {
    // "Train" for 3 ms outside any transaction, as a real worker spends most of its time.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3);
    store.heartbeat(id, process.pid);
    const samples = [{ seedText: 'ab', decoding: 'greedy' as const, text: `epoch ${epoch} by ${process.pid}` }];
    const documents = [{ document: '001.txt', updates: 1, lossNats: 1, perplexity: Math.E }];
    store.recordEpoch(id, epochReport(epoch, 100 / epoch, { samples, documents }));
  }
  store.finishRun(id, { status: 'finished' });
}
store.close();
process.stdout.write(JSON.stringify(trained));
