// Tells the page when a database changed, for live views: polls each connection's PRAGMA data_version (SQLite bumps
// it whenever another connection commits: a new epoch, a status change, a heartbeat) while anyone listens.
import type { UiDatabase } from './open-ui-databases.js';

export interface DatabaseWatch {
  /** Calls `listener` with the database's index after each change; returns the unsubscribe function. */
  subscribe(listener: (db: number) => void): () => void;
  close(): void;
}

export function watchDatabases(databases: readonly UiDatabase[], intervalMs: number): DatabaseWatch {
  const listeners = new Set<(db: number) => void>();
  const versions = databases.map(({ store }) => dataVersion(store));
  let timer: NodeJS.Timeout | null = null;
  const poll = () => {
    databases.forEach(({ index, store }, i) => {
      const version = dataVersion(store);
      if (version === versions[i]) return;
      versions[i] = version;
      for (const listener of listeners) listener(index);
    });
  };
  return {
    subscribe(listener) {
      listeners.add(listener);
      if (timer === null) timer = setInterval(poll, intervalMs);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer !== null) {
          clearInterval(timer);
          timer = null;
        }
      };
    },
    close() {
      listeners.clear();
      if (timer !== null) clearInterval(timer);
      timer = null;
    },
  };
}

function dataVersion(store: UiDatabase['store']): unknown {
  return store.query('PRAGMA data_version').rows[0]?.[0];
}
