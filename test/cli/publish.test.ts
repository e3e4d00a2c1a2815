// `rnnlab publish` on a tiny real sweep sharing its database with another experiment: the compact copy holds that
// experiment's rows exactly, reads back with query and report, RUN-INFO.md's times come from the runs; bad input
// writes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'yaml';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { createResultsFixture } from '../helpers/results-fixture.js';
import { projectRoot } from '../helpers/paths.js';
import { tempDir, tinySweepSpec, writeTinySpec } from './run-sweep-helpers.js';

let dir = '';
let dbPath = '';
let cleanup = () => {};
let out = '';
let published: CliResult;

before(async () => {
  ({ dir, dbPath, cleanup } = tempDir());
  const sweep = await runCli(['run', tinySweepSpec, '--db', dbPath, '--workers', '2', '--backend', 'cpu']);
  assert.equal(sweep.code, 0, sweep.stderr);
  const other = await runCli(['run', writeTinySpec(dir, 'other-one', '{model.type: [rnn]}'), '--db', dbPath, '--backend', 'cpu']);
  assert.equal(other.code, 0, other.stderr);
  out = join(dir, 'docs', 'results', 'tiny-sweep');
  published = await runCli(['publish', 'tiny-sweep', '--db', dbPath, '--out', out]);
});

after(() => cleanup());

/** Every row of these tables for one experiment's runs, as plain objects in a fixed order. */
function rowsOf(path: string, experiment: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    const runs = `(SELECT id FROM runs WHERE experiment = '${experiment}')`;
    return {
      experiments: db.prepare(`SELECT * FROM experiments WHERE name = ?`).all(experiment),
      runs: db.prepare(`SELECT * FROM runs WHERE experiment = ? ORDER BY id`).all(experiment),
      run_params: db.prepare(`SELECT * FROM run_params WHERE run_id IN ${runs} ORDER BY run_id, key`).all(),
      epochs: db.prepare(`SELECT * FROM epochs WHERE run_id IN ${runs} ORDER BY run_id, epoch`).all(),
      document_perplexities: db.prepare(`SELECT * FROM document_perplexities WHERE run_id IN ${runs} ORDER BY run_id, epoch, document`).all(),
      samples: db.prepare(`SELECT * FROM samples WHERE run_id IN ${runs} ORDER BY run_id, epoch, sample_index`).all(),
    };
  } finally {
    db.close();
  }
}

/** Whether the sweep's runs recorded gradient norms (training does since schema version 4 came with it). */
function gradientsRecorded(path: string): boolean {
  const db = new Database(path, { readonly: true });
  try {
    const columns = (db.pragma('table_info(epochs)') as { name: string }[]).map((column) => column.name);
    return columns.includes('grad_norm_mean') && db.prepare('SELECT 1 FROM epochs WHERE grad_norm_mean IS NOT NULL').get() !== undefined;
  } finally {
    db.close();
  }
}

test('publish writes the database copy, the report, its plots and RUN-INFO.md', () => {
  assert.equal(published.stderr, '');
  assert.equal(published.code, 0);
  const plots = ['perplexity', ...(gradientsRecorded(dbPath) ? ['grad-norm'] : [])].flatMap((plot) =>
    ['svg', 'png'].map((extension) => `tiny-sweep-${plot}.${extension}`),
  );
  const files = ['results.sqlite', 'report.html', 'report.md', ...plots, 'RUN-INFO.md'];
  assert.equal(published.stdout, files.map((file) => `wrote ${join(out, file)}\n`).join(''));
  assert.deepEqual(readdirSync(out).sort(), [...files].sort()); // no -wal, -shm, journal or checkpoints
  assert.ok(existsSync(join(dir, 'runs', 'checkpoints')), 'the source has checkpoints, which are not published');
});

test('results.sqlite holds exactly the experiment’s rows, one self-contained file', () => {
  const copy = join(out, 'results.sqlite');
  assert.deepEqual(rowsOf(copy, 'tiny-sweep'), rowsOf(dbPath, 'tiny-sweep'));
  assert.equal(rowsOf(copy, 'tiny-sweep').runs.length, 4);
  const db = new Database(copy, { readonly: true });
  assert.deepEqual(db.prepare('SELECT name FROM experiments').all(), [{ name: 'tiny-sweep' }]);
  assert.deepEqual(db.prepare(`SELECT count(*) AS n FROM runs WHERE experiment <> 'tiny-sweep'`).get(), { n: 0 });
  assert.equal(db.pragma('journal_mode', { simple: true }), 'delete');
  assert.equal(db.pragma('user_version', { simple: true }), new Database(dbPath, { readonly: true }).pragma('user_version', { simple: true }));
  db.close();
});

