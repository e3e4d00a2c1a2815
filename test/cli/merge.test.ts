// `rnnlab merge` and the read commands on several databases, end to end through the real CLI: two shards trained,
// merged, and compared with a plain local run of the same file; bad input refused with nothing written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { readStore, tempDir, tinySweepSpec } from './run-sweep-helpers.js';
import { dumpDatabase } from '../helpers/shard-fixtures.js';

const oneSeed = ['--set', 'seeds=[1]', '--workers', '1', '--backend', 'cpu'];

/** The results of each run, without timings, hosts, pids or dates (which differ between two trainings). */
function results(dbPath: string): unknown {
  const dump = dumpDatabase(dbPath);
  const strip = (rows: unknown[], drop: string[]) =>
    rows.map((row) => Object.fromEntries(Object.entries(row as object).filter(([key]) => !drop.includes(key))));
  return {
    runs: strip(dump.runs, ['pid', 'host', 'heartbeat_at', 'created_at', 'started_at', 'finished_at']),
    run_params: dump.run_params,
    epochs: strip(dump.epochs, ['tokens_per_sec', 'duration_ms']),
    document_perplexities: dump.document_perplexities,
    samples: dump.samples,
  };
}

test('two shards merged hold exactly the runs, ids, epochs and samples of a plain run; merging again adds nothing', async () => {
  const { dir, cleanup } = tempDir();
  try {
    for (const shard of ['0/2', '1/2']) {
      const result = await runCli(['run', tinySweepSpec, '--shard', shard, ...oneSeed], { cwd: dir });
      assert.equal(result.code, 0, result.stderr);
    }
    const plain = join(dir, 'plain.sqlite');
    assert.equal((await runCli(['run', tinySweepSpec, '--db', plain, ...oneSeed], { cwd: dir })).code, 0);

    // Read while not merged: the shard folder and two --db files give what the plain database gives.
    const folder = join('runs', 'shards', 'tiny-sweep');
    const shard0 = join(folder, 'shard-0-of-2.sqlite');
    const shard1 = join(folder, 'shard-1-of-2.sqlite');
    // (Rows sorted: grid points come in registration order, which differs between shards and one machine.)
    const comparePlain = await runCli(['compare', '--sort', 'type', '--db', plain], { cwd: dir });
    const compareFolder = await runCli(['compare', '--sort', 'type', '--db', folder], { cwd: dir });
    const compareTwo = await runCli(['compare', '--sort', 'type', '--db', shard0, '--db', shard1], { cwd: dir });
    assert.equal(compareFolder.code, 0, compareFolder.stderr);
    assert.equal(compareFolder.stdout, comparePlain.stdout);
    assert.equal(compareTwo.stdout, comparePlain.stdout);
    const status = await runCli(['status', '--db', folder], { cwd: dir });
    assert.equal(status.stdout, 'tiny-sweep  2 runs: 2 finished\n');
    const query = await runCli(['query', '--db', folder, '--format', 'csv', 'SELECT count(*) AS runs FROM run_summary'], { cwd: dir });
    assert.equal(query.stdout, 'runs\r\n2\r\n'); // CSV rows end in CRLF (RFC 4180)
    const id = readStore(join(dir, shard1)).runs[0].id;
    const show = await runCli(['show', id.slice(0, 6), '--db', folder], { cwd: dir });
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, new RegExp(`^run ${id}\\n`));

    const plot = await runCli(['plot', '--db', folder, '--out', 'curves.svg'], { cwd: dir });
    assert.equal(plot.code, 0, plot.stderr);
    assert.equal(plot.stdout, 'wrote curves.svg (2 lines: tiny-sweep: train perplexity and validation perplexity per epoch)\n');
    const report = await runCli(['report', '--db', shard0, '--db', shard1, '--out', 'report'], { cwd: dir });
    assert.equal(report.code, 0, report.stderr);
    const markdown = readFileSync(join(dir, 'report', 'tiny-sweep.md'), 'utf8');
    assert.match(markdown, new RegExp(`^2 runs \\(2 finished\\), 2 grid points; backend cpu; database ${shard0}, ${shard1} \\(2 databases\\);`, 'm'));

    // Before the merge, the default database does not exist: the read commands point at the shards.
    const hint = await runCli(['status'], { cwd: dir });
    assert.equal(hint.code, 2);
    assert.equal(
      hint.stderr,
      `no results database at runs/rnnlab.sqlite, but there are shard databases: read them with --db ${folder}, ` +
        `or merge them first (rnnlab merge ${folder})\n`,
    );

    const merged = await runCli(['merge', folder], { cwd: dir });
    assert.equal(merged.code, 0, merged.stderr);
    assert.equal(
      merged.stdout,
      `${shard0}: 1 run added, 0 updated, 0 already there, 1 checkpoint copied (new experiment tiny-sweep)\n` +
        `${shard1}: 1 run added, 0 updated, 0 already there, 1 checkpoint copied\n` +
        'merged 2 databases into runs/rnnlab.sqlite: 2 runs added, 0 updated, 0 already there\n',
    );
    const into = join(dir, 'runs', 'rnnlab.sqlite');
    assert.deepEqual(results(into), results(plain));
    for (const run of readStore(into).runs) assert.ok(existsSync(join(dir, 'runs', 'checkpoints', `${run.id}.json`)));

    const again = await runCli(['merge', shard1, shard0], { cwd: dir });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /merged 2 databases into runs\/rnnlab\.sqlite: 0 runs added, 0 updated, 2 already there\n$/);
    assert.deepEqual(results(into), results(plain));
  } finally {
    cleanup();
  }
});

test('merge: bad input exits 2 with the message, and writes nothing', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const text = join(dir, 'notes.sqlite');
    writeFileSync(text, 'plain text, not a database at all; long enough to be more than one hundred bytes of header ......\n');
    const missing = await runCli(['merge', join(dir, 'shard-9.sqlite')], { cwd: dir });
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, `${join(dir, 'shard-9.sqlite')}: no such file or folder\n`);
    const notDb = await runCli(['merge', text, '--into', 'out.sqlite'], { cwd: dir });
    assert.equal(notDb.code, 2);
    assert.equal(notDb.stderr, `${text}: not an SQLite database (file is not a database)\n`);
    const none = await runCli(['merge'], { cwd: dir });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /missing required argument 'shards'/);
    assert.equal(existsSync(join(dir, 'runs')), false);
    assert.equal(existsSync(join(dir, 'out.sqlite')), false);
  } finally {
    cleanup();
  }
});
