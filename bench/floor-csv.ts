/**
 * The CSV floor of the writer benchmark: a bare csv-stringify script writing the same CSV — read the
 * JSON rows and stream them through csv-stringify (BOM, CRLF, quoted line ends) into the file. No
 * formula escaping and no control-character dropping: the report's own work is what the ratio shows.
 *
 * Usage: node bench/dist/floor-csv.js <input.json> <out.csv>
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { REPORT_COLUMNS } from '../src/core/row.js';
import type { WriterBenchInput } from './writer-input.js';

const [input, output] = process.argv.slice(2);
if (input === undefined || output === undefined) {
  process.stderr.write('usage: floor-csv.js <input.json> <out.csv>\n');
  process.exit(2);
}
const data = JSON.parse(readFileSync(input, 'utf8')) as WriterBenchInput;
const columns = [...REPORT_COLUMNS, 'model', 'period'] as const;
function* records(): Generator<unknown[]> {
  yield [...columns];
  for (const row of data.report.rows) {
    const record = row as unknown as Record<string, unknown>;
    yield columns.map((column) => record[column]);
  }
}
await pipeline(
  Readable.from(records()),
  stringify({ bom: true, record_delimiter: 'windows', quote_record_delimiter: true }),
  createWriteStream(output),
);
process.stdout.write(`${JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })}\n`);
