// Renders a result set (column names + rows of plain values) as a terminal table, Markdown, CSV or JSON.
import Table from 'cli-table3';
import { UserError } from '../config/user-error.js';

export const ROW_FORMATS = ['table', 'markdown', 'csv', 'json'] as const;
export type RowFormat = (typeof ROW_FORMATS)[number];

export interface FormatRowsOptions {
  /** Right-align these columns in table and Markdown output (numbers). */
  rightAligned?: readonly boolean[];
  /** How NULL shows in table and Markdown output (CSV leaves the cell empty, JSON writes null). */
  nullText?: string;
}

/** Checks a --format value against the allowed ones; `option` names the flag in the message. */
export function checkRowFormat(value: string, allowed: readonly RowFormat[] = ROW_FORMATS, option = '--format'): RowFormat {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UserError(`${option} must be one of ${allowed.join(', ')}; got "${value}"`);
  }
  return value as RowFormat;
}

/** A cell as text: numbers in full (NaN, Infinity, -Infinity spelled out), BLOBs as x'hex', NULL as `nullText`. */
export function cellText(value: unknown, nullText: string): string {
  if (value === null || value === undefined) return nullText;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Uint8Array) return `x'${Buffer.from(value).toString('hex')}'`;
  return JSON.stringify(value);
}

/** JSON has no NaN or Infinity: they become the strings "NaN", "Infinity", "-Infinity". */
export function jsonValue(value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Uint8Array) return `x'${Buffer.from(value).toString('hex')}'`;
  return value === undefined ? null : value;
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

function markdownCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

export function formatRows(
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  format: RowFormat,
  options: FormatRowsOptions = {},
): string {
  const nullText = options.nullText ?? 'NULL';
  const right = (index: number) => options.rightAligned?.[index] ?? false;
  switch (format) {
    case 'json': {
      const objects = rows.map((row) => Object.fromEntries(columns.map((column, i) => [column, jsonValue(row[i])])));
      return `${JSON.stringify(objects, null, 2)}\n`;
    }
    case 'csv': {
      const lines = [columns, ...rows.map((row) => row.map((value) => cellText(value, '')))];
      return lines.map((line) => line.map(csvField).join(',')).join('\r\n') + '\r\n';
    }
    case 'markdown': {
      const header = `| ${columns.map(markdownCell).join(' | ')} |`;
      const rule = `|${columns.map((_, i) => (right(i) ? ' ---: ' : ' --- ')).join('|')}|`;
      const body = rows.map((row) => `| ${row.map((value) => markdownCell(cellText(value, nullText))).join(' | ')} |`);
      return [header, rule, ...body].join('\n') + '\n';
    }
    case 'table': {
      // No colours: output is often piped or pasted, and tests compare it as text.
      const table = new Table({
        head: [...columns],
        style: { head: [], border: [], compact: true },
        colAligns: columns.map((_, i) => (right(i) ? 'right' : 'left')),
      });
      for (const row of rows) table.push(row.map((value) => cellText(value, nullText)));
      return `${table.toString()}\n`;
    }
  }
}
