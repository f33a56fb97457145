/**
 * The CSV floor of the writer benchmark: the least a Node process must do to write the same CSV —
 * read the JSON rows, join each record's fields (quoted when needed), write the text once. No
 * library, no formula escaping, no control-character dropping.
 *
 * Usage: node dist/bench/floor-csv.js <input.json> <out.csv>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { REPORT_COLUMNS } from '../report/row.js';
import type { WriterBenchInput } from './writer-input.js';

const [input, output] = process.argv.slice(2);
if (input === undefined || output === undefined) {
  process.stderr.write('usage: floor-csv.js <input.json> <out.csv>\n');
  process.exit(2);
}
const data = JSON.parse(readFileSync(input, 'utf8')) as WriterBenchInput;
const columns = [...REPORT_COLUMNS, 'model', 'period'] as const;
const quote = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
const lines: string[] = [`\uFEFF${columns.join(',')}`];
for (const row of data.report.rows) {
  const record = row as unknown as Record<string, string | number | null | undefined>;
  lines.push(
    columns
      .map((column) => {
        const value = record[column];
        return value === null || value === undefined
          ? ''
          : typeof value === 'number'
            ? String(value)
            : quote(value);
      })
      .join(','),
  );
}
writeFileSync(output, `${lines.join('\r\n')}\r\n`);
process.stdout.write(`${JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })}\n`);
