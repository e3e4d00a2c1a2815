// NaN, ±Infinity and null survive the trip through SQLite as themselves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { fromStoredNumber, toStoredNumber } from '../../src/store/stored-number.js';

test('every value round-trips through a REAL column, and NULL stays distinct from NaN', () => {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (i INTEGER, x REAL)');
  const values = [NaN, Infinity, -Infinity, 0, -0.5, 1e300, 3, null];
  const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
  values.forEach((value, i) => insert.run(i, toStoredNumber(value)));
  const back = (db.prepare('SELECT x FROM t ORDER BY i').pluck().all() as unknown[]).map(fromStoredNumber);
  assert.deepEqual(back, values);
  // The reason for the marker: SQLite itself turns a bound NaN into NULL.
  assert.equal(db.prepare('SELECT ?').pluck().get(NaN), null);
  db.close();
});

test('an unexpected text in a metric cell is an error, not a silent number', () => {
  assert.throws(() => fromStoredNumber('inf'), {
    message: `results store: expected a number, NULL or 'NaN' in a metric column, got "inf"`,
  });
});
