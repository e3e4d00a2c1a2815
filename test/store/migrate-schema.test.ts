// Forward migrations through PRAGMA user_version: applied once, in order; a newer database is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { checkSchemaVersion, migrateSchema } from '../../src/store/migrate-schema.js';
import type { SchemaMigration } from '../../src/store/schema-migrations.js';
import { UserError } from '../../src/config/user-error.js';
import { withTempDir } from '../helpers/with-temp-dir.js';

const v1: SchemaMigration = { version: 1, description: 'notes', sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);' };
const v2: SchemaMigration = {
  version: 2,
  description: 'notes.author',
  sql: "ALTER TABLE notes ADD COLUMN author TEXT NOT NULL DEFAULT 'unknown';",
};

test('an older database migrates forward and keeps its rows; migrating again is a no-op', () => {
  withTempDir('migrate', (dir) => {
    const path = join(dir, 'db.sqlite');
    const old = new Database(path);
    assert.deepEqual(migrateSchema(old, [v1], path), [1]);
    old.prepare('INSERT INTO notes (text) VALUES (?)').run('kept');
    old.close();

    const db = new Database(path);
    assert.deepEqual(migrateSchema(db, [v1, v2], path), [2]);
    assert.equal(db.pragma('user_version', { simple: true }), 2);
    assert.deepEqual(db.prepare('SELECT text, author FROM notes').all(), [{ text: 'kept', author: 'unknown' }]);
    assert.deepEqual(migrateSchema(db, [v1, v2], path), []);
    db.close();
  });
});

test('a database newer than the code is refused with a clear message and left alone', () => {
  withTempDir('migrate', (dir) => {
    const path = join(dir, 'db.sqlite');
    const db = new Database(path);
    db.pragma('user_version = 7');
    assert.throws(() => migrateSchema(db, [v1, v2], path), {
      name: 'UserError',
      message:
        `${path}: results database has schema version 7, but this rnnlab knows versions up to 2; ` +
        'it was written by a newer rnnlab: upgrade rnnlab to read it',
    });
    assert.equal(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'notes'").pluck().get(), 0);
    db.close();
  });
});

test('a read-only check refuses a database that still needs migrating', () => {
  withTempDir('migrate', (dir) => {
    const path = join(dir, 'db.sqlite');
    const db = new Database(path);
    migrateSchema(db, [v1], path);
    assert.throws(() => checkSchemaVersion(db, [v1, v2], path), (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.equal(
        error.message,
        `${path}: results database has the older schema version 1 (this rnnlab writes 2); ` +
          'it is opened read-only here: run `rnnlab run` on it once to migrate it',
      );
      return true;
    });
    checkSchemaVersion(db, [v1], path);
    db.close();
  });
});

test('migration versions must count up from 1', () => {
  const db = new Database(':memory:');
  assert.throws(() => migrateSchema(db, [v2], ':memory:'), {
    message: 'results store: migration 0 has version 2, expected 1',
  });
  db.close();
});
