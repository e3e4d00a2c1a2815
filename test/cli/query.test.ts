// `rnnlab query`: read-only SQL in table, CSV or JSON; writes refused with the database unchanged; README examples run.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { runCli } from '../helpers/run-cli.js';
import { createResultsFixture, FIXTURE_RUNS } from '../helpers/results-fixture.js';

const fixture = createResultsFixture();
after(() => rmSync(fixture.dir, { recursive: true, force: true }));

async function query(sql: string, ...args: string[]) {
  return runCli(['query', sql, ...args, '--db', fixture.dbPath]);
}

test('a SELECT prints a table; NULL, NaN and Infinity are spelled out', async () => {
  const result = await query(
    "SELECT epoch, valid_perplexity AS ppl, NULL AS missing, 9e999 AS inf FROM epochs WHERE run_id = 'bb03' ORDER BY epoch",
  );
  assert.equal(result.code, 0);
  assert.equal(
    result.stdout,
    [
      '┌───────┬─────┬─────────┬──────────┐',
      '│ epoch │ ppl │ missing │      inf │',
      '├───────┼─────┼─────────┼──────────┤',
      '│     1 │  13 │    NULL │ Infinity │',
      '│     2 │ NaN │    NULL │ Infinity │',
      '└───────┴─────┴─────────┴──────────┘',
      '',
    ].join('\n'),
  );
  assert.equal(result.stderr, '(2 rows)\n');
});

test('csv quotes what needs quoting; json turns NaN and Infinity into strings', async () => {
  const csv = await query("SELECT 'a,b' AS x, 'say \"hi\"' AS y, NULL AS z, 1.5 AS w", '--format', 'csv');
  assert.equal(csv.stdout, 'x,y,z,w\r\n"a,b","say ""hi""",,1.5\r\n');
  const json = await query(
    "SELECT run_id, epoch, valid_perplexity FROM epochs WHERE run_id = 'bb03' ORDER BY epoch",
    '--format',
    'json',
  );
  assert.deepEqual(JSON.parse(json.stdout), [
    { run_id: 'bb03', epoch: 1, valid_perplexity: 13 },
    { run_id: 'bb03', epoch: 2, valid_perplexity: 'NaN' },
  ]);
  const inf = await query('SELECT 9e999 AS up, -9e999 AS down', '--format', 'json');
  assert.deepEqual(JSON.parse(inf.stdout), [{ up: 'Infinity', down: '-Infinity' }]);
});

test('a write is refused with a clear message and exit 2, and the database file is unchanged', async () => {
  const before = readFileSync(fixture.dbPath);
  const writes = ['DELETE FROM runs', "UPDATE runs SET status = 'failed'", 'DROP VIEW run_summary', "INSERT INTO experiments VALUES ('x', 'x', 'x', 'x', 'x')"];
  const results = await Promise.all(writes.map((sql) => query(sql)));
  for (const [i, sql] of writes.entries()) {
    const result = results[i];
    assert.equal(result.code, 2, sql);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, `query is read-only: the statement would change the database: ${sql}\n`);
  }
  assert.deepEqual(readFileSync(fixture.dbPath), before);
  const count = await query('SELECT count(*) AS n FROM runs', '--format', 'json');
  assert.deepEqual(JSON.parse(count.stdout), [{ n: FIXTURE_RUNS.length }]);
});

test('bad SQL is a user error quoting SQLite', async () => {
  const result = await query('SELECT * FROM nowhere');
  assert.equal(result.code, 2);
  assert.equal(result.stderr, 'query: no such table: nowhere\n');
});

