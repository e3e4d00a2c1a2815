// The SQL page's schema panel: every table and view of a results database with its columns.
import type { ResultsStore } from '../store/results-store.js';
import type { SchemaObject } from './api-types.js';

export function listSchema(store: ResultsStore): SchemaObject[] {
  const { rows } = store.query(
    `SELECT m.name, m.type, c.name, c.type FROM sqlite_schema AS m JOIN pragma_table_info(m.name) AS c
     WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite_%' ORDER BY m.type, m.name, c.cid`,
  );
  const objects = new Map<string, SchemaObject>();
  for (const [name, type, column, columnType] of rows as [string, 'table' | 'view', string, string][]) {
    let object = objects.get(name);
    if (object === undefined) objects.set(name, (object = { name, type, columns: [] }));
    object.columns.push({ name: column, type: columnType });
  }
  return [...objects.values()];
}
