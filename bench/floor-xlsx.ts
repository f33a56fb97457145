/**
 * The xlsx floor of the writer benchmark: a bare exceljs script writing the same Tasks cells — read
 * the JSON rows, set the columns (width, hidden, number format), write every row (text as text,
 * numbers, wall-clock dates, durations as days) and nothing else: no Summary, chart, colours or print
 * setup. `memory` uses exceljs's in-memory Workbook with the rows as an Excel table, `stream` its
 * streaming WorkbookWriter (useStyles, useSharedStrings) with a filter on the header: the two writers
 * the report uses (src/writers/xlsx.ts), so the ratio is the cost of the report's own work.
 *
 * Usage: node bench/dist/floor-xlsx.js <memory|stream> <input.json> <out.xlsx>
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { WriterBenchColumn, WriterBenchInput } from './writer-input.js';

const [mode, input, output] = process.argv.slice(2);
if ((mode !== 'memory' && mode !== 'stream') || input === undefined || output === undefined) {
  process.stderr.write('usage: floor-xlsx.js <memory|stream> <input.json> <out.xlsx>\n');
  process.exit(2);
}
const data = JSON.parse(readFileSync(input, 'utf8')) as WriterBenchInput;
const { columns } = data;
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})/;

function toValue(column: WriterBenchColumn, value: unknown): ExcelJS.CellValue {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'number') return column.kind === 'duration' ? value / 86_400 : value;
  const text = String(value);
  const parts = column.kind === 'date' ? WALL_CLOCK.exec(text) : null;
  if (parts === null) return text;
  const [, y, mo, d, h, mi, s] = parts.map(Number);
  return new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s));
}

function toValues(row: unknown): ExcelJS.CellValue[] {
  const record = row as Record<string, unknown>;
  return columns.map((column) => toValue(column, record[column.field]));
}

const workbook =
  mode === 'memory'
    ? new ExcelJS.Workbook()
    : new ExcelJS.stream.xlsx.WorkbookWriter({ filename: output, useStyles: true, useSharedStrings: true });
const sheet = workbook.addWorksheet('Tasks', { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
columns.forEach((column, index) => {
  const sheetColumn = sheet.getColumn(index + 1);
  sheetColumn.width = column.width;
  if (column.hidden) sheetColumn.hidden = true;
  if (column.numFmt !== null) sheetColumn.numFmt = column.numFmt;
});
const rows = data.report.rows;
if (mode === 'memory') {
  sheet.addTable({
    name: 'Tasks',
    ref: 'A1',
    headerRow: true,
    style: { theme: 'TableStyleMedium2', showRowStripes: true },
    columns: columns.map((column) => ({ name: column.label, filterButton: true })),
    rows: rows.map(toValues),
  });
  await workbook.xlsx.writeFile(output);
} else {
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: rows.length + 1, column: columns.length } };
  sheet.addRow(columns.map((column) => column.label)).commit();
  for (const row of rows) sheet.addRow(toValues(row)).commit();
  await (workbook as unknown as { commit(): Promise<void> }).commit();
}
process.stdout.write(`${JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })}\n`);
