import { join } from 'node:path';
import type { Format } from '../core/formats.js';
import { compareReports } from '../history/compare-reports.js';
import type { PreviousReport } from '../core/previous-report.js';
import type { ModelComparison } from '../models/model-entry.js';
import type { Report } from '../core/row.js';
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
  /** Every compared report (readHistory): a task ID found in any of them is compared by ID. */
  history?: { reports: readonly PreviousReport[] };
  /** The model view (buildModelView): the Models sheet and sections, and `<name>.models.csv`. */
  models?: ModelComparison | null;
}

export interface WrittenFile {
  format: Format;
  path: string;
  rows: number;
}

/** A report that could not be written, and why (`ENOSPC: no space left on device`). */
export interface UnwrittenFile {
  format: Format;
  path: string;
  reason: string;
}

/**
 * Some reports could not be written: the file system refused (disk full, a folder in the way, no
 * permission) or a format's limit was hit. Every format was still tried; `written` and `unwritten` say which is which.
 */
export class ReportWriteError extends Error {
  override readonly name = 'ReportWriteError';
  constructor(
    readonly written: WrittenFile[],
    readonly unwritten: UnwrittenFile[],
  ) {
    super(`could not write ${unwritten.map((file) => `${file.path} (${file.reason})`).join(', ')}`);
  }
}

/** A failure of the file system (it has an errno code), as opposed to a bug in a writer. */
function describeFileSystemError(error: unknown): string | null {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return null;
  const text =
    typeof message === 'string' ? message.replace(/^[A-Z]+: /, '').replace(/, \w+( '.*)?$/, '') : '';
  return text === '' ? code : `${code}: ${text}`;
}

/** The longest reason shown for a report that could not be written, in characters. */
const MAX_REASON_CHARS = 200;

/**
 * Why a writer failed, for a "not written" line: the file system's code and words, or else the
 * error's first line (a limit of the format, an entry too large), control characters dropped.
 */
export function describeWriteFailure(error: unknown): string {
  const fromFileSystem = describeFileSystemError(error);
  if (fromFileSystem !== null) return fromFileSystem;
  const message = error instanceof Error ? error.message : String(error);
  // eslint-disable-next-line no-control-regex
  const line = (message.split('\n')[0] ?? '').replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
  const text = line === '' ? (error instanceof Error ? error.name : 'unknown error') : line;
  return text.length > MAX_REASON_CHARS ? `${text.slice(0, MAX_REASON_CHARS - 1)}…` : text;
}

/**
 * Up to this many rows the formats are written at once rather than one after the other: the
 * workbook's charts are drawn on the thread pool (chart-png.ts), and while the workbook waits for
 * them the CSV, JSON and page are written instead of the main thread idling (about a tenth of a
 * second of a small run's end). Above it they are written in turn, so that a large report never
 * holds the working memory of every writer at once.
 */
export const WRITE_TOGETHER_MAX_ROWS = 2_000;

/**
 * Writes every requested format as `<out>/<name>.<format>`, each atomically. Writers are imported
 * only when used, so `--help` and a CSV-only run never load the workbook writer or the chart renderer.
 * The files are listed in the order of `formats` however they were scheduled.
 */
export async function writeReports(report: Report, options: WriteReportsOptions): Promise<WrittenFile[]> {
  const document: ReportDocument = {
    report,
    template: options.template ?? (await loadTemplate(undefined)),
    comparison: options.previous
      ? compareReports(report.rows, options.previous, {
          history: options.history?.reports ?? [options.previous],
          models: options.models ?? null,
        })
      : null,
    models: options.models ?? null,
  };
  const write = (format: Format): Promise<FormatOutcome> => writeFormat(format, document, options);
  let outcomes: FormatOutcome[];
  if (report.rows.length <= WRITE_TOGETHER_MAX_ROWS) {
    outcomes = await Promise.all(options.formats.map(write));
  } else {
    outcomes = [];
    for (const format of options.formats) outcomes.push(await write(format));
  }
  const written = outcomes.flatMap((outcome) => outcome.written);
  const unwritten = outcomes.flatMap((outcome) => outcome.unwritten);
  if (unwritten.length > 0) throw new ReportWriteError(written, unwritten);
  return written;
}

/** What became of one format's files: the report, and the per-model CSV with a CSV. */
interface FormatOutcome {
  written: WrittenFile[];
  unwritten: UnwrittenFile[];
}

/**
 * Writes one format. Any failure (the disk, a limit of the format) is that report's "not written";
 * the other formats are still written, and the run ends with exit code 6. Never throws.
 */
async function writeFormat(
  format: Format,
  document: ReportDocument,
  options: WriteReportsOptions,
): Promise<FormatOutcome> {
  const outcome: FormatOutcome = { written: [], unwritten: [] };
  const path = join(options.outDir, `${options.name}.${format}`);
  try {
    await writeReport(format, path, document, options);
  } catch (error) {
    outcome.unwritten.push({ format, path, reason: describeWriteFailure(error) });
    return outcome;
  }
  outcome.written.push({ format, path, rows: document.report.rows.length });
  if (format === 'csv' && document.models) {
    // The per-model CSV goes with the task CSV, and fails on its own like any report.
    const modelsPath = join(options.outDir, `${options.name}.models.csv`);
    try {
      const { writeModelsCsv } = await import('./models-csv.js');
      await writeModelsCsv(modelsPath, document.models, {
        bom: options.bom,
        escapeFormulas: options.escapeFormulas,
      });
      outcome.written.push({ format, path: modelsPath, rows: document.models.models.length });
    } catch (error) {
      outcome.unwritten.push({ format, path: modelsPath, reason: describeWriteFailure(error) });
    }
  }
  return outcome;
}

async function writeReport(
  format: Format,
  path: string,
  document: ReportDocument,
  options: WriteReportsOptions,
): Promise<void> {
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
      break;
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
}
