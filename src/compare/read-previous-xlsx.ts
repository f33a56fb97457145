import type { CellValue } from 'exceljs';
import { UsageError } from '../errors.js';
import type { ReportField } from '../report/report-field.js';
import { parsePreviousAuroc } from './parse-previous-auroc.js';
import type { PreviousReport, PreviousRow } from './previous-report.js';

/** How many rows of the Summary sheet are searched for the run's start time. */
const SUMMARY_ROWS_SEARCHED = 20;

/**
 * Reads back a workbook this tool wrote: the first sheet is the Tasks sheet, its first row the
 * headers (field names or a template's labels, see createHeaderMatcher). AUROC cells are numbers,
 * so they come back as the same double. The run's start time is the first date on the next sheet
 * (the Summary's "Generated at"). Uses exceljs's streaming reader, so a 100,000-row workbook does
 * not have to fit in memory as a whole.
 *
 * @throws UsageError when the file is not a workbook or its first sheet is not a Tasks sheet.
 */
export async function readPreviousXlsx(
  path: string,
  source: string,
  matchHeader: (header: string) => ReportField | null,
): Promise<PreviousReport> {
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles tell a date from a number.
    styles: 'cache',
    hyperlinks: 'ignore',
  });
  const rows: PreviousRow[] = [];
  let generatedAt: string | null = null;
  let sheetIndex = 0;
  try {
    for await (const sheet of reader) {
      sheetIndex += 1;
      if (sheetIndex === 1) {
        await readTasksSheet(sheet, source, matchHeader, rows);
      } else {
        generatedAt = await findFirstDate(sheet);
        break;
      }
    }
  } catch (error) {
    if (error instanceof UsageError) {
      throw error;
    }
    throw new UsageError(`--compare ${source} is not a readable xlsx workbook (${(error as Error).message})`);
  }
  if (sheetIndex === 0) {
    throw new UsageError(`--compare ${source} has no sheets; give a report written by nclue-report`);
  }
  return { source, format: 'xlsx', generatedAt, rows };
}

type SheetRows = AsyncIterable<{ number: number; values: CellValue[] | Record<string, CellValue> }>;

async function readTasksSheet(
  sheet: SheetRows,
  source: string,
  matchHeader: (header: string) => ReportField | null,
  rows: PreviousRow[],
): Promise<void> {
  let columnOf: Map<ReportField, number> | null = null;
  for await (const row of sheet) {
    const values = Array.isArray(row.values) ? row.values : [];
    if (columnOf === null) {
      columnOf = mapHeader(values, source, matchHeader);
      continue;
    }
    const at = (field: ReportField): CellValue => {
      const index = columnOf?.get(field);
      return index === undefined ? null : (values[index] ?? null);
    };
    const taskId = toText(at('task_id'))?.trim() ?? '';
    if (taskId === '') {
      continue; // a blank row, e.g. one a user inserted
    }
    rows.push({
      task_id: taskId,
      task_name: toText(at('task_name')),
      status: toText(at('status')),
      auroc: parsePreviousAuroc(toPlainValue(at('auroc')), `${source} row ${row.number}`),
      fetchError: toText(at('fetch_error')) !== null,
    });
  }
  if (columnOf === null) {
    throw new UsageError(
      `--compare ${source}: the first sheet is empty; give a report written by nclue-report`,
    );
  }
}

function mapHeader(
  values: CellValue[],
  source: string,
  matchHeader: (header: string) => ReportField | null,
): Map<ReportField, number> {
  const columnOf = new Map<ReportField, number>();
  values.forEach((value, index) => {
    const text = toText(value);
    const field = text === null ? null : matchHeader(text);
    if (field !== null && !columnOf.has(field)) {
      columnOf.set(field, index);
    }
  });
  for (const field of ['task_id', 'auroc'] as const) {
    if (!columnOf.has(field)) {
      throw new UsageError(
        `--compare ${source}: the first sheet has no ${field} column (headers are matched to the bundled ` +
          'templates and --template); give the CSV or JSON report instead',
      );
    }
  }
  return columnOf;
}

async function findFirstDate(sheet: SheetRows): Promise<string | null> {
  for await (const row of sheet) {
    if (row.number > SUMMARY_ROWS_SEARCHED) {
      return null;
    }
    const values = Array.isArray(row.values) ? row.values : [];
    const date = values.find((value): value is Date => value instanceof Date);
    if (date !== undefined) {
      return date.toISOString();
    }
  }
  return null;
}

/** The value a cell shows: a formula's result, a hyperlink's text, rich text joined. */
function toPlainValue(value: CellValue): CellValue {
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    if ('result' in value) {
      return (value.result ?? null) as CellValue;
    }
    if ('richText' in value) {
      return value.richText.map((part) => part.text).join('');
    }
    if ('text' in value) {
      return value.text;
    }
    return null;
  }
  return value;
}

function toText(value: CellValue): string | null {
  const plain = toPlainValue(value);
  if (plain === null || plain === undefined || plain === '') {
    return null;
  }
  if (plain instanceof Date) {
    return plain.toISOString();
  }
  return typeof plain === 'object' ? null : String(plain);
}
