// `rnnlab run` with generation.measure end to end: the measure_samples rows a finished run stores, the display samples
// left as they are, the best rows from the best checkpoint's weights, and a rerun replacing them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/run-cli.js';
import { openStore } from '../../src/store/results-store.js';
import { tempDir, writeTinySpec } from './run-sweep-helpers.js';

/** 4 epochs validated at 1 and 3 only: the best epoch is never the final one. */
const EXTRA = ', validate_every: 2';
const MEASURE = 'generation.measure={samples: 3, length: 10}';

function read(dbPath: string) {
  const store = openStore(dbPath, { readonly: true });
  try {
    const [run] = store.listRuns();
    const summary = store.runSummaries().find((s) => s.runId === run.id)!;
    return { run, summary, samples: store.samples(run.id), measure: store.measureSamples([run.id]) };
  } finally {
    store.close();
  }
}

test('a finished run stores samples × decodings × checkpoints measure samples; its display samples are those of a run without', async () => {
  const { dir, dbPath, cleanup } = tempDir();
  try {
    const spec = writeTinySpec(dir, 'measured', '{model.type: [rnncf], train.epochs: [4]}', EXTRA);
    const plainDb = `${dbPath}.plain.sqlite`;
    const measured = await runCli(['run', spec, '--db', dbPath, '--workers', '1', '--backend', 'wasm', '--set', MEASURE]);
    assert.equal(measured.code, 0, measured.stderr);
    const plain = await runCli(['run', spec, '--db', plainDb, '--workers', '1', '--backend', 'wasm']);
    assert.equal(plain.code, 0, plain.stderr);

    const a = read(dbPath);
    const b = read(plainDb);
    assert.notEqual(a.run.id, b.run.id, 'measure set: another run');
    assert.equal(a.run.status, 'finished');
    assert.deepEqual(b.measure, []);
    // Display samples, byte for byte (their run ids aside).
    assert.ok(a.samples.length > 0);
    assert.deepEqual(a.samples.map(({ runId: _, ...s }) => s), b.samples.map(({ runId: _, ...s }) => s));

    // 3 samples × [greedy, sample] × [best, final], keyed as the table's primary key orders them.
    assert.equal(a.measure.length, 12);
    assert.deepEqual(
      a.measure.map((s) => `${s.checkpoint} ${s.decoding} ${s.sampleIndex}`),
      ['best', 'final'].flatMap((c) => ['greedy', 'sample'].flatMap((d) => [0, 1, 2].map((i) => `${c} ${d} ${i}`))),
    );
    assert.ok(a.summary.bestEpoch === 1 || a.summary.bestEpoch === 3, `best epoch ${a.summary.bestEpoch}`);
    for (const s of a.measure) assert.equal(s.epoch, s.checkpoint === 'best' ? a.summary.bestEpoch : 4);
    const seeds = a.measure.filter((s) => s.checkpoint === 'best' && s.decoding === 'greedy').map((s) => s.seedText);
    for (const checkpoint of ['best', 'final']) {
      for (const decoding of ['greedy', 'sample']) {
        assert.deepEqual(a.measure.filter((s) => s.checkpoint === checkpoint && s.decoding === decoding).map((s) => s.seedText), seeds);
      }
    }
    // A best greedy sample is what `rnnlab generate` decodes from the run's best checkpoint from that seed text.
    const best = a.measure.find((s) => s.checkpoint === 'best' && s.decoding === 'greedy')!;
    const generated = await runCli([
      'generate', a.run.id, '--db', dbPath, '--weights', 'best', '--length', '10', '--seed-text', best.seedText, '--backend', 'wasm', '--json',
    ]);
    assert.equal(generated.code, 0, generated.stderr);
    assert.equal(JSON.parse(generated.stdout).text, best.text);

    // Retrained (--force): the new attempt's rows replace the old ones, identical since training is deterministic.
    const again = await runCli(['run', spec, '--db', dbPath, '--workers', '1', '--backend', 'wasm', '--set', MEASURE, '--force']);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(read(dbPath).measure, a.measure);
  } finally {
    cleanup();
  }
});
