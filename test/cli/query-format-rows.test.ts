// The row formats shared by query, compare and show: exact text for table, Markdown, CSV and JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRows } from '../../src/report/format-rows.js';

const columns = ['name', 'value'];
const rows = [
  ['a|b', 1.5],
  ['line\nbreak', null],
  ['  padded', NaN],
  [Buffer.from([0xab, 0x01]), -Infinity],
];

test('markdown escapes pipes and newlines and right-aligns numeric columns', () => {
  assert.equal(
    formatRows(columns, rows, 'markdown', { rightAligned: [false, true] }),
    '| name | value |\n| --- | ---: |\n| a\\|b | 1.5 |\n| line<br>break | NULL |\n|   padded | NaN |\n| x\'ab01\' | -Infinity |\n',
  );
});

test('csv follows RFC 4180: quotes around commas, quotes, newlines and edge spaces; NULL is empty', () => {
  assert.equal(
    formatRows(columns, rows, 'csv'),
    'name,value\r\na|b,1.5\r\n"line\nbreak",\r\n"  padded",NaN\r\nx\'ab01\',-Infinity\r\n',
  );
});

test('json keeps numbers and null, and writes non-finite numbers as strings', () => {
  assert.deepEqual(JSON.parse(formatRows(columns, rows, 'json')), [
    { name: 'a|b', value: 1.5 },
    { name: 'line\nbreak', value: null },
    { name: '  padded', value: 'NaN' },
    { name: "x'ab01'", value: '-Infinity' },
  ]);
});

test('a table without rows still shows its header', () => {
  assert.equal(formatRows(['x'], [], 'table'), '┌───┐\n│ x │\n└───┘\n');
});
