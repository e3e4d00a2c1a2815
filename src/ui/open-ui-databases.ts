// Opens every database the dashboard shows, each on its own read-only connection (so each one's changes show live):
// the --db files in order, a folder (runs/shards/EXPERIMENT) as the *.sqlite files in it.
import { listDatabaseFiles } from '../store/list-database-files.js';
import { openStore, type ResultsStore } from '../store/results-store.js';

export interface UiDatabase {
  /** Position in the list: how the page and the API name a database. */
  index: number;
  /** As given, or the folder joined with the file's name. */
  path: string;
  store: ResultsStore;
}

/** Opens each file read-only (listDatabaseFiles and openStore refuse a missing path, an empty folder, a foreign or
 *  newer database with a UserError); a file named twice is shown once. On any failure closes those already open. */
export function openUiDatabases(paths: readonly string[]): UiDatabase[] {
  const opened: UiDatabase[] = [];
  try {
    for (const path of listDatabaseFiles(paths)) {
      opened.push({ index: opened.length, path, store: openStore(path, { readonly: true }) });
    }
  } catch (error) {
    for (const database of opened) database.store.close();
    throw error;
  }
  return opened;
}
