// Child process of the SQL box: runs one statement through the store's read-only query (the path `rnnlab query`
// takes), sends the answer to its parent and exits. A separate process because SQLite cannot be interrupted from
// JavaScript: a runaway query is ended by killing this process (run-bounded-query.ts).
import { UserError } from '../config/user-error.js';
import { jsonValue } from '../report/format-rows.js';
import { openStore } from '../store/results-store.js';

export interface QueryChildRequest {
  path: string;
  sql: string;
  maxRows: number;
}

export type QueryChildAnswer =
  | { ok: true; columns: string[]; rows: unknown[][]; truncated: boolean }
  | { ok: false; message: string; userError: boolean };

function answer(request: QueryChildRequest): QueryChildAnswer {
  try {
    const store = openStore(request.path, { readonly: true });
    try {
      const result = store.query(request.sql, { maxRows: request.maxRows, rowsOnly: true });
      // NaN/Infinity/BLOBs as rnnlab's JSON writes them, so the answer survives IPC's JSON.
      const rows = result.rows.map((row) => row.map(jsonValue));
      return { ok: true, columns: result.columns, rows, truncated: result.truncated === true };
    } finally {
      store.close();
    }
  } catch (error) {
    return { ok: false, message: (error as Error).message, userError: error instanceof UserError };
  }
}

process.once('message', (request: QueryChildRequest) => {
  process.send?.(answer(request), () => process.disconnect());
});
// A spare process waiting for its query leaves when the server goes away.
process.once('disconnect', () => process.exit(0));
// Loaded: the parent starts the query's clock only now, so a slow start on a busy machine is not counted.
process.send?.({ ready: true });
