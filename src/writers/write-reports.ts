import { join } from 'node:path';
import type { Format } from '../cli/options.js';
import type { Report } from '../report/row.js';

export interface WriteReportsOptions {
  outDir: string;
  name: string;
  formats: readonly Format[];
  bom: boolean;
  escapeFormulas: boolean;
}

export interface WrittenFile {
  format: Format;
  path: string;
  rows: number;
}

/**
 * Writes every requested format as `<out>/<name>.<format>`, each atomically. Writers are imported
 * only when used, so `--help` and a CSV-only run never load exceljs.
 */
export async function writeReports(report: Report, options: WriteReportsOptions): Promise<WrittenFile[]> {
  const written: WrittenFile[] = [];
  for (const format of options.formats) {
    const path = join(options.outDir, `${options.name}.${format}`);
    switch (format) {
      case 'csv': {
        const { writeCsv } = await import('./csv.js');
        await writeCsv(path, report.rows, { bom: options.bom, escapeFormulas: options.escapeFormulas });
        break;
      }
      case 'xlsx': {
        const { writeXlsx } = await import('./xlsx.js');
        await writeXlsx(path, report);
        break;
      }
    }
    written.push({ format, path, rows: report.rows.length });
  }
  return written;
}
