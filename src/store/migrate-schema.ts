// Brings a results database to the newest schema version (PRAGMA user_version), or explains why it cannot.
import type Database from 'better-sqlite3';
import { UserError } from '../config/user-error.js';
import type { SchemaMigration } from './schema-migrations.js';

function userVersion(db: Database.Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

function latestVersion(migrations: readonly SchemaMigration[]): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
}

function checkNotNewer(version: number, latest: number, dbPath: string): void {
  if (version > latest) {
    throw new UserError(
      `${dbPath}: results database has schema version ${version}, but this rnnlab knows versions up to ${latest}; ` +
        'it was written by a newer rnnlab: upgrade rnnlab to read it',
    );
  }
}

/** Applies every migration above the database's user_version, each in its own IMMEDIATE transaction (so two
 *  processes opening a fresh database at once migrate it exactly once). Returns the versions applied. */
export function migrateSchema(db: Database.Database, migrations: readonly SchemaMigration[], dbPath: string): number[] {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`results store: migration ${index} has version ${migration.version}, expected ${index + 1}`);
    }
  });
  const latest = latestVersion(migrations);
  checkNotNewer(userVersion(db), latest, dbPath);
  const applied: number[] = [];
  for (const migration of migrations) {
    let afterCommit: (() => void) | void = undefined;
    db.transaction(() => {
      // Re-read inside the write lock: another process may have migrated since we looked.
      const version = userVersion(db);
      checkNotNewer(version, latest, dbPath);
      if (version >= migration.version) return;
      db.exec(migration.sql);
      afterCommit = migration.migrate?.(db, { dbPath });
      db.pragma(`user_version = ${migration.version}`);
      applied.push(migration.version);
    }).immediate();
    (afterCommit as (() => void) | void)?.();
  }
  return applied;
}

/** For read-only connections, which cannot migrate: the database must already be at the newest version. */
export function checkSchemaVersion(db: Database.Database, migrations: readonly SchemaMigration[], dbPath: string): void {
  const latest = latestVersion(migrations);
  const version = userVersion(db);
  checkNotNewer(version, latest, dbPath);
  if (version === 0) {
    throw new UserError(`${dbPath}: not an rnnlab results database (schema version 0); create one with \`rnnlab run\``);
  }
  if (version < latest) {
    throw new UserError(
      `${dbPath}: results database has the older schema version ${version} (this rnnlab writes ${latest}); ` +
        'it is opened read-only here: run `rnnlab run` on it once to migrate it',
    );
  }
}
