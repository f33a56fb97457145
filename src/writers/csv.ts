import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify, type Options as StringifyOptions } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import type { ReportField } from '../report/report-field.js';
import { REPORT_COLUMNS, type ReportRow } from '../report/row.js';
import { writeFileAtomic } from './atomic-write.js';
import { escapeFormula } from './escape-formula.js';
import { createFieldReader, type FieldReader } from './report-document.js';

export interface CsvOptions {
  /** Start with the UTF-8 BOM (EF BB BF). Default true. */
  bom?: boolean;
  /** Defuse text cells that a spreadsheet would run as a formula (see escapeFormula). Default true. */
  escapeFormulas?: boolean;
  /** Columns to write, in this order. Default: all of REPORT_COLUMNS. */
  columns?: readonly ReportField[];
  /** Header texts, one per column. Default: the column (field) names. */
  header?: readonly string[];
  /** How to read a field of a row; needed for the comparison columns. Default: the row's own fields. */
  readField?: FieldReader;
}

/**
 * Control characters a text cell never needs: C0 controls other than TAB, LF and CR, and U+FFFE/U+FFFF
 * (the characters XML 1.0 forbids, which the workbook and the page drop too). A NUL breaks many CSV
 * readers; an ESC sequence would drive the terminal of anyone who prints the file.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

type CsvDefaults = Required<Omit<CsvOptions, 'header' | 'readField'>>;
const READ_OWN_FIELDS = createFieldReader(null);

export const DEFAULT_CSV_OPTIONS: Readonly<CsvDefaults> = {
  // Excel on Windows reads a BOM-less UTF-8 CSV in the local code page (CP949 on Korean Windows) and
  // garbles Hangul; with the BOM it reads UTF-8 (shared/reference/libraries.md, csv-stringify).
  bom: true,
  escapeFormulas: true,
  columns: REPORT_COLUMNS,
};

/**
 * The fields of one record before CSV quoting: null → empty, numbers in full precision via `String(n)`
 * (`0.7681659649879657` stays exactly that), text without control characters and through escapeFormula
 * when enabled. Formula escaping is
 * done here rather than with csv-stringify's `escape_formulas`, which misses a leading LF or NUL and
 * `" =1"` (shared/reference/libraries.md).
 */
export function formatCsvRecord(row: ReportRow, options: CsvOptions = {}): string[] {
  const { columns, escapeFormulas } = { ...DEFAULT_CSV_OPTIONS, ...options };
  const read = options.readField ?? READ_OWN_FIELDS;
  return columns.map((column) => {
    const value = read(row, column);
    if (value === null) {
      return '';
    }
    if (typeof value === 'number') {
      return String(value);
    }
    const text = value.replace(CONTROL_CHARACTERS, '');
    return escapeFormulas ? escapeFormula(text) : text;
  });
}

/** The whole CSV text (BOM included when enabled), for tests and small reports. */
export function renderCsv(rows: Iterable<ReportRow>, options: CsvOptions = {}): string {
  const records = [createHeader(options), ...Array.from(rows, (row) => formatCsvRecord(row, options))];
  return stringifySync(records, createCsvStringifyOptions(options));
}

/**
 * Streams rows into a CSV file at `path`, atomically (see writeFileAtomic). Rows are pulled one by
 * one with back-pressure, so memory stays bounded whatever the number of rows.
 */
export async function writeCsv(
  path: string,
  rows: Iterable<ReportRow> | AsyncIterable<ReportRow>,
  options: CsvOptions = {},
): Promise<void> {
  async function* generateRecords(): AsyncGenerator<string[]> {
    yield createHeader(options);
    for await (const row of rows) {
      yield formatCsvRecord(row, options);
    }
  }
  await writeFileAtomic(path, (tempPath) =>
    pipeline(
      Readable.from(generateRecords()),
      stringify(createCsvStringifyOptions(options)),
      createWriteStream(tempPath),
    ),
  );
}

/** The header record: the given texts (escaped like any text cell) or the column names. */
function createHeader(options: CsvOptions): string[] {
  const { escapeFormulas } = { ...DEFAULT_CSV_OPTIONS, ...options };
  if (options.header === undefined) {
    return [...(options.columns ?? DEFAULT_CSV_OPTIONS.columns)];
  }
  return options.header.map((label) => {
    const text = label.replace(CONTROL_CHARACTERS, '');
    return escapeFormulas ? escapeFormula(text) : text;
  });
}

/**
 * RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180): comma-separated, fields quoted only when they hold
 * a comma, quote, CR or LF, quotes doubled. The header is written as the first record, so an empty
 * report still has its header (and its BOM, which csv-stringify emits with the first record).
 */
export function createCsvStringifyOptions(options: Pick<CsvOptions, 'bom'>): StringifyOptions {
  return {
    bom: options.bom ?? DEFAULT_CSV_OPTIONS.bom,
    header: false,
    delimiter: ',',
    quote: '"',
    escape: '"',
    // CRLF is RFC 4180's record separator and what Excel itself writes; some Windows tools show a
    // bare-LF file as one long line.
    record_delimiter: '\r\n',
    // With a custom record_delimiter csv-stringify stops quoting a lone LF or CR in a field, which
    // would split the record for any reader; keep quoting them.
    quote_record_delimiter: true,
    escape_formulas: false,
  };
}
