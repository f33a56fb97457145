import { clipText, isExcelDate, type CellValue } from './xlsx-sheet.js';
import { DISK_SIZE_FORMAT, formatBytes } from '../report/format-bytes.js';
import { formatNumber } from '../report/format-number.js';
import { isDurationFormat } from '../templates/check-number-format.js';
import { toEpochMs, wallClockToUtcDate } from '../report/parse-wall-clock.js';
import { fieldKind, type FieldValue, type ReportField } from '../core/report-field.js';
import { DATE_COLUMNS } from '../core/row.js';
import type { StatusTone } from '../report/status-tone.js';

/** Excel number formats (ECMA-376 §18.8.31) used when a template gives none. */
export const NUMBER_FORMATS = {
  auroc: '0.0000',
  aurocDelta: '+0.0000;-0.0000;0.0000',
  count: '#,##0',
  dateTime: 'yyyy-mm-dd hh:mm:ss',
  utcDateTime: 'yyyy-mm-dd hh:mm:ss "UTC"',
} as const;

const SECONDS_PER_DAY = 86_400;

/** Whole seconds as `h:mm:ss`, hours past 24 included (`[h]:mm:ss`). */
export function formatDuration(seconds: number): string {
  const whole = Math.round(seconds);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${Math.floor(whole / 3600)}:${pad(Math.floor((whole % 3600) / 60))}:${pad(whole % 60)}`;
}

/** One cell to write: its value, its number format, and the text it shows (for the column width). */
export interface CellContent {
  value: CellValue;
  numFmt?: string;
  shownText: string;
  /** Colours the cell by status. */
  tone?: StatusTone;
  /** Wrap long text inside the column instead of cutting it off. */
  wrap?: boolean;
  /** The widest this cell may make its column, in characters (a wrapped text wraps within it). */
  maxWidth?: number;
  /** Left-align a number: a value beside its label, not at the far edge of a wide column. */
  alignLeft?: boolean;
}

export const EMPTY_CELL: CellContent = { value: null, shownText: '' };

/** The number format a field gets when its template column has none. */
export function defaultNumberFormat(field: ReportField): string | undefined {
  switch (field) {
    case 'auroc':
    case 'auroc_previous':
      return NUMBER_FORMATS.auroc;
    case 'auroc_delta':
      return NUMBER_FORMATS.aurocDelta;
    default:
      break;
  }
  const kind = fieldKind(field);
  return kind === 'number' ? NUMBER_FORMATS.count : kind === 'date' ? NUMBER_FORMATS.dateTime : undefined;
}

/**
 * The cell of one report field: numbers as numbers (full precision, only the display is rounded),
 * API times as dates showing the same wall clock on every machine, everything else as text cells.
 */
export function toFieldCell(field: ReportField, value: FieldValue, format: string | undefined): CellContent {
  if (value === null || value === '') {
    return EMPTY_CELL;
  }
  if (
    typeof value === 'number' &&
    field === 'duration_seconds' &&
    format !== undefined &&
    isDurationFormat(format)
  ) {
    // A time format counts in days: 5792 s is 5792 / 86400 of a day, shown as 1:36:32.
    return { value: value / SECONDS_PER_DAY, numFmt: format, shownText: formatDuration(value) };
  }
  if (typeof value === 'number' && field === 'disk_usage_bytes' && format === DISK_SIZE_FORMAT) {
    return { value, numFmt: format, shownText: formatBytes(value) };
  }
  if (typeof value === 'number') {
    return toNumberCell(value, format);
  }
  if (fieldKind(field) === 'date') {
    const date = wallClockToUtcDate(value);
    if (date !== null && isExcelDate(date)) {
      return { value: date, numFmt: format, shownText: format ?? NUMBER_FORMATS.dateTime };
    }
  }
  // Other text, and a date the API wrote in an unexpected form, is shown as the API's text.
  return toTextCell(value);
}

/**
 * The value toFieldCell would give, without the text it shows: the Tasks sheet writes this for every
 * cell of every row, and building a display text for each number only to throw it away cost seconds.
 */
export function toFieldValue(field: ReportField, value: FieldValue, format: string | undefined): CellValue {
  if (value === null || value === '') {
    return null;
  }
  if (typeof value === 'number') {
    return field === 'duration_seconds' && format !== undefined && isDurationFormat(format)
      ? value / SECONDS_PER_DAY
      : value;
  }
  if (DATE_FIELDS.has(field)) {
    const date = wallClockToUtcDate(value);
    // Excel's dates run from 1900-01-01 to 9999-12-31; any other is shown as the API's text.
    if (date !== null && isExcelDate(date)) {
      return date;
    }
  }
  return clipText(value);
}

/** The fields whose text is an API time (fieldKind 'date'), looked up once per cell. */
const DATE_FIELDS: ReadonlySet<ReportField> = new Set(
  [...DATE_COLUMNS].filter((field) => fieldKind(field) === 'date'),
);

/** A plain string cell: the workbook writer never writes text as a formula, whatever it starts with. */
export function toTextCell(
  text: string | null,
  options: { tone?: StatusTone; wrap?: boolean } = {},
): CellContent {
  if (text === null || text === '') {
    return EMPTY_CELL;
  }
  const value = clipText(text);
  const cell: CellContent = { value, shownText: value };
  if (options.tone !== undefined) cell.tone = options.tone;
  if (options.wrap !== undefined) cell.wrap = options.wrap;
  return cell;
}

export function toNumberCell(value: number, format: string | undefined): CellContent {
  return { value, numFmt: format, shownText: formatNumber(value, format ?? null) };
}

export function toCountCell(count: number): CellContent {
  return toNumberCell(count, NUMBER_FORMATS.count);
}

export function toAurocCell(auroc: number | null): CellContent {
  return auroc === null ? EMPTY_CELL : toNumberCell(auroc, NUMBER_FORMATS.auroc);
}

/** An instant (ISO 8601 with `Z`, e.g. the run's start), shown as UTC to the second. */
export function toUtcTimestampCell(text: string): CellContent {
  const epochMs = toEpochMs(text);
  if (epochMs === null || !isExcelDate(new Date(epochMs))) {
    return toTextCell(text);
  }
  // Whole seconds: the format shows none, and Excel would round 12:00:00.600 up to 12:00:01.
  const wholeSecondMs = Math.floor(epochMs / 1000) * 1000;
  return {
    value: new Date(wholeSecondMs),
    numFmt: NUMBER_FORMATS.utcDateTime,
    shownText: '0000-00-00 00:00:00 UTC',
  };
}
