import { createWriteStream } from 'node:fs';
import type { Cell, Style, TableStyleProperties, Workbook, Worksheet } from 'exceljs';
import { WRITE_BUFFER_BYTES } from './atomic-write.js';

/** What a cell holds: text (never a formula), a number, a date, or nothing. */
export type CellValue = string | number | Date | null | undefined;

export interface FontStyle {
  name: string;
  size: number;
  bold?: boolean;
  /** ARGB, e.g. `FF006100`. */
  color?: string;
}

export interface CellStyle {
  font?: FontStyle;
  /** A solid fill's ARGB colour. */
  fill?: string;
  /** An Excel number format code (ECMA-376 §18.8.31). */
  numFmt?: string;
  alignment?: { horizontal?: 'left'; vertical?: 'top'; wrapText?: boolean };
}

/** The look a conditional format gives a cell: font colour and solid fill. */
export interface DifferentialStyle {
  fontColor: string;
  fill: string;
}

export type ConditionalRule =
  | {
      type: 'colorScale';
      cfvo: ReadonlyArray<{ type: 'min' | 'max' | 'num' | 'percentile'; value?: number }>;
      /** ARGB, one per cfvo. */
      colors: readonly string[];
    }
  | { type: 'cellIs'; operator: 'equal'; formula: string; style: DifferentialStyle }
  | { type: 'expression'; formula: string; style: DifferentialStyle };

export interface ConditionalFormat {
  /** `D2:D101` */
  ref: string;
  rules: readonly ConditionalRule[];
}

export interface ColumnSpec {
  /** In characters of the default font, as Excel counts them. */
  width?: number;
  hidden?: boolean;
  /** What every cell written in the column gets (its number format and font). */
  style?: CellStyle;
}

/** An Excel table over a range whose first row holds `columns` as header texts. */
export interface TableSpec {
  name: string;
  /** Top-left cell of the header, e.g. `A1`. */
  topLeft: string;
  columns: readonly string[];
  /** Data rows below the header. */
  rows: number;
  /** Built-in table style, e.g. `TableStyleMedium2`, with banded rows. */
  style: NonNullable<TableStyleProperties['theme']>;
}

/** A PNG placed with its top-left corner at a cell (0-based column and row), sized in pixels. */
export interface ImageSpec {
  png: Buffer;
  column: number;
  row: number;
  width: number;
  height: number;
}

export interface SheetOptions {
  name: string;
  columns?: readonly ColumnSpec[];
  /** Rows and columns kept in view (frozen panes). */
  frozen?: { rows: number; columns: number };
  /** Landscape, one page wide; the header row repeated on every page; a print area. */
  pageSetup?: { headerRow: number | null; printArea: string | null };
  autoFilter?: string;
  conditionalFormats?: readonly ConditionalFormat[];
  /**
   * An Excel table. The streaming writer cannot write one (exceljs has no `addTable` there): it gets
   * the same range as an autoFilter instead, so the header keeps its filter buttons.
   */
  table?: TableSpec;
}

export interface WorkbookProperties {
  creator: string;
  title: string;
  /** Creation and modification time; null leaves them out. */
  created: Date | null;
}

/**
 * `in-memory`: exceljs's Workbook, which can write tables and images but holds every cell;
 * `streaming`: its stream.xlsx.WorkbookWriter, which writes each row as it is committed.
 */
export type WorkbookMode = 'in-memory' | 'streaming';

/** Excel's grid: 1,048,576 rows ("Excel specifications and limits"). */
export const EXCEL_MAX_ROWS = 1_048_576;

/** Excel refuses longer cell texts ("Excel specifications and limits": 32,767 characters). */
export const MAX_CELL_TEXT_CHARS = 32_767;

/** The first and last day Excel's 1900 date system can show; other dates are written as text. */
const FIRST_EXCEL_DATE_MS = Date.UTC(1900, 0, 1);
const LAST_EXCEL_DATE_MS = Date.UTC(9999, 11, 31, 23, 59, 59);

/** Whether a date is one Excel can show as a date (1900-01-01 … 9999-12-31). */
export function isExcelDate(date: Date): boolean {
  const time = date.getTime();
  return time >= FIRST_EXCEL_DATE_MS && time <= LAST_EXCEL_DATE_MS;
}

/** Text as a cell holds it: at most MAX_CELL_TEXT_CHARS characters, the last one `…` when cut. */
export function clipText(text: string): string {
  return text.length > MAX_CELL_TEXT_CHARS ? `${text.slice(0, MAX_CELL_TEXT_CHARS - 1)}…` : text;
}

