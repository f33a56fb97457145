import type { CellValue, Workbook, Worksheet } from 'exceljs';
import { toEpochMs, wallClockToUtcDate } from '../report/parse-wall-clock.js';
import {
  DATE_COLUMNS,
  REPORT_COLUMNS,
  type Report,
  type ReportColumn,
  type ReportRow,
  type ReportSummary,
} from '../report/row.js';
import { writeFileAtomic } from './atomic-write.js';
import { COLUMN_LABELS } from './column-labels.js';
import {
  computeDisplayWidth,
  DEFAULT_COLUMN_WIDTH_LIMITS,
  fitColumnWidth,
  type ColumnWidthLimits,
} from './display-width.js';
import { redactUrl } from './redact-url.js';

export interface XlsxOptions {
  /** Columns of the Tasks sheet, in this order. Default: all of REPORT_COLUMNS. */
  columns?: readonly ReportColumn[];
  /** Narrowest and widest column, in characters. Default 8..60. */
  columnWidthLimits?: ColumnWidthLimits;
}

export const SHEET_NAMES = { tasks: 'Tasks', summary: 'Summary', errors: 'Errors' } as const;

/** Excel number formats (ECMA-376 §18.8.31). */
export const NUMBER_FORMATS = {
  auroc: '0.0000',
  count: '#,##0',
  dateTime: 'yyyy-mm-dd hh:mm:ss',
  utcDateTime: 'yyyy-mm-dd hh:mm:ss "UTC"',
} as const;

/** Excel refuses longer cell texts ("Excel specifications and limits": 32,767 characters). */
const MAX_CELL_TEXT_CHARS = 32_767;

/** One cell to write: its value, its number format, and the text it shows (for the column width). */
interface CellContent {
  value: CellValue;
  numFmt?: string;
  shownText: string;
}

const EMPTY_CELL: CellContent = { value: null, shownText: '' };

/**
 * Writes the report as an .xlsx workbook, atomically (see writeFileAtomic): a Tasks sheet (one row per
 * task, typed cells), a Summary sheet, and an Errors sheet when some tasks could not be fetched.
 * Text is always written as text cells, never as formulas, whatever it starts with.
 */
export async function writeXlsx(path: string, report: Report, options: XlsxOptions = {}): Promise<void> {
  // exceljs is CommonJS and slow to load: import it only when a workbook is written, so the CLI starts
  // fast. Under NodeNext ESM its module.exports arrives as `default`.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'nclue-report';
  const limits = options.columnWidthLimits ?? DEFAULT_COLUMN_WIDTH_LIMITS;

  addTasksSheet(workbook, report.rows, options.columns ?? REPORT_COLUMNS, limits);
  addSummarySheet(workbook, report.summary, limits);
  const errorRows = report.rows.filter((row) => row.fetch_error !== null);
  if (errorRows.length > 0) {
    addErrorsSheet(workbook, errorRows, limits);
  }

  await writeFileAtomic(path, (tempPath) => workbook.xlsx.writeFile(tempPath));
}

function addTasksSheet(
  workbook: Workbook,
  rows: readonly ReportRow[],
  columns: readonly ReportColumn[],
  limits: ColumnWidthLimits,
): void {
  const sheet = addSheetWithFrozenHeader(workbook, SHEET_NAMES.tasks);
  const table = createTableWriter(sheet);
  table.append(
    columns.map((column) => toTextContent(COLUMN_LABELS[column])),
    { bold: true },
  );
  for (const row of rows) {
    table.append(columns.map((column) => toTaskCellContent(column, row[column])));
  }
  table.fitWidths(limits);
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: rows.length + 1, column: columns.length } };
}

function addSummarySheet(workbook: Workbook, summary: ReportSummary, limits: ColumnWidthLimits): void {
  const sheet = workbook.addWorksheet(SHEET_NAMES.summary);
  const table = createTableWriter(sheet);
  const { facts } = summary;

  table.appendTitle('Run');
  table.append([toTextContent('Generated at'), toUtcTimestampContent(facts.generatedAt)]);
  table.append([toTextContent('Endpoint'), toTextContent(redactUrl(facts.endpoint))]);
  table.append([toTextContent('Requested'), toCountContent(facts.requested)]);
  table.append([toTextContent('Fetched'), toCountContent(facts.fetched)]);
  table.append([toTextContent('Failed'), toCountContent(facts.failed)]);

  table.appendBlank();
  table.appendTitle('Tasks by status');
  table.append([toTextContent('Status'), toTextContent('Tasks')], { bold: true });
  for (const { status, count } of summary.statusCounts) {
    table.append([toTextContent(status), toCountContent(count)]);
  }

  table.appendBlank();
  table.appendTitle('AUROC');
  if (summary.auroc === null) {
    table.append([toTextContent('No task has an AUROC')]);
  } else {
    const { count, best, mean, median, worst } = summary.auroc;
    table.append([toTextContent('Tasks with AUROC'), toCountContent(count)]);
    table.append([toTextContent('Best'), toAurocContent(best)]);
    table.append([toTextContent('Mean'), toAurocContent(mean)]);
    table.append([toTextContent('Median'), toAurocContent(median)]);
    table.append([toTextContent('Worst'), toAurocContent(worst)]);
  }

  table.appendBlank();
  table.appendTitle(`Top ${summary.top.length} by AUROC`);
  table.append(
    ['Rank', 'Task ID', 'Task name', 'AUROC'].map((label) => toTextContent(label)),
    { bold: true },
  );
  summary.top.forEach((row, index) => {
    table.append([
      toCountContent(row.auroc_rank ?? index + 1),
      toTextContent(row.task_id),
      toTextContent(row.task_name),
      row.auroc === null ? EMPTY_CELL : toAurocContent(row.auroc),
    ]);
  });

  table.fitWidths(limits);
}