test('a reader can query and report from the published database, and it stays one file', async () => {
  const copy = join(out, 'results.sqlite');
  const query = await runCli(['query', '--db', copy, '--format', 'csv', "SELECT experiment, count(*) AS runs FROM run_summary GROUP BY experiment"]);
  assert.equal(query.code, 0, query.stderr);
  assert.equal(query.stdout, 'experiment,runs\r\ntiny-sweep,4\r\n'); // CSV lines end in CRLF (RFC 4180)
  const again = await runCli(['report', 'tiny-sweep', '--db', copy, '--out', join(dir, 'again')]);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(readdirSync(out).filter((file) => /-(wal|shm|journal)$/.test(file)), []);
  const markdown = readFileSync(join(out, 'report.md'), 'utf8');
  assert.ok(markdown.includes(`database ${copy.replace(/_/g, '\\_')}`), 'the report names the published database');
});

test('RUN-INFO.md: sweep wall time and summed run time from the runs’ times, the machine and the code', () => {
  const text = readFileSync(join(out, 'RUN-INFO.md'), 'utf8');
  const front = parse(text.split('---\n')[1]) as Record<string, any>;
  const db = new Database(dbPath, { readonly: true });
  const runs = db.prepare(`SELECT started_at, finished_at, backend FROM runs WHERE experiment = 'tiny-sweep'`).all() as {
    started_at: string;
    finished_at: string;
    backend: string;
  }[];
  db.close();
  const first = runs.map((run) => run.started_at).sort()[0];
  const last = runs.map((run) => run.finished_at).sort().at(-1)!;
  assert.equal(front.first_started_at, first);
  assert.equal(front.last_finished_at, last);
  assert.equal(front.sweep_wall_time_s, Math.round((Date.parse(last) - Date.parse(first)) / 1000));
  const summed = runs.reduce((sum, run) => sum + (Date.parse(run.finished_at) - Date.parse(run.started_at)) / 1000, 0);
  assert.equal(front.summed_run_wall_time_s, Math.round(summed));
  assert.deepEqual(front.statuses, { finished: 4 });
  assert.deepEqual(front.backends, { cpu: 4 });
  assert.equal(front.publisher.cpu, cpus()[0].model.trim());
  assert.equal(front.publisher.cores, cpus().length);
  assert.equal(front.publisher.node, process.version);
  assert.equal(front.publisher.ran_the_runs, 'all');
  const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: projectRoot, encoding: 'utf8' }).trim();
  assert.ok(String(front.publisher.rnnlab_commit).startsWith(head), front.publisher.rnnlab_commit);
  assert.ok(text.includes(`# tiny-sweep: how and where it ran`));
  assert.ok(text.includes(`- **Runs:** 4 (4 finished).`));
});

test('bad input: exit 2 with the reason, nothing written', async () => {
  const target = join(dir, 'nothing');
  const unknown = await runCli(['publish', 'nope', '--db', dbPath, '--out', target]);
  assert.equal(unknown.code, 2);
  assert.equal(unknown.stderr, `no experiment "nope" in ${dbPath}; it holds: other-one, tiny-sweep\n`);
  const folder = await runCli(['publish', 'tiny-sweep', '--db', join(dir, 'runs'), '--out', target]);
  assert.equal(folder.code, 2);
  assert.equal(folder.stderr, `--db ${join(dir, 'runs')}: publish reads one database file, not a folder; merge the shards first (rnnlab merge ${join(dir, 'runs')})\n`);
  const fixture = createResultsFixture();
  const busy = await runCli(['publish', 'ablation', '--db', fixture.dbPath, '--out', target]);
  assert.equal(busy.code, 2);
  assert.equal(
    busy.stderr,
    'publish ablation: 2 of its 12 runs are not done (cc03 queued, dd02 running); finish the sweep first ' +
      '(rnnlab run experiments/ablation.yaml), or publish partial results with --allow-unfinished\n',
  );
  assert.equal(existsSync(target), false);
  // A failure after the copy (a folder in the way of report.html) takes back what it wrote.
  mkdirSync(join(target, 'report.html'), { recursive: true });
  const blocked = await runCli(['publish', 'tiny-sweep', '--db', dbPath, '--out', target]);
  assert.equal(blocked.code, 2);
  assert.equal(blocked.stderr, `--out ${join(target, 'report.html')}: cannot write it (it is a folder)\n`);
  assert.deepEqual(readdirSync(target), ['report.html']);
  rmSync(join(target, 'report.html'), { recursive: true });
  const partial = await runCli(['publish', 'ablation', '--db', fixture.dbPath, '--out', target, '--allow-unfinished']);
  assert.equal(partial.code, 0, partial.stderr);
  assert.ok(readFileSync(join(target, 'RUN-INFO.md'), 'utf8').includes('- **Runs:** 12 ('));
});
