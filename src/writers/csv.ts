import { open, type FileHandle } from 'node:fs/promises';
import type { FieldValue, ReportField } from '../report/report-field.js';
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
 * when enabled. Formula escaping is
 * done here rather than with csv-stringify's `escape_formulas`, which misses a leading LF or NUL and
 * `" =1"` (csv.js.org/stringify/options/escape_formulas; OWASP "CSV Injection" lists LF too).
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
  const text = HAS_CONTROL_CHARACTER.test(value) ? value.replace(CONTROL_CHARACTERS, '') : value;
  return escapeFormulas ? escapeFormula(text) : text;
}

/**
 * A function from a row to its CSV line (formatCsvRecord, then formatCsvLine), with the options read
 * once: the writer calls it for every row.
 */
function createLineFormatter(options: CsvOptions): (row: ReportRow) => string {
  const { columns, escapeFormulas } = { ...DEFAULT_CSV_OPTIONS, ...options };
  const read = options.readField ?? READ_OWN_FIELDS;
  return (row) => {
    let line = '';
    for (let index = 0; index < columns.length; index++) {
      const column = columns[index];
      const field = column === undefined ? '' : formatCsvField(read(row, column), escapeFormulas);
      if (index > 0) line += ',';
      line += NEEDS_QUOTES.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
    }
    return `${line}\r\n`;
  };
}

/** The whole CSV text (BOM included when enabled), for tests and small reports. */
export function renderCsv(rows: Iterable<ReportRow>, options: CsvOptions = {}): string {
  const records = [createHeader(options), ...Array.from(rows, (row) => formatCsvRecord(row, options))];
  return renderCsvRecords(records, options.bom ?? DEFAULT_CSV_OPTIONS.bom);
}

/** Bytes of text gathered before one write to the file: a few large writes, not one per record. */
const WRITE_CHUNK_CHARS = 1 << 20;

/**
 * Writes rows into a CSV file at `path`, atomically (see writeFileAtomic). Rows are pulled one by one
 * and written in chunks of about a megabyte, so memory stays bounded whatever the number of rows.
 */
export async function writeCsv(
  path: string,
  rows: Iterable<ReportRow> | AsyncIterable<ReportRow>,
  options: CsvOptions = {},
): Promise<void> {
  const bom = options.bom ?? DEFAULT_CSV_OPTIONS.bom;
  await writeFileAtomic(path, async (tempPath) => {
    const file = await open(tempPath, 'w');
    try {
      const formatLine = createLineFormatter(options);
      let chunk = (bom ? UTF8_BOM : '') + formatCsvLine(createHeader(options));
      for await (const row of rows) {
        chunk += formatLine(row);
        if (chunk.length >= WRITE_CHUNK_CHARS) {
          await writeText(file, chunk);
          chunk = '';
        }
      }
      await writeText(file, chunk);
    } finally {
      await file.close();
    }
  });
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

/** Writes all of a text at the file's current position (a write may take less than it is given). */
async function writeText(file: FileHandle, text: string): Promise<void> {
  const bytes = Buffer.from(text, 'utf8');
  for (let offset = 0; offset < bytes.length;) {
    offset += (await file.write(bytes, offset, bytes.length - offset)).bytesWritten;
  }
}

/** U+FEFF, written as EF BB BF: tells Excel the file is UTF-8 (see DEFAULT_CSV_OPTIONS.bom). */
const UTF8_BOM = '\uFEFF';
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One record as RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180) writes it: comma-separated, a field
 * quoted only when it holds a comma, quote, CR or LF, quotes doubled, ended by CRLF — RFC 4180's
 * record separator and what Excel itself writes (some Windows tools show a bare-LF file as one line).
 * A lone LF or CR inside a field is quoted too, or it would split the record for any reader.
 */
export function formatCsvLine(fields: readonly string[]): string {
  let line = '';
  for (let index = 0; index < fields.length; index++) {
    const field = fields[index] ?? '';
    if (index > 0) line += ',';
    line += NEEDS_QUOTES.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
  }
  return `${line}\r\n`;
}

/**
 * Records as CSV text, the header being the first record, so an empty report still has its header;
 * the BOM first when asked for.
 */
export function renderCsvRecords(records: readonly (readonly string[])[], bom: boolean): string {
  let text = bom ? UTF8_BOM : '';
  for (const record of records) {
    text += formatCsvLine(record);
  }
  return text;
}
