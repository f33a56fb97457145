import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify, type Options as StringifyOptions } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import type { FieldValue, ReportField } from '../core/report-field.js';
import { REPORT_COLUMNS, type ReportRow } from '../core/row.js';
import { WRITE_BUFFER_BYTES, writeFileAtomic } from './atomic-write.js';
import { escapeFormula } from '../core/escape-formula.js';
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
// eslint-disable-next-line no-control-regex
const HAS_CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

type CsvDefaults = Required<Omit<CsvOptions, 'header' | 'readField'>>;
const READ_OWN_FIELDS = createFieldReader(null);

export const DEFAULT_CSV_OPTIONS: Readonly<CsvDefaults> = {
  // Excel on Windows reads a BOM-less UTF-8 CSV in the local code page (CP949 on Korean Windows) and
  // garbles Hangul; with the BOM it reads UTF-8 (csv-stringify's `bom` option, csv.js.org/stringify/options/bom).
  bom: true,
  escapeFormulas: true,
  columns: REPORT_COLUMNS,
};

/**
 * The fields of one record before CSV quoting: null → empty, numbers in full precision via `String(n)`
 * (`0.7681659649879657` stays exactly that), text without control characters and through escapeFormula
 * when enabled. This is what the stringifier's cast hook does to each field (createStringifyOptions).
 * Formula escaping is done here rather than with csv-stringify's `escape_formulas`, which misses a
 * leading LF or NUL and `" =1"` (csv.js.org/stringify/options/escape_formulas; OWASP "CSV Injection"
 * lists LF too).
 */
export function formatCsvRecord(row: ReportRow, options: CsvOptions = {}): string[] {
  const { columns, escapeFormulas } = { ...DEFAULT_CSV_OPTIONS, ...options };
  const read = options.readField ?? READ_OWN_FIELDS;
  return columns.map((column) => formatCsvField(read(row, column), escapeFormulas));
}

/** One field of a record before quoting (see formatCsvRecord). */
function formatCsvField(value: FieldValue, escapeFormulas: boolean): string {
  if (value === null) {
    return '';
  }
  if (typeof value === 'number') {
    return String(value);
  }
  return cleanCsvText(value, escapeFormulas, true);
}

/** A text field as written: control characters dropped (when asked), formulas defused (when asked). */
function cleanCsvText(value: string, escapeFormulas: boolean, strip: boolean): string {
  const text = strip && HAS_CONTROL_CHARACTER.test(value) ? value.replace(CONTROL_CHARACTERS, '') : value;
  return escapeFormulas ? escapeFormula(text) : text;
}

/** The whole CSV text (BOM included when enabled), for tests and small reports. */
export function renderCsv(rows: Iterable<ReportRow>, options: CsvOptions = {}): string {
  const read = options.readField ?? READ_OWN_FIELDS;
  const { columns } = { ...DEFAULT_CSV_OPTIONS, ...options };
  const records = [
    createHeader(options),
    ...Array.from(rows, (row) => columns.map((column) => read(row, column))),
  ];
  return stringifySync(records, createStringifyOptions(options));
}

/**
 * Writes rows into a CSV file at `path`, atomically (see writeFileAtomic), through csv-stringify's
 * stream API: rows are pulled one by one, so memory stays bounded whatever the number of rows.
 */
export async function writeCsv(
  path: string,
  rows: Iterable<ReportRow> | AsyncIterable<ReportRow>,
  options: CsvOptions = {},
): Promise<void> {
  const read = options.readField ?? READ_OWN_FIELDS;
  const { columns } = { ...DEFAULT_CSV_OPTIONS, ...options };
  const toRecord = (row: ReportRow): FieldValue[] => {
    const record = new Array<FieldValue>(columns.length);
    for (let index = 0; index < columns.length; index++) {
      const column = columns[index];
      record[index] = column === undefined ? null : read(row, column);
    }
    return record;
  };
  async function* recordsOf(
    source: AsyncIterable<ReportRow>,
  ): AsyncGenerator<readonly (FieldValue | string)[]> {
    yield createHeader(options);
    for await (const row of source) yield toRecord(row);
  }
  // Rows in memory (the report's own) go through a plain generator: an async one costs a promise and
  // a round of microtasks per row.
  function* recordsIn(source: Iterable<ReportRow>): Generator<readonly (FieldValue | string)[]> {
    yield createHeader(options);
    for (const row of source) yield toRecord(row);
  }
  const records = Symbol.asyncIterator in rows ? recordsOf(rows) : recordsIn(rows);
  await writeFileAtomic(path, (tempPath) =>
    pipeline(
      Readable.from(records),
      stringify(createStringifyOptions(options)),
      createWriteStream(tempPath, { highWaterMark: WRITE_BUFFER_BYTES }),
    ),
  );
}

/** The header record: the given texts or the column names (cleaned by the cast hook like any text). */
function createHeader(options: CsvOptions): string[] {
  return options.header === undefined
    ? [...(options.columns ?? DEFAULT_CSV_OPTIONS.columns)]
    : [...options.header];
}

/**
 * csv-stringify's options for the project's CSV, RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180)
 * as Excel writes it: comma-separated, a field quoted only when it holds a comma, quote, CR or LF,
 * quotes doubled, records ended by CRLF. `quote_record_delimiter` quotes a lone CR or LF inside a
 * field too (without it csv-stringify 6.9 leaves it bare and the record breaks for any reader). The
 * cast hook does our own cleaning (formatCsvField): csv-stringify's `escape_formulas` misses a
 * leading LF or NUL and the full-width triggers.
 */
export function createStringifyOptions(
  options: { bom?: boolean; escapeFormulas?: boolean; stripControlCharacters?: boolean } = {},
): StringifyOptions {
  const escapeFormulas = options.escapeFormulas ?? DEFAULT_CSV_OPTIONS.escapeFormulas;
  const strip = options.stripControlCharacters ?? true;
  return {
    bom: options.bom ?? DEFAULT_CSV_OPTIONS.bom,
    record_delimiter: 'windows',
    quote_record_delimiter: true,
    cast: {
      // Numbers in full precision (`0.7681659649879657` stays exactly that).
      number: (value) => String(value),
      string: (value) => cleanCsvText(value, escapeFormulas, strip),
    },
  };
}

/**
 * Records already formatted (every field a finished text) as CSV text, the header being the first
 * record, so an empty table still has its header; the BOM first when asked for.
 */
export function renderCsvRecords(records: readonly (readonly string[])[], bom: boolean): string {
  return stringifySync(
    records.map((record) => [...record]),
    createRecordsStringifyOptions(bom),
  );
}

/** renderCsvRecords's options, for csv-stringify's stream: records already escaped as they should be. */
export function createRecordsStringifyOptions(bom: boolean): StringifyOptions {
  return createStringifyOptions({ bom, escapeFormulas: false, stripControlCharacters: false });
}