function addErrorsSheet(
  workbook: Workbook,
  errorRows: readonly ReportRow[],
  limits: ColumnWidthLimits,
): void {
  const sheet = addSheetWithFrozenHeader(workbook, SHEET_NAMES.errors);
  const table = createTableWriter(sheet);
  table.append([toTextContent('Task ID'), toTextContent('Reason')], { bold: true });
  for (const row of errorRows) {
    table.append([toTextContent(row.task_id), toTextContent(row.fetch_error)]);
  }
  table.fitWidths(limits);
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: errorRows.length + 1, column: 2 } };
}

function addSheetWithFrozenHeader(workbook: Workbook, name: string): Worksheet {
  return workbook.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
  });
}

/**
 * Appends rows to a sheet and remembers the widest text shown in each column, so the widths can be
 * set at the end (the file format has no auto-fit). Section titles do not widen their column: they
 * may spill into the empty cells to their right.
 */
function createTableWriter(sheet: Worksheet) {
  const widestByColumn: number[] = [];
  let rowNumber = 0;
  return {
    append(cells: readonly CellContent[], style: { bold?: boolean } = {}): void {
      rowNumber += 1;
      const sheetRow = sheet.getRow(rowNumber);
      cells.forEach((content, index) => {
        const cell = sheetRow.getCell(index + 1);
        cell.value = content.value;
        if (content.numFmt !== undefined) {
          cell.numFmt = content.numFmt;
        }
        if (style.bold === true) {
          cell.font = { bold: true };
        }
        widestByColumn[index] = Math.max(widestByColumn[index] ?? 0, computeDisplayWidth(content.shownText));
      });
    },
    appendTitle(title: string): void {
      rowNumber += 1;
      const cell = sheet.getRow(rowNumber).getCell(1);
      cell.value = title;
      cell.font = { bold: true, size: 12 };
    },
    appendBlank(): void {
      rowNumber += 1;
    },
    fitWidths(limits: ColumnWidthLimits): void {
      widestByColumn.forEach((widest, index) => {
        sheet.getColumn(index + 1).width = fitColumnWidth(widest, limits);
      });
    },
  };
}

function toTaskCellContent(column: ReportColumn, value: string | number | null): CellContent {
  if (value === null || value === '') {
    return EMPTY_CELL;
  }
  if (typeof value === 'number') {
    return column === 'auroc' ? toAurocContent(value) : toCountContent(value);
  }
  if (DATE_COLUMNS.has(column)) {
    const date = wallClockToUtcDate(value);
    if (date !== null) {
      return { value: date, numFmt: NUMBER_FORMATS.dateTime, shownText: '0000-00-00 00:00:00' };
    }
  }
  // Other text, and a date the API wrote in an unexpected form, is shown as the API's text.
  return toTextContent(value);
}

/** A plain string cell: exceljs only writes a formula for a `{ formula }` value, never for a string. */
function toTextContent(text: string | null): CellContent {
  if (text === null || text === '') {
    return EMPTY_CELL;
  }
  const value = text.length > MAX_CELL_TEXT_CHARS ? `${text.slice(0, MAX_CELL_TEXT_CHARS - 1)}…` : text;
  return { value, shownText: value };
}

function toAurocContent(auroc: number): CellContent {
  // The value keeps full precision; only the display is rounded.
  return { value: auroc, numFmt: NUMBER_FORMATS.auroc, shownText: auroc.toFixed(4) };
}

function toCountContent(count: number): CellContent {
  return { value: count, numFmt: NUMBER_FORMATS.count, shownText: count.toLocaleString('en-US') };
}

/** The run's start time: an instant (ISO 8601 with `Z`), shown as UTC. */
function toUtcTimestampContent(text: string): CellContent {
  const epochMs = toEpochMs(text);
  if (epochMs === null) {
    return toTextContent(text);
  }
  // Whole seconds: the format shows none, and Excel would round 12:00:00.600 up to 12:00:01.
  const wholeSecondMs = Math.floor(epochMs / 1000) * 1000;
  return {
    value: new Date(wholeSecondMs),
    numFmt: NUMBER_FORMATS.utcDateTime,
    shownText: '0000-00-00 00:00:00 UTC',
  };
}
