// The dashboard's server without a browser: each JSON route against the hand-numbered results fixture (numbers
// recomputed here from the fixture's table), `rnnlab compare` parity, live change events, and the safety rules:
// only its own assets, loopback Host names, GET only, and an SQL box that cannot write, attach or run away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { createResultsFixture, FIXTURE_RUNS } from '../helpers/results-fixture.js';
import { bruteLongestRepeat } from '../helpers/brute-longest-repeat.js';
import { runCli } from '../helpers/run-cli.js';
import { startTestUi } from '../helpers/start-test-ui.js';
import { epochReport } from '../helpers/store-fixtures.js';
import { openStore } from '../../src/store/results-store.js';
import { openUiDatabases } from '../../src/ui/open-ui-databases.js';
import { listRunRows } from '../../src/ui/list-run-rows.js';

const fileHash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

test('experiments: every database, run counts by status as the fixture has them, the file as written', async () => {
  const first = createResultsFixture();
  const second = createResultsFixture({ otherExperiment: true });
  const ui = await startTestUi([first.dbPath, second.dbPath]);
  try {
    const answer = await ui.get('/api/experiments');
    assert.equal(answer.status, 200);
    const experiments = JSON.parse(answer.body) as { db: number; name: string; runs: number; statuses: Record<string, number>; specText: string }[];
    assert.deepEqual(experiments.map((e) => [e.db, e.name]), [[0, 'ablation'], [1, 'ablation'], [1, 'other']]);
    const expected: Record<string, number> = { queued: 0, running: 0, finished: 0, failed: 0, diverged: 0, interrupted: 0 };
    for (const run of FIXTURE_RUNS) expected[run.status] += 1;
    assert.deepEqual(experiments[0].statuses, expected);
    assert.equal(experiments[0].runs, FIXTURE_RUNS.length);
    assert.equal(experiments[0].specText, 'name: ablation\n');
    assert.deepEqual(experiments[2].statuses, { queued: 0, running: 0, finished: 0, failed: 1, diverged: 0, interrupted: 0 });
  } finally {
    await ui.close();
    rmSync(first.dir, { recursive: true, force: true });
    rmSync(second.dir, { recursive: true, force: true });
  }
});