/**
 * How the in-memory workbook is compressed: exceljs hands these to JSZip's generateAsync (its `zip`
 * write option, "XlsxWriteOptions" in exceljs's types), whose deflate is pako, in JavaScript, on the
 * main thread. Level 1 instead of JSZip's default 6 deflates in about 40 % of the time (the parts of
 * a 10,000-task workbook: 0.2 s instead of 0.55 s) for a file about a quarter larger (docs/scale.md,
 * "The writing phase"). The streaming writer compresses with Node's zlib on the thread pool, off the
 * main thread, at its default.
 */
export const IN_MEMORY_ZIP_OPTIONS = {
  compression: 'DEFLATE',
  compressionOptions: { level: 1 },
} as const;

/**
 * A workbook being written by exceljs, in either mode, through the same calls: the sheets are built by
 * one code path (xlsx.ts) and only what the streaming writer cannot do (a table, an image) differs.
 * Sheets are written one after the other, in the order they appear in the workbook.
 */
export class WorkbookTarget {
  private constructor(
    readonly mode: WorkbookMode,
    private readonly workbook: Workbook,
    private readonly path: string,
  ) {}

  /** Opens a workbook that `finish()` writes to `path` (the streaming writer writes there as it goes). */
  static async open(
    path: string,
    mode: WorkbookMode,
    properties: WorkbookProperties,
  ): Promise<WorkbookTarget> {
    // exceljs is CommonJS and slow to load: imported only when a workbook is written, so the CLI
    // starts fast. Under NodeNext ESM its module.exports arrives as `default`.
    const { default: ExcelJS } = await import('exceljs');
    const workbook: Workbook =
      mode === 'in-memory'
        ? new ExcelJS.Workbook()
        : // Without styles the streaming writer drops number formats; shared strings keep the file small.
          (new ExcelJS.stream.xlsx.WorkbookWriter({
            // The file's stream, rather than `filename` (which opens it with Node's 16 KiB buffer),
            // so rows keep being written while earlier ones reach the disk (WRITE_BUFFER_BYTES).
            stream: createWriteStream(path, { highWaterMark: WRITE_BUFFER_BYTES }),
            useStyles: true,
            useSharedStrings: true,
          }) as unknown as Workbook);
    // Open on the first sheet (the Summary).
    workbook.views = [
      { x: 0, y: 0, width: 28800, height: 17600, firstSheet: 0, activeTab: 0, visibility: 'visible' },
    ];
    workbook.creator = properties.creator;
    workbook.title = properties.title;
    if (properties.created !== null) {
      workbook.created = properties.created;
      workbook.modified = properties.created;
    }
    return new WorkbookTarget(mode, workbook, path);
  }

  /** Starts the next sheet; write its rows, then `end()` it before starting another. */
  addSheet(options: SheetOptions): SheetWriter {
    const frozen = options.frozen;
    const sheet = this.workbook.addWorksheet(options.name, {
      views: [
        frozen !== undefined && (frozen.rows > 0 || frozen.columns > 0)
          ? {
              state: 'frozen',
              xSplit: frozen.columns,
              ySplit: frozen.rows,
              topLeftCell: `${letterOf(frozen.columns + 1)}${frozen.rows + 1}`,
              activeCell: `${letterOf(frozen.columns + 1)}${frozen.rows + 1}`,
            }
          : {},
      ],
      ...(options.pageSetup === undefined ? {} : { pageSetup: toPageSetup(options.pageSetup) }),
    });
    // Widths, hidden columns and column styles must be in place before the first row is committed.
    (options.columns ?? []).forEach((spec, index) => {
      const column = sheet.getColumn(index + 1);
      if (spec.width !== undefined) column.width = spec.width;
      if (spec.hidden === true) column.hidden = true;
      if (spec.style !== undefined) column.style = toExcelStyle(spec.style);
    });
    const filter = options.autoFilter ?? (this.mode === 'streaming' ? tableRange(options.table) : undefined);
    if (filter !== undefined) sheet.autoFilter = filter;
    let priority = 1;
    for (const format of options.conditionalFormats ?? []) {
      sheet.addConditionalFormatting({
        ref: format.ref,
        rules: format.rules.map((rule) => toExcelRule(rule, priority++)),
      });
    }
    const table = this.mode === 'in-memory' ? options.table : undefined;
    const columnStyles = (options.columns ?? []).map((spec) =>
      spec.style === undefined ? undefined : toExcelStyle(spec.style),
    );
    return new SheetWriter(
      this.workbook,
      sheet,
      table === undefined ? null : { ...table },
      this.mode,
      columnStyles,
    );
  }