// The README's example queries, verbatim: they must run against the schema and give what a researcher expects.
export const README_QUERIES = {
  ranking: `SELECT json_extract(p.value_json, '$') AS model_type,
       count(*) AS seeds,
       round(avg(s.best_valid_perplexity), 2) AS mean_best_ppl,
       round(min(s.best_valid_perplexity), 2) AS min_best_ppl
FROM run_summary AS s
JOIN run_params AS p ON p.run_id = s.run_id AND p.key = 'model.type'
WHERE s.experiment = 'ablation' AND s.status = 'finished'
GROUP BY model_type
ORDER BY mean_best_ppl`,
  curves: `SELECT json_extract(p.value_json, '$') AS model_type,
       e.epoch,
       round(avg(e.valid_perplexity), 2) AS mean_valid_ppl,
       count(*) AS runs
FROM epochs AS e
JOIN run_params AS p ON p.run_id = e.run_id AND p.key = 'model.type'
WHERE typeof(e.valid_perplexity) = 'real'  -- leaves out NaN (stored as text) and not measured (NULL)
GROUP BY model_type, e.epoch
ORDER BY model_type, e.epoch`,
  trouble: `SELECT r.id, r.status, max(e.epoch) AS last_epoch,
       json_extract(r.config_json, '$.train.learning_rate') AS learning_rate,
       r.error
FROM runs AS r
LEFT JOIN epochs AS e ON e.run_id = r.id
WHERE r.status IN ('diverged', 'failed', 'interrupted')
GROUP BY r.id
ORDER BY r.id`,
  bestSample: `SELECT s.run_id, s.best_epoch, round(s.best_valid_perplexity, 2) AS ppl, substr(x.text, 1, 60) AS sample
FROM run_summary AS s
JOIN samples AS x ON x.run_id = s.run_id AND x.epoch = s.best_epoch AND x.sample_index = 0
ORDER BY s.best_valid_perplexity
LIMIT 3`,
};

const bestOf = (valid: number[]) => Math.min(...valid.filter(Number.isFinite));

test('README example 1: grid points ranked by mean best validation perplexity over finished seeds', async () => {
  const result = await query(README_QUERIES.ranking, '--format', 'json');
  assert.equal(result.stderr, '');
  const expected = (['rnn', 'rnncf'] as const).map((type) => {
    const bests = FIXTURE_RUNS.filter((r) => r.type === type && r.status === 'finished').map((r) => bestOf(r.valid));
    const mean = bests.reduce((a, b) => a + b, 0) / bests.length;
    return { model_type: type, seeds: bests.length, mean_best_ppl: Math.round(mean * 100) / 100, min_best_ppl: Math.min(...bests) };
  });
  expected.sort((a, b) => a.mean_best_ppl - b.mean_best_ppl);
  assert.deepEqual(JSON.parse(result.stdout), expected);
});

test('README example 2: mean learning curves leave NaN and unmeasured epochs out', async () => {
  const result = await query(README_QUERIES.curves, '--format', 'json');
  const rows = JSON.parse(result.stdout) as { model_type: string; epoch: number; mean_valid_ppl: number; runs: number }[];
  const rnncf2 = rows.find((row) => row.model_type === 'rnncf' && row.epoch === 2);
  // Epoch 2 of rnncf: bb01 9, bb02 9, bb03 NaN (left out), dd01 5, dd02 6, dd03 5.5.
  assert.deepEqual(rnncf2, { model_type: 'rnncf', epoch: 2, mean_valid_ppl: 6.9, runs: 5 });
  assert.equal(rows.length, 6);
});

test('README example 3: runs that diverged or failed, with the epoch they stopped at', async () => {
  const result = await query(README_QUERIES.trouble, '--format', 'json');
  assert.deepEqual(JSON.parse(result.stdout), [
    { id: 'bb03', status: 'diverged', last_epoch: 2, learning_rate: 0.001, error: null },
  ]);
});

test('README example 4: the sample generated at each of the three best runs\' best epoch', async () => {
  const result = await query(README_QUERIES.bestSample, '--format', 'json');
  assert.deepEqual(JSON.parse(result.stdout), [
    { run_id: 'dd03', best_epoch: 3, ppl: 4, sample: 'dd03 epoch 3: the wolf said' },
    { run_id: 'dd01', best_epoch: 2, ppl: 5, sample: 'dd01 epoch 2: the wolf said' },
    { run_id: 'cc01', best_epoch: 3, ppl: 6, sample: 'cc01 epoch 3: the wolf said' },
  ]);
});
