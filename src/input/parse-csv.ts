import { CsvError, parse } from 'csv-parse/sync';
import { UsageError } from '../core/errors.js';

/**
 * The longest CSV record read, in characters (1 MiB): a report row or an ID-list line is a few
 * hundred. csv-parse stops at it (`max_record_size`), so one huge field is a clear error, not a
 * process out of memory.
 */
export const MAX_CSV_RECORD_CHARS = 1_048_576;

/** The most fields a CSV record may have: a report has about 30 columns. */
export const MAX_CSV_COLUMNS = 1_000;

export interface CsvRecord {
  fields: string[];
  /** 1-based line the record starts on. */
  line: number;
}

export interface CsvLimits {
  maxRecordChars?: number;
  maxColumns?: number;
}

/**
 * RFC 4180 CSV records by csv-parse (quoted fields may hold commas, quotes and line breaks; a UTF-8
 * BOM is dropped; records may differ in length; empty lines are skipped), each with the line it starts
 * on. Pure.
 *
 * @param source names the text in messages: `--ids ids.csv`, `--compare last.csv`.
 * @throws UsageError when a record is longer than the cap, has too many fields or is malformed.
 */
export function parseCsv(text: string, source = 'CSV', limits: CsvLimits = {}): CsvRecord[] {
  const maxRecordChars = limits.maxRecordChars ?? MAX_CSV_RECORD_CHARS;
  const maxColumns = limits.maxColumns ?? MAX_CSV_COLUMNS;
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    rows = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      // Any line end, mixed in one file (csv-parse otherwise keeps the first one it meets).
      record_delimiter: ['\r\n', '\n', '\r'],
      // A quote inside an unquoted field is kept as a character, as spreadsheets read it.
      relax_quotes: true,
      skip_empty_lines: true,
      max_record_size: maxRecordChars,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    throw describeCsvError(error, source, maxRecordChars);
  }
  return rows.map(({ record, info }) => {
    // csv-parse counts the line a record ends on; it starts as many lines earlier as its fields break.
    const line = info.lines - record.reduce((breaks, field) => breaks + countLineBreaks(field), 0);
    if (record.length > maxColumns) {
      throw new UsageError(
        `${source} line ${line}: a CSV record has ${record.length} fields, more than the ${maxColumns} allowed; check that the file is a task list or a report`,
      );
    }
    return { fields: record, line };
  });
}

function countLineBreaks(text: string): number {
  let breaks = 0;
  for (let index = 0; index < text.length; index++) {
    const c = text.charCodeAt(index);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(index + 1) !== 0x0a)) breaks += 1;
  }
  return breaks;
}

function describeCsvError(error: unknown, source: string, maxRecordChars: number): Error {
  if (!(error instanceof CsvError)) return error instanceof Error ? error : new Error(String(error));
  const at = typeof error.lines === 'number' ? ` line ${error.lines}` : '';
  if (error.code === 'CSV_MAX_RECORD_SIZE') {
    return new UsageError(
      `${source}${at}: a CSV record is longer than ${maxRecordChars.toLocaleString('en-US')} characters (the cap); check that the file is a task list or a report, or split the field`,
    );
  }
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    return new UsageError(`${source}${at}: a quoted CSV field is never closed; fix the quotes and retry`);
  }
  return new UsageError(`${source}${at}: not a valid CSV file (${error.code}); fix it and retry`);
}
