// checkResultsDatabase refuses exactly what readDatabaseCopy refuses, with the same sentence, without reading the data
// into memory; neither leaves a trace beside the file.
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStore } from '../../src/store/results-store.js';
import { checkResultsDatabase, readDatabaseCopy } from '../../src/store/read-database-copy.js';
import { schemaMigrations } from '../../src/store/schema-migrations.js';

/** The message `fn` throws, or null. */
function errorOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

test('the check and the copy agree on every file: one rnnlab database passes, the rest are refused alike', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-check-db-'));
  try {
    const good = join(dir, 'good.sqlite');
    const store = openStore(good);
    store.saveExperiment({ name: 'e', specPath: 'e.yaml', specText: 'name: e\n' });
    store.close();
    const text = join(dir, 'notes.sqlite');
    writeFileSync(text, 'not a database, but long enough to have a header: '.repeat(4));
    const other = join(dir, 'other.sqlite');
    const app = new Database(other);
    app.exec('CREATE TABLE contacts (name TEXT)');
    app.close();
    const newer = join(dir, 'newer.sqlite');
    writeFileSync(newer, readFileSync(good));
    const bumped = new Database(newer);
    bumped.pragma(`user_version = ${schemaMigrations.length + 1}`);
    bumped.close();
    mkdirSync(join(dir, 'folder'));
    const files = [good, text, other, newer, join(dir, 'folder'), join(dir, 'missing.sqlite')];
    const messages = files.map((path) => errorOf(() => checkResultsDatabase(path)));
    assert.deepEqual(messages, files.map((path) => errorOf(() => readDatabaseCopy(path).close())));
    assert.deepEqual(messages, [
      null,
      `${text}: not an SQLite database (file is not a database)`,
      `${other}: not an rnnlab results database (schema version 0; tables: contacts)`,
      `${newer}: results database has schema version ${schemaMigrations.length + 1}, but this rnnlab knows versions up to ` +
        `${schemaMigrations.length}; it was written by a newer rnnlab: upgrade rnnlab to read it`,
      `${join(dir, 'folder')}: not a file`,
      `${join(dir, 'missing.sqlite')}: no such file`,
    ]);
    // Checked and read, the good file is byte for byte as it was, with nothing beside it.
    const before = readFileSync(good);
    checkResultsDatabase(good);
    readDatabaseCopy(good).close();
    assert.deepEqual(readFileSync(good), before);
    assert.equal(existsSync(`${good}-wal`) || existsSync(`${good}-shm`), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
