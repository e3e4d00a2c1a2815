// `rnnlab query "SQL"`: any read-only SQL against the results database, printed as a table, CSV or JSON.
import { Command } from 'commander';
import { openReadDatabases, readDbOption } from './open-read-databases.js';
import { checkRowFormat, formatRows } from '../report/format-rows.js';

export function queryCommand(): Command {
  return new Command('query')
    .description('run one read-only SQL statement against the results database (tables: see README)')
    .argument('<sql>', 'one SQL statement, e.g. "SELECT * FROM run_summary"')
    .option('--format <format>', 'table, markdown, csv or json', 'table')
    .addOption(readDbOption())
    .action((sql: string, options: { format: string; db?: string[] }) => {
      const format = checkRowFormat(options.format);
      const store = openReadDatabases(options.db);
      try {
        const { columns, rows } = store.query(sql);
        // Numeric columns (NaN is stored as the text 'NaN') read best right-aligned.
        const numeric = (value: unknown) => typeof value === 'number' || value === null || value === 'NaN';
        const rightAligned = columns.map((_, i) => rows.length > 0 && rows.every((row) => numeric(row[i])));
        process.stdout.write(formatRows(columns, rows, format, { rightAligned }));
        if (format === 'table') process.stderr.write(`(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})\n`);
      } finally {
        store.close();
      }
    });
}