  /** Writes what is left (every part, in memory mode) and closes the file. */
  async finish(): Promise<void> {
    if (this.mode === 'in-memory') {
      await this.workbook.xlsx.writeFile(this.path, { zip: IN_MEMORY_ZIP_OPTIONS });
    } else {
      await (this.workbook as unknown as { commit(): Promise<void> }).commit();
    }
  }
}

/** One sheet of a WorkbookTarget. */
export class SheetWriter {
  private lastRow = 0;

  constructor(
    private readonly workbook: Workbook,
    private readonly sheet: Worksheet,
    private readonly table: TableSpec | null,
    private readonly mode: WorkbookMode,
    /** Each column's style object, given to its cells as it is (see toExcelStyle). */
    private readonly columnStyles: ReadonlyArray<Partial<Style> | undefined> = [],
  ) {}

  /**
   * Writes row `rowNumber` (1-based, increasing): `values[i]` in column i with `styles[i]` when given
   * (else the column's style). Null, undefined, empty text and non-finite numbers leave the cell out.
   * Every text is clipped to Excel's limit and a date Excel cannot show is written as its text.
   */
  writeRow(
    rowNumber: number,
    values: readonly CellValue[],
    styles: readonly (CellStyle | undefined)[] = [],
    heightPt?: number,
  ): void {
    if (rowNumber <= this.lastRow) {
      throw new Error(`sheet ${this.sheet.name}: row ${rowNumber} after row ${this.lastRow}`);
    }
    if (rowNumber > EXCEL_MAX_ROWS) {
      throw new Error(
        `sheet ${this.sheet.name}: row ${rowNumber} is past Excel's last row ${EXCEL_MAX_ROWS}`,
      );
    }
    this.lastRow = rowNumber;
    const row = this.sheet.getRow(rowNumber);
    if (heightPt !== undefined) row.height = heightPt;
    for (let index = 0; index < values.length; index++) {
      const value = toWritableValue(values[index]);
      const given = styles[index];
      if (value === undefined && given === undefined) continue;
      const cell: Cell = row.getCell(index + 1);
      // The same object for every cell of a style: exceljs then finds its style id by the object,
      // instead of building the style's XML again for each cell (a copy per cell cost seconds).
      const style = given === undefined ? this.columnStyles[index] : toExcelStyle(given);
      if (style !== undefined) cell.style = style;
      if (value !== undefined) cell.value = value;
    }
    // The streaming writer writes the row out and forgets it; in memory this does nothing.
    row.commit();
  }

  /** Places a PNG: in-memory mode only, the streaming writer cannot place one. */
  addImage(image: ImageSpec): void {
    if (this.mode !== 'in-memory') throw new Error('the streaming workbook writer cannot place images');
    // base64 rather than a Buffer: exceljs types its buffer as an ArrayBuffer, which a Node Buffer is not.
    const id = this.workbook.addImage({ base64: image.png.toString('base64'), extension: 'png' });
    this.sheet.addImage(id, {
      tl: { col: image.column, row: image.row },
      ext: { width: image.width, height: image.height },
    });
  }

  /** Ends the sheet: declares its table over the rows written (in memory), or commits it (streaming). */
  async end(): Promise<void> {
    const table = this.table;
    if (table !== null) {
      // exceljs's addTable writes the cells it is given; the rows are already written (with their
      // styles), so it gets one empty array per data row: only the table's range is taken from them.
      this.sheet.addTable({
        name: table.name,
        ref: table.topLeft,
        headerRow: true,
        style: { theme: table.style, showRowStripes: true },
        columns: table.columns.map((name) => ({ name, filterButton: true })),
        rows: new Array<unknown[]>(table.rows).fill([]),
      });
    }
    if (this.mode === 'streaming') {
      await (this.sheet as unknown as { commit(): Promise<void> }).commit();
    }
  }
}

/** The range a table covers, header included (`A1:W101`). */
function tableRange(table: TableSpec | undefined): string | undefined {
  if (table === undefined) return undefined;
  const match = /^([A-Z]+)(\d+)$/.exec(table.topLeft);
  if (match === null) return undefined;
  const first = Number(match[2]);
  const lastColumn = columnNumber(match[1] ?? 'A') + table.columns.length - 1;
  return `${table.topLeft}:${letterOf(lastColumn)}${first + table.rows}`;
}

