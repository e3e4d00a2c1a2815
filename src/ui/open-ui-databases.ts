// Opens every database the dashboard shows, each on its own read-only connection, in the order given.
import { resolve } from 'node:path';
import { UserError } from '../config/user-error.js';
import { openStore, type ResultsStore } from '../store/results-store.js';

export interface UiDatabase {
  /** Position in --db order: how the page and the API name a database. */
  index: number;
  /** As the user gave it. */
  path: string;
  store: ResultsStore;
}

/** Opens each path read-only (openStore refuses a missing file or a foreign/newer database with a UserError);
 *  on any failure closes those already open. */
export function openUiDatabases(paths: readonly string[]): UiDatabase[] {
  const seen = new Map<string, string>();
  for (const path of paths) {
    const absolute = resolve(path);
    const earlier = seen.get(absolute);
    if (earlier !== undefined) throw new UserError(`--db ${path}: the same database as --db ${earlier}; give each once`);
    seen.set(absolute, path);
  }
  const opened: UiDatabase[] = [];
  try {
    for (const path of paths) opened.push({ index: opened.length, path, store: openStore(path, { readonly: true }) });
  } catch (error) {
    for (const database of opened) database.store.close();
    throw error;
  }
  return opened;
}
