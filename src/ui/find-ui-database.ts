// Which open database a request means: its `db` parameter, the database's position in --db order.
import { UserError } from '../config/user-error.js';
import type { UiDatabase } from './open-ui-databases.js';

export function findUiDatabase(databases: readonly UiDatabase[], db: string | null): UiDatabase {
  const text = db ?? '0';
  const found = /^\d+$/.test(text) ? databases[Number(text)] : undefined;
  if (found === undefined) {
    throw new UserError(`db must be a database number from 0 to ${databases.length - 1}; got "${text}"`);
  }
  return found;
}
