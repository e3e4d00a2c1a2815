// Where a run's model checkpoint lives: `<folder of the database>/checkpoints/<run id>.json`.
import { dirname, join, resolve } from 'node:path';

export function checkpointDir(dbPath: string): string {
  return join(dirname(resolve(dbPath)), 'checkpoints');
}

export function checkpointPath(dbPath: string, runId: string): string {
  return join(checkpointDir(dbPath), `${runId}.json`);
}
