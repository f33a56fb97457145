/**
 * The project's side of the writer benchmark, as a whole process: reads the benchmark's JSON (see
 * writer-input.ts) and writes the report through writeReports, the path the CLI takes (the workbook
 * with its Summary, chart, Tasks table and colours; the CSV with its escaping).
 *
 * Usage: node bench/dist/write-report-file.js <csv|xlsx> <input.json> <out dir> <name>
 */
import { readFile } from 'node:fs/promises';
import type { WriterBenchInput } from './writer-input.js';
import { writeReports } from '../src/writers/write-reports.js';

const [format, input, outDir, name] = process.argv.slice(2);
if (
  (format !== 'csv' && format !== 'xlsx') ||
  input === undefined ||
  outDir === undefined ||
  name === undefined
) {
  process.stderr.write('usage: write-report-file.js <csv|xlsx> <input.json> <out dir> <name>\n');
  process.exit(2);
}
const data = JSON.parse(await readFile(input, 'utf8')) as WriterBenchInput;
await writeReports(data.report, { outDir, name, formats: [format], bom: true, escapeFormulas: true });
process.stdout.write(`${JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })}\n`);