test('databases: a file named twice is shown once; a folder shows each of its *.sqlite files; a bad path is said', () => {
  const { dir, dbPath } = createResultsFixture();
  try {
    const sameTwice = openUiDatabases([dbPath, join(dir, 'runs', '..', 'runs', 'rnnlab.sqlite')]);
    assert.deepEqual(sameTwice.map((database) => database.path), [dbPath]);
    for (const database of sameTwice) database.store.close();
    copyFileSync(dbPath, join(dir, 'runs', 'shard-1-of-2.sqlite'));
    const folder = openUiDatabases([join(dir, 'runs')]);
    assert.deepEqual(folder.map((database) => [database.index, database.path]), [
      [0, join(dir, 'runs', 'rnnlab.sqlite')],
      [1, join(dir, 'runs', 'shard-1-of-2.sqlite')],
    ]);
    for (const database of folder) database.store.close();
    assert.throws(() => openUiDatabases([dbPath, join(dir, 'nope.sqlite')]), {
      name: 'UserError',
      message: `${join(dir, 'nope.sqlite')}: no such file or folder`,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('runs table: a running run shows its latest epoch of the total, its tokens/s and time so far', () => {
  const { dir, dbPath } = createResultsFixture();
  const [database] = openUiDatabases([dbPath]);
  try {
    const running = database.store.findRun('dd02');
    const now = Date.parse(running.startedAt as string) + 12_500;
    const table = listRunRows(database.store, 'ablation', now);
    assert.deepEqual(table.gridKeys, ['model.type', 'corpus.documents']);
    const dd02 = table.runs.find((run) => run.id === 'dd02');
    assert.deepEqual(
      { ...dd02, heartbeatAt: undefined },
      {
        id: 'dd02', grid: { 'model.type': 'rnncf', 'corpus.documents': 100 }, seed: 2, status: 'running',
        epoch: 2, totalEpochs: 3, tokensPerSec: 1000 * 2 + 2, bestValidPerplexity: 6, bestEpoch: 2,
        finalValidPerplexity: 6, wallTimeS: 12.5, backend: 'cpu', heartbeatAt: undefined, error: null,
      },
    );
    const aa01 = table.runs.find((run) => run.id === 'aa01');
    assert.equal(aa01?.bestValidPerplexity, 10); // valid [15, 10, 11]
    assert.equal(aa01?.bestEpoch, 2);
    assert.equal(aa01?.finalValidPerplexity, 11);
    const cc03 = table.runs.find((run) => run.id === 'cc03');
    assert.deepEqual([cc03?.status, cc03?.epoch, cc03?.tokensPerSec, cc03?.wallTimeS], ['queued', 0, null, null]);
  } finally {
    database.store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('curves: mean, min and max over seeds per epoch, non-finite values left out, the book figures overlaid', async () => {
  const { dir, dbPath } = createResultsFixture();
  const ui = await startTestUi([dbPath]);
  try {
    const curves = JSON.parse((await ui.get('/api/curves?experiment=ablation&metric=valid_perplexity&by=model.type,corpus.documents')).body);
    // The fixture has rnn/20 and rnncf/100 runs: the book's best-valid points (steps 4 and 24) and finals (26) join the axis.
    assert.deepEqual(curves.epochs, [1, 2, 3, 4, 24, 26]);
    assert.deepEqual(curves.lines.map((line: { label: string }) => line.label), [
      'type=rnn, documents=20', 'type=rnncf, documents=20', 'type=rnn, documents=100', 'type=rnncf, documents=100',
    ]);
    for (const [i, [type, documents]] of [['rnn', 20], ['rnncf', 20], ['rnn', 100], ['rnncf', 100]].entries()) {
      const runs = FIXTURE_RUNS.filter((run) => run.type === type && run.documents === documents && run.valid.length > 0);
      for (const [column, epoch] of curves.epochs.entries()) {
        const values = runs.map((run) => run.valid[epoch - 1]).filter((v) => v !== undefined && Number.isFinite(v));
        const mean = values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
        assert.equal(curves.lines[i].mean[column], mean, `${type}/${documents} epoch ${epoch}`);
        assert.equal(curves.lines[i].min[column], values.length === 0 ? null : Math.min(...values));
        assert.equal(curves.lines[i].max[column], values.length === 0 ? null : Math.max(...values));
      }
    }
    // The fixture's tiny runs are far from the notebook's settings, and the figures' labels say so.
    const caveat = (more: number) => ` (not at the book’s settings: corpus.vocabulary_documents 3 (the book: 100) and ${more} more)`;
    assert.deepEqual(curves.book, [
      { label: `book: rnn, 20 documents${caveat(10)}`, values: [null, null, null, 32.86, null, 54.36] },
      { label: `book: rnncf, 100 documents${caveat(12)}`, values: [null, null, null, null, 29.78, 37.89] },
    ]);
    const perRun = JSON.parse((await ui.get('/api/curves?experiment=ablation&metric=train_perplexity&runs=aa01,bb03')).body);
    assert.deepEqual(perRun.lines.map((line: { mean: unknown[] }) => line.mean), [
      [16, 11, 12, null], // aa01's train perplexity is its validation perplexity + 1; epoch 26 is the book's only
      [14, null, null, null], // bb03's epoch 2 train perplexity is NaN + 1: left out
    ]);
    assert.deepEqual(perRun.epochs, [1, 2, 3, 26]);
    // Only the figures of the runs shown: aa01 and bb03 are both RNNs on 20 documents.
    assert.deepEqual(perRun.book, [{ label: `book: rnn, 20 documents${caveat(10)}`, values: [null, null, null, 6.97] }]);
    const bad = await ui.get('/api/curves?experiment=ablation&metric=perplexity');
    assert.equal(bad.status, 400);
    assert.equal(
      JSON.parse(bad.body).error,
      'metric must be one of train_perplexity, valid_perplexity, train_loss_nats, valid_loss_nats, tokens_per_sec, duration_ms, grad_norm, grad_norm_max, clipped_fraction; got "perplexity"',
    );
  } finally {
    await ui.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('compare: the same JSON and the same table cells as `rnnlab compare`, with the same options', async () => {
  const { dir, dbPath } = createResultsFixture();
  const ui = await startTestUi([dbPath]);
  try {
    for (const options of [[], ['--by', 'model.type', '--at', 'last', '--sort', '-valid_perplexity'], ['--metric', 'tokens_per_sec']]) {
      const query = new URLSearchParams({ experiment: 'ablation' });
      for (let i = 0; i < options.length; i += 2) query.set(options[i].slice(2), options[i + 1]);
      const view = JSON.parse((await ui.get(`/api/compare?${query}`)).body);
      const json = await runCli(['compare', 'ablation', '--db', dbPath, '--format', 'json', ...options]);
      assert.equal(json.code, 0, json.stderr);
      assert.deepEqual(view.json, JSON.parse(json.stdout));
      const markdown = await runCli(['compare', 'ablation', '--db', dbPath, '--format', 'markdown', ...options]);
      const cells = markdown.stdout.trim().split('\n').filter((line, i) => i !== 1)
        .map((line) => line.slice(1, -1).split('|').map((cell) => cell.trim()));
      assert.deepEqual([view.columns, ...view.rows.map((row: unknown[]) => row.map(String))], cells);
    }
    const bad = await ui.get('/api/compare?experiment=ablation&at=first');
    assert.equal(JSON.parse(bad.body).error, '--at must be best, last or an epoch number (1, 2, …); got "first"');
  } finally {
    await ui.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('samples: two runs side by side per epoch, each with its longest repeated substring located', async () => {
  const { dir, dbPath } = createResultsFixture();
  const ui = await startTestUi([dbPath]);
  try {
    const pairs = JSON.parse((await ui.get('/api/samples?a=aa01&b=bb03')).body);
    assert.deepEqual(pairs.runs, ['aa01', 'bb03']);
    assert.deepEqual(pairs.epochs.map((e: { epoch: number; a: unknown[]; b: unknown[] }) => [e.epoch, e.a.length, e.b.length]), [
      [1, 1, 1], [2, 1, 1], [3, 1, 0],
    ]);
    const sample = pairs.epochs[0].a[0];
    assert.equal(sample.text, 'aa01 epoch 1: the wolf said');
    assert.deepEqual(sample.repeat, bruteLongestRepeat(sample.text));
    assert.equal(sample.repeat.length > 0, true);
  } finally {
    await ui.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('run page: where it ran, epochs, documents, samples, and its config diffed against another run', async () => {
  const { dir, dbPath } = createResultsFixture();
  const ui = await startTestUi([dbPath]);
  try {
    const page = JSON.parse((await ui.get('/api/run?id=aa01&diff=bb02')).body);
    assert.equal(page.run.host, 'box');
    assert.equal(page.run.backend, 'cpu');
    assert.deepEqual(page.epochs.map((e: { validPerplexity: number }) => e.validPerplexity), [15, 10, 11]);
    assert.deepEqual(page.documents.map((d: { perplexity: number }) => d.perplexity), [17, 12, 13]);
    assert.equal(page.samples.length, 3);
    assert.deepEqual(page.diff, {
      against: 'bb02',
      differences: [
        { path: 'model.type', a: '"rnn"', b: '"rnncf"' },
        { path: 'seed', a: '1', b: '2' },
      ],
    });
    const same = JSON.parse((await ui.get('/api/run?id=aa01&diff=cc01')).body);
    assert.deepEqual(same.diff.differences, [{ path: 'corpus.documents', a: '20', b: '100' }]);
    const unknown = await ui.get('/api/run?id=zz');
    assert.equal(unknown.status, 400);
    assert.equal(JSON.parse(unknown.body).error, `no run "zz" in ${dbPath}`);
  } finally {
    await ui.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad parameters: 400 with a message naming the parameter and what the database holds', async () => {
  const { dir, dbPath } = createResultsFixture();
  const ui = await startTestUi([dbPath]);
  try {
    const cases: [string, string][] = [
      ['/api/runs?experiment=nope', `no experiment "nope" in ${dbPath}; it holds: ablation`],
      ['/api/runs?db=7&experiment=ablation', 'db must be a database number from 0 to 0; got "7"'],
      ['/api/runs', 'missing query parameter "experiment"'],
      ['/api/query?sql=', 'missing query parameter "sql"'],
    ];
    for (const [path, message] of cases) {
      const answer = await ui.get(path);
      assert.equal(answer.status, 400, path);
      assert.deepEqual(JSON.parse(answer.body), { error: message });
    }
  } finally {
    await ui.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('serves only its own assets: no path reaches another file', async () => {
  const { dir, dbPath } = createResultsFixture();
  const ui = await startTestUi([dbPath]);
  try {
    for (const path of ['/', '/assets/main.js', '/assets/style.css', '/vendor/uPlot.esm.js', '/vendor/preact.module.js']) {
      assert.equal((await ui.get(path)).status, 200, path);
    }
    assert.match((await ui.get('/')).body, /<script type="module" src="\/assets\/main.js"><\/script>/);
    for (const path of [
      '/assets/../../package.json',
      '/assets/..%2f..%2fpackage.json',
      '/%2e%2e/%2e%2e/package.json',
      '/vendor/..%2F..%2F..%2Fpackage.json',
      '/assets/style.css/../../../../etc/passwd',
      '//etc/passwd',
      '/package.json',
      '/src/ui/client/index.html',
      '/assets/main.ts',
      '/assets/main.js.map',
      '/assets/%00main.js',
      '/node_modules/preact/package.json',
    ]) {
      const answer = await ui.get(path);
      assert.deepEqual([answer.status, answer.body], [404, 'not found\n'], path);
    }
  } finally {
    await ui.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('answers only loopback host names and only GET', async () => {
  const { dir, dbPath } = createResultsFixture();
  const ui = await startTestUi([dbPath]);
  try {
    assert.equal((await ui.get('/api/experiments', { host: 'localhost:8080' })).status, 200);
    const rebound = await ui.get('/api/experiments', { host: 'attacker.example:8080' });
    assert.deepEqual([rebound.status, rebound.body], [403, 'forbidden host\n']);
    const post = await ui.get('/api/query?sql=SELECT%201', {}, 'POST');
    assert.deepEqual([post.status, post.body], [405, 'only GET\n']);
  } finally {
    await ui.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SQL box: reads like `rnnlab query`; cannot write, attach or change pragmas; the database file is unchanged', async () => {
  const { dir, dbPath } = createResultsFixture();
  const before = fileHash(dbPath);
  const ui = await startTestUi([dbPath]);
  const query = async (sql: string) => {
    const answer = await ui.get(`/api/query?sql=${encodeURIComponent(sql)}`);
    return { status: answer.status, body: JSON.parse(answer.body) };
  };
  try {
    assert.deepEqual(await query("SELECT id, status FROM runs WHERE id IN ('aa01', 'dd02') ORDER BY id"), {
      status: 200,
      body: { ok: true, columns: ['id', 'status'], rows: [['aa01', 'finished'], ['dd02', 'running']], truncated: false },
    });
    // NaN is stored as the text 'NaN'; JSON writes Infinity as a string, as `rnnlab query --format json` does.
    assert.deepEqual((await query("SELECT valid_perplexity, 1e999 FROM epochs WHERE run_id = 'bb03' AND epoch = 2")).body.rows, [
      ['NaN', 'Infinity'],
    ]);
    const vacuumTarget = join(dir, 'copy.sqlite');
    const refused: [string, string][] = [
      ['DELETE FROM runs', 'query is read-only: the statement would change the database: DELETE FROM runs'],
      ["UPDATE runs SET status = 'failed'", "query is read-only: the statement would change the database: UPDATE runs SET status = 'failed'"],
      ['PRAGMA user_version = 9', 'query is read-only: the statement would change the database: PRAGMA user_version = 9'],
      [`VACUUM INTO '${vacuumTarget}'`, `query is read-only: the statement would change the database: VACUUM INTO '${vacuumTarget}'`],
      [`ATTACH '${dbPath}' AS other`, `query must return rows (SELECT, WITH, VALUES, EXPLAIN or a reading PRAGMA): ATTACH '${dbPath}' AS other`],
      ['PRAGMA query_only = 0', 'query must return rows (SELECT, WITH, VALUES, EXPLAIN or a reading PRAGMA): PRAGMA query_only = 0'],
      ['SELECT 1; DELETE FROM runs', 'query: The supplied SQL string contains more than one statement'],
    ];
    for (const [sql, message] of refused) assert.deepEqual(await query(sql), { status: 400, body: { error: message } }, sql);
    assert.equal(existsSync(vacuumTarget), false);
    assert.equal(fileHash(dbPath), before);
  } finally {
    await ui.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SQL box: a huge result stops at the row limit; a runaway query is killed at the time limit while the server keeps serving', async () => {
  const { dir, dbPath } = createResultsFixture();
  const ui = await startTestUi([dbPath], { maxRows: 50, timeoutMs: 1500 });
  try {
    const many = JSON.parse(
      (await ui.get(`/api/query?sql=${encodeURIComponent('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c')}`)).body,
    );
    assert.equal(many.rows.length, 50);
    assert.deepEqual(many.rows.at(-1), [50]);
    assert.equal(many.truncated, true);
    const exact = JSON.parse((await ui.get(`/api/query?sql=${encodeURIComponent('SELECT value FROM json_each(json_array(1, 2, 3))')}`)).body);
    assert.deepEqual([exact.rows.length, exact.truncated], [3, false]);

    const started = Date.now();
    // No row ever comes back from this one: only killing its process can stop it.
    const runaway = ui.get(`/api/query?sql=${encodeURIComponent('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c')}`);
    let runawayDone = false;
    void runaway.then(() => (runawayDone = true));
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 300));
    const meanwhile = await ui.get('/api/experiments');
    assert.equal(meanwhile.status, 200);
    assert.equal(runawayDone, false, 'the server answered another request only after the runaway query ended');
    const stopped = await runaway;
    const tookMs = Date.now() - started;
    assert.deepEqual([stopped.status, JSON.parse(stopped.body)], [400, { error: 'query stopped: it ran longer than the 1.5 s limit' }]);
    // The limit counts from when the query is sent (after its process loaded): at least 1.5 s, and not hung.
    assert.ok(tookMs >= 1500 && tookMs < 20_000, `stopped after ${tookMs} ms`);
    assert.equal((await ui.get('/api/query?sql=SELECT%2042')).body, '{"ok":true,"columns":["42"],"rows":[[42]],"truncated":false}');
  } finally {
    await ui.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SQL box: CSV download in the same CSV as `rnnlab query --format csv`', async () => {
  const { dir, dbPath } = createResultsFixture();
  const ui = await startTestUi([dbPath]);
  try {
    const sql = "SELECT run_id, epoch, valid_perplexity, 'a,\"b\"' AS quoted FROM epochs WHERE run_id IN ('aa01', 'bb03') ORDER BY run_id, epoch";
    const answer = await ui.get(`/api/query.csv?sql=${encodeURIComponent(sql)}`);
    assert.equal(answer.type, 'text/csv; charset=utf-8');
    const cli = await runCli(['query', '--db', dbPath, '--format', 'csv', sql]);
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal(answer.body, cli.stdout);
  } finally {
    await ui.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('live: the event stream says "change" when another process records an epoch', async () => {
  const { dir, dbPath } = createResultsFixture();
  const ui = await startTestUi([dbPath], {}, 100);
  let received = '';
  const request = get(`${ui.url}api/events`, (response) => {
    response.setEncoding('utf8');
    response.on('data', (chunk) => (received += chunk));
  });
  try {
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 400));
    assert.doesNotMatch(received, /event: change/);
    const writer = openStore(dbPath);
    writer.recordEpoch('dd02', epochReport(3, 5));
    writer.close();
    const deadline = Date.now() + 5000;
    while (!/event: change\ndata: \{"db":0\}\n\n/.test(received) && Date.now() < deadline) {
      await new Promise((resolvePromise) => setTimeout(resolvePromise, 50));
    }
    assert.match(received, /event: change\ndata: \{"db":0\}\n\n/);
  } finally {
    request.destroy();
    await ui.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SQL box: a result too big for the memory cap ends the query process, not the server', async () => {
  const { dir, dbPath } = createResultsFixture();
  const ui = await startTestUi([dbPath], { maxHeapMb: 32, timeoutMs: 20_000 });
  try {
    // 1000 rows of 1 MB each: within the row limit, far over 32 MB.
    const sql = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 1000) SELECT x, printf('%.*c', 1000000, 'y') FROM c";
    const answer = await ui.get(`/api/query?sql=${encodeURIComponent(sql)}`);
    assert.deepEqual([answer.status, JSON.parse(answer.body)], [
      400,
      { error: 'query stopped: its result did not fit the 32 MB memory limit; select fewer rows or shorter values' },
    ]);
    assert.equal((await ui.get('/api/experiments')).status, 200);
  } finally {
    await ui.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