function columnNumber(letters: string): number {
  let number = 0;
  for (const letter of letters) number = number * 26 + (letter.charCodeAt(0) - 64);
  return number;
}

function letterOf(columnNumber: number): string {
  let letters = '';
  for (let rest = columnNumber; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}

/**
 * Characters XML 1.0 forbids (https://www.w3.org/TR/xml/#charsets): C0 controls other than TAB, LF and
 * CR, and U+FFFE/U+FFFF; DEL too. exceljs writes them as they are and every reader then refuses the
 * whole file, so they are dropped, as the CSV drops them: a cell never needs one.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g;
// eslint-disable-next-line no-control-regex
const HAS_FORBIDDEN_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/;

/**
 * What a cell is given: undefined for nothing; text without the characters XML forbids and clipped
 * to Excel's limit; a date Excel cannot show as its ISO text.
 */
function toWritableValue(value: CellValue): string | number | Date | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') {
    const text = HAS_FORBIDDEN_IN_XML.test(value) ? value.replace(FORBIDDEN_IN_XML, '') : value;
    return text === '' ? undefined : clipText(text);
  }
  if (Number.isNaN(value.getTime())) return undefined;
  return isExcelDate(value) ? value : value.toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * exceljs styles built once per distinct style (by object, then by content), so cells share the
 * object. The objects are never changed after they are made.
 */
const EXCEL_STYLES = new WeakMap<CellStyle, Partial<Style>>();
const EXCEL_STYLES_BY_KEY = new Map<string, Partial<Style>>();

function toExcelStyle(style: CellStyle): Partial<Style> {
  const known = EXCEL_STYLES.get(style);
  if (known !== undefined) return known;
  const key = JSON.stringify(style);
  const same = EXCEL_STYLES_BY_KEY.get(key);
  if (same !== undefined) {
    EXCEL_STYLES.set(style, same);
    return same;
  }
  const result: Partial<Style> = {};
  if (style.font !== undefined) {
    const { name, size, bold, color } = style.font;
    result.font = {
      name,
      size,
      ...(bold === true ? { bold: true } : {}),
      ...(color === undefined ? {} : { color: { argb: color } }),
    };
  }
  if (style.fill !== undefined) {
    result.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: style.fill } };
  }
  if (style.numFmt !== undefined) result.numFmt = style.numFmt;
  if (style.alignment !== undefined) result.alignment = { ...style.alignment };
  EXCEL_STYLES.set(style, result);
  EXCEL_STYLES_BY_KEY.set(key, result);
  return result;
}

type ExcelRule = Parameters<Worksheet['addConditionalFormatting']>[0]['rules'][number];

function toExcelRule(rule: ConditionalRule, priority: number): ExcelRule {
  switch (rule.type) {
    case 'colorScale':
      return {
        type: 'colorScale',
        priority,
        cfvo: rule.cfvo.map((cfvo) => ({ ...cfvo })),
        color: rule.colors.map((argb) => ({ argb })),
      };
    case 'cellIs':
      return {
        type: 'cellIs',
        operator: rule.operator,
        formulae: [rule.formula],
        priority,
        style: toDifferentialStyle(rule.style),
      };
    case 'expression':
      return {
        type: 'expression',
        formulae: [rule.formula],
        priority,
        style: toDifferentialStyle(rule.style),
      };
  }
}

function toDifferentialStyle(style: DifferentialStyle): Partial<Style> {
  return {
    fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: style.fill } },
    font: { color: { argb: style.fontColor } },
  };
}

/**
 * Print setup: landscape, as many pages tall as needed but one page wide, the header row repeated on
 * every page, and a print area when given.
 */
function toPageSetup(setup: {
  headerRow: number | null;
  printArea: string | null;
}): Partial<Worksheet['pageSetup']> {
  return {
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    ...(setup.headerRow === null ? {} : { printTitlesRow: `${setup.headerRow}:${setup.headerRow}` }),
    // exceljs puts a `$` before each corner (`$A1:$G101`), which leaves the rows relative; LibreOffice
    // then ignores the print area. Given `A$1:G$101`, the name becomes `$A$1:$G$101`.
    ...(setup.printArea === null ? {} : { printArea: setup.printArea.replace(/([A-Z]+)(\d+)/g, '$1$$$2') }),
  };
}
