// The read-only query's options for the dashboard's SQL box: a row limit that says whether it cut, and refusing
// statements that return no rows (which SQLite's read-only test lets through).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { openStore } from '../../src/store/results-store.js';
import { createResultsFixture } from '../helpers/results-fixture.js';

const numbers = (n: number) => `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT ${n}) SELECT x FROM c`;

test('maxRows: exactly the limit is not truncated, one more is; without it every row comes back', () => {
  const { dir, dbPath } = createResultsFixture();
  const store = openStore(dbPath, { readonly: true });
  try {
    assert.deepEqual(store.query(numbers(3), { maxRows: 3 }), { columns: ['x'], rows: [[1], [2], [3]], truncated: false });
    assert.deepEqual(store.query(numbers(4), { maxRows: 3 }), { columns: ['x'], rows: [[1], [2], [3]], truncated: true });
    assert.deepEqual(store.query(numbers(0), { maxRows: 3 }), { columns: ['x'], rows: [], truncated: false });
    assert.equal(store.query(numbers(5000)).rows.length, 5000);
    // The statement was ended early, not left open: the connection still answers.
    assert.deepEqual(store.query('SELECT count(*) FROM runs').rows, [[12]]);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('rowsOnly: ATTACH, BEGIN and setting pragmas are refused; `rnnlab query` (without it) still runs them', () => {
  const { dir, dbPath } = createResultsFixture();
  const store = openStore(dbPath, { readonly: true });
  try {
    for (const sql of [`ATTACH '${dbPath}' AS other`, 'BEGIN', 'PRAGMA foreign_keys = OFF']) {
      assert.throws(() => store.query(sql, { rowsOnly: true }), {
        name: 'UserError',
        message: `query must return rows (SELECT, WITH, VALUES, EXPLAIN or a reading PRAGMA): ${sql}`,
      });
    }
    assert.deepEqual(store.query('PRAGMA user_version', { rowsOnly: true }).columns, ['user_version']);
    assert.deepEqual(store.query('PRAGMA foreign_keys = OFF'), { columns: [], rows: [] });
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
