import type { CellValue } from 'exceljs';
import { stat } from 'node:fs/promises';
import { UsageError } from '../core/errors.js';
import { checkXlsxDirectory } from './check-xlsx-directory.js';
import type { ReportField } from '../core/report-field.js';
import { parsePreviousAuroc } from './parse-previous-auroc.js';
import { addModelFields, type PreviousReport, type PreviousRow } from '../core/previous-report.js';

const SECONDS_PER_DAY = 86_400;
/** Excel's day 0 (1899-12-30, UTC): a time-format cell's value counts days from it. */
const EXCEL_DAY_ZERO_MS = Date.UTC(1899, 11, 30);

/** How many rows of the Summary sheet are searched for the run's start time. */
const SUMMARY_ROWS_SEARCHED = 20;

/**
 * Reads back a workbook this tool wrote: the Tasks sheet is the one whose first row heads task_id and
 * auroc columns (field names or a template's labels, see createHeaderMatcher), wherever it stands.
 * AUROC cells are numbers, so they come back as the same double. The run's start time is the first
 * date near the top of another sheet (the Summary's "Generated at"). Uses exceljs's streaming reader, so a 100,000-row workbook does
 * not have to fit in memory as a whole.
 *
 * @throws UsageError when the file is not a workbook or its first sheet is not a Tasks sheet.
 */
export async function readPreviousXlsx(
  path: string,
  source: string,
  matchHeader: (header: string) => ReportField | null,
  matchStatus: (shown: string) => string = (shown) => shown,
): Promise<PreviousReport> {
  // The directory first: exceljs would unpack whatever the file holds.
  await checkXlsxDirectory(path, `--compare ${source}`, await describeSameRunJson(path));
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
  let sheetCount = 0;
  let tasksFound = false;
  try {
    for await (const sheet of reader) {
      sheetCount += 1;
      // The Tasks sheet is the first whose first row heads task_id and auroc columns, wherever it
      // stands; the run's start is the first date near the top of another sheet (the Summary's).
      const found = await readSheet(
        sheet,
        source,
        { matchHeader, matchStatus },
        tasksFound ? null : rows,
        generatedAt === null,
      );
      tasksFound ||= found.isTasks;
      generatedAt ??= found.firstDate;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      throw error;
    }
    throw new UsageError(`--compare ${source} is not a readable xlsx workbook (${(error as Error).message})`);
  }
  if (sheetCount === 0) {
    throw new UsageError(`--compare ${source} has no sheets; give a report written by nclue-report`);
  }
  if (!tasksFound) {
    throw new UsageError(
      `--compare ${source}: no sheet has task_id and auroc columns (headers are matched to the bundled ` +
        'templates and --template); give the CSV or JSON report instead',
    );
  }
  return { source, format: 'xlsx', generatedAt, rows };
}

/** The same run's JSON beside a workbook (`r.xlsx` → `r.json`), when it exists, for a message. */
async function describeSameRunJson(path: string): Promise<string | undefined> {
  const json = path.replace(/\.xlsx$/i, '.json');
  if (json === path) return undefined;
  const info = await stat(json).catch(() => null);
  return info?.isFile() === true ? `${json} (the same run's JSON)` : undefined;
}

type SheetRows = AsyncIterable<{ number: number; values: CellValue[] | Record<string, CellValue> }>;

/**
 * Reads one sheet to its end (the streaming reader needs every row consumed): its rows into `rows`
 * when its header makes it the Tasks sheet and `rows` is given, else the first date of its top rows.
 */
interface Matchers {
  matchHeader: (header: string) => ReportField | null;
  matchStatus: (shown: string) => string;
}

async function readSheet(
  sheet: SheetRows,
  source: string,
  { matchHeader, matchStatus }: Matchers,
  rows: PreviousRow[] | null,
  wantDate: boolean,
): Promise<{ isTasks: boolean; firstDate: string | null }> {
  let columnOf: Map<ReportField, number> | null = null;
  let isTasks = false;
  let firstDate: string | null = null;
  for await (const row of sheet) {
    const values = Array.isArray(row.values) ? row.values : [];
    if (row.number === 1 && rows !== null) {
      columnOf = mapHeader(values, matchHeader);
      isTasks = columnOf.has('task_id') && columnOf.has('auroc');
      if (isTasks) {
        continue;
      }
    }
    if (isTasks && rows !== null && columnOf !== null) {
      readTaskRow(values, row.number, columnOf, source, rows, matchStatus);
    } else if (wantDate && firstDate === null && row.number <= SUMMARY_ROWS_SEARCHED) {
      const date = values.find((value): value is Date => value instanceof Date);
      if (date !== undefined) {
        firstDate = date.toISOString();
      }
    }
  }
  return { isTasks, firstDate };
}

function readTaskRow(
  values: CellValue[],
  rowNumber: number,
  columnOf: ReadonlyMap<ReportField, number>,
  source: string,
  rows: PreviousRow[],
  matchStatus: (shown: string) => string,
): void {
  const at = (field: ReportField): CellValue => {
    const index = columnOf.get(field);
    return index === undefined ? null : (values[index] ?? null);
  };
  const taskId = toText(at('task_id'))?.trim() ?? '';
  if (taskId === '') {
    return; // a blank row, e.g. one a user inserted
  }
  const row: PreviousRow = {
    task_id: taskId,
    task_name: toText(at('task_name')),
    status: mapText(toText(at('status')), matchStatus),
    auroc: parsePreviousAuroc(toPlainValue(at('auroc')), `${source} row ${rowNumber}`),
    fetchError: toText(at('fetch_error')) !== null,
  };
  // A date cell comes back as a Date whose UTC fields are the API's wall clock (toFieldCell).
  rows.push(
    addModelFields(row, (field) =>
      !columnOf.has(field)
        ? undefined
        : field === 'created_at'
          ? toWallClockText(at(field))
          : field === 'duration_seconds'
            ? toSecondsText(at(field))
            : toText(at(field)),
    ),
  );
}

function mapHeader(
  values: CellValue[],
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
  return columnOf;
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

function mapText(text: string | null, map: (text: string) => string): string | null {
  return text === null ? null : map(text);
}

/** A date cell as the API's zone-less wall-clock text (`2026-01-15T09:30:00`); text as it is. */
function toWallClockText(value: CellValue): string | null {
  const plain = toPlainValue(value);
  if (plain instanceof Date) {
    return Number.isNaN(plain.getTime()) ? null : plain.toISOString().slice(0, 19);
  }
  return toText(plain);
}

/**
 * Whole seconds as text. A template with a time format writes the duration in days (5792 s as
 * 0.067…, shown 1:36:32): a fraction, or a date, is such a day count.
 */
function toSecondsText(value: CellValue): string | null {
  const plain = toPlainValue(value);
  if (typeof plain === 'number' && !Number.isInteger(plain)) {
    return String(Math.round(plain * SECONDS_PER_DAY));
  }
  // exceljs reads a number in a time format back as a date counted from Excel's day zero.
  if (plain instanceof Date) {
    const seconds = (plain.getTime() - EXCEL_DAY_ZERO_MS) / 1000;
    return Number.isFinite(seconds) ? String(Math.round(seconds)) : null;
  }
  return toText(plain);
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
