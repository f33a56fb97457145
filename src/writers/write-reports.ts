import { join } from 'node:path';
import type { Format } from '../cli/options.js';
import { compareReports } from '../compare/compare-reports.js';
import type { PreviousReport } from '../compare/previous-report.js';
import type { ModelComparison } from '../models/model-entry.js';
import type { Report } from '../report/row.js';
import { loadTemplate } from '../templates/load-template.js';
import type { Template } from '../templates/template.js';
import type { ReportDocument } from './report-document.js';

export interface WriteReportsOptions {
  outDir: string;
  name: string;
  formats: readonly Format[];
  bom: boolean;
  escapeFormulas: boolean;
  /** The layout (readReportInputs / loadTemplate); default: the bundled `default` template. */
  template?: Template;
  /** The report `--compare` named, read before the run; adds the Changes sheet and comparison columns. */
  previous?: PreviousReport | null;
  /** The model view (buildModelView): the Models sheet and sections, and `<name>.models.csv`. */
  models?: ModelComparison | null;
}

export interface WrittenFile {
  format: Format;
  path: string;
  rows: number;
}

/**
 * Writes every requested format as `<out>/<name>.<format>`, each atomically. Writers are imported
 * only when used, so `--help` and a CSV-only run never load exceljs or the chart renderer.
 */
export async function writeReports(report: Report, options: WriteReportsOptions): Promise<WrittenFile[]> {
  const document: ReportDocument = {
    report,
    template: options.template ?? (await loadTemplate(undefined)),
    comparison: options.previous ? compareReports(report.rows, options.previous) : null,
    models: options.models ?? null,
  };
  const written: WrittenFile[] = [];
  for (const format of options.formats) {
    const path = join(options.outDir, `${options.name}.${format}`);
    switch (format) {
      case 'csv': {
        const [{ writeCsv }, { selectCsvLayout }, { createFieldReader }] = await Promise.all([
          import('./csv.js'),
          import('./csv-layout.js'),
          import('./report-document.js'),
        ]);
        const layout = selectCsvLayout(document);
        await writeCsv(path, layout.rows, {
          bom: options.bom,
          escapeFormulas: options.escapeFormulas,
          columns: layout.columns,
          ...(layout.header === undefined ? {} : { header: layout.header }),
          readField: createFieldReader(document.comparison),
        });
        written.push({ format, path, rows: report.rows.length });
        if (document.models) {
          const { writeModelsCsv } = await import('./models-csv.js');
          const modelsPath = join(options.outDir, `${options.name}.models.csv`);
          await writeModelsCsv(modelsPath, document.models, {
            bom: options.bom,
            escapeFormulas: options.escapeFormulas,
          });
          written.push({ format, path: modelsPath, rows: document.models.models.length });
        }
        continue;
      }
      case 'xlsx': {
        const { writeXlsx } = await import('./xlsx.js');
        await writeXlsx(path, document);
        break;
      }
      case 'json': {
        const { writeJson } = await import('./json.js');
        await writeJson(path, document);
        break;
      }
      case 'html': {
        const { writeHtml } = await import('./html.js');
        await writeHtml(path, document);
        break;
      }
    }
    written.push({ format, path, rows: report.rows.length });
  }
  return written;
}
