// The experiments a database holds with their files' text, and a short digest to tell file versions apart.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

export interface StoredExperiment {
  name: string;
  specText: string;
}

export function readExperiments(db: Database.Database): StoredExperiment[] {
  return (db.prepare('SELECT name, spec_text FROM experiments ORDER BY name').all() as { name: string; spec_text: string }[]).map(
    (row) => ({ name: row.name, specText: row.spec_text }),
  );
}

/** First 12 hex digits of the SHA-256 of an experiment file's text, to tell file versions apart in messages. */
export function specDigest(specText: string): string {
  return createHash('sha256').update(specText).digest('hex').slice(0, 12);
}
