import type { ZipEntryWriter } from './zip-writer.js';
import type { DifferentialStyle, StyleRegistry } from './styles.js';
import type { SharedStrings } from './shared-strings.js';
import { NS_MAIN, NS_REL } from './namespaces.js';
import { escapeXml, XML_DECLARATION } from './xml-text.js';

/** What a cell holds: text (a shared string, never a formula), a number, a date, or nothing. */
export type CellValue = string | number | Date | null | undefined;

export interface ColumnSpec {
  /** In characters of the default font, as Excel counts them. */
  width?: number;
  hidden?: boolean;
  /** Cell style of the column (what an empty cell in it looks like). */
  style?: number;
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

/** An Excel table over a range whose first row holds `columns` as header texts. */
export interface TableSpec {
  name: string;
  ref: string;
  columns: readonly string[];
  /** Built-in table style, e.g. `TableStyleMedium2`, with banded rows. */
  style: string;
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
  /** The used range, `A1:W101` (written before the rows, so it is given up front). */
  dimension: string;
  autoFilter?: string;
  conditionalFormats?: readonly ConditionalFormat[];
  table?: TableSpec;
  images?: readonly ImageSpec[];
}

/** The parts a sheet refers to, which the package writes once the sheet's XML is done. */
export interface SheetParts {
  table: TableSpec | null;
  images: readonly ImageSpec[];
}

/** English column names `A`..`ZZZ` by 0-based index, computed once per writer. */
export function columnName(index: number): string {
  let name = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    name = String.fromCharCode(65 + ((rest - 1) % 26)) + name;
  }
  return name;
}

/** Days since 1899-12-30, the 1900 date system (ECMA-376 §18.17.4.1), as Excel stores a date. */
export function toExcelSerial(date: Date): number {
  return date.getTime() / MS_PER_DAY + EXCEL_EPOCH_OFFSET_DAYS;
}
const MS_PER_DAY = 86_400_000;
/** 1970-01-01 is day 25,569 of Excel's 1900 date system. */
const EXCEL_EPOCH_OFFSET_DAYS = 25_569;

/**
 * Writes one worksheet part (ECMA-376 §18.3) as rows come: the sheet's settings first, then each row
 * as it is given (streamed into the zip entry, never held whole), then the parts after the data.
 */
export class WorksheetWriter {
  private readonly names: string[] = [];
  private lastRow = 0;
  private ended = false;

  constructor(
    readonly options: SheetOptions,
    private readonly entry: ZipEntryWriter,
    private readonly strings: SharedStrings,
    private readonly styles: StyleRegistry,
    selected: boolean,
    private readonly onEnd: (parts: SheetParts) => Promise<void>,
  ) {
    this.entry.write(renderSheetStart(options, selected));
  }

  /**
   * Writes row `rowNumber` (1-based, increasing): `values[i]` in column i with style `styles[i]`
   * (0 or absent: none). Null, undefined, empty text and non-finite numbers leave the cell empty.
   */
  writeRow(
    rowNumber: number,
    values: readonly CellValue[],
    styles: readonly number[] = [],
    heightPt?: number,
  ): void {
    if (this.ended) throw new Error(`sheet ${this.options.name}: already ended`);
    if (rowNumber <= this.lastRow) {
      throw new Error(`sheet ${this.options.name}: row ${rowNumber} after row ${this.lastRow}`);
    }
    this.lastRow = rowNumber;
    let xml =
      heightPt === undefined
        ? `<row r="${rowNumber}">`
        : `<row r="${rowNumber}" ht="${heightPt}" customHeight="1">`;
    const { names } = this;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value === null || value === undefined || value === '') continue;
      const style = styles[i] ?? 0;
      const ref = (names[i] ?? this.nameColumn(i)) + rowNumber;
      const s = style === 0 ? '' : ` s="${style}"`;
      if (typeof value === 'number') {
        if (Number.isFinite(value)) xml += `<c r="${ref}"${s}><v>${value}</v></c>`;
      } else if (typeof value === 'string') {
        xml += `<c r="${ref}"${s} t="s"><v>${this.strings.indexOf(value)}</v></c>`;
      } else {
        const serial = toExcelSerial(value);
        if (Number.isFinite(serial)) xml += `<c r="${ref}"${s}><v>${serial}</v></c>`;
      }
    }
    this.entry.write(`${xml}</row>`);
  }

  /** True when the rows written wait to be compressed: call `drain()` before writing more. */
  get needsDrain(): boolean {
    return this.entry.needsDrain;
  }

  /** Waits until the compression of the rows written so far has caught up enough (bounded memory). */
  drain(): Promise<void> {
    return this.entry.drain();
  }

  /** Ends the sheet's data, writes what follows it and the parts it refers to. */
  async end(): Promise<void> {
    if (this.ended) throw new Error(`sheet ${this.options.name}: already ended`);
    this.ended = true;
    this.entry.write(renderSheetEnd(this.options, this.styles));
    await this.entry.end();
    await this.onEnd({ table: this.options.table ?? null, images: this.options.images ?? [] });
  }

  private nameColumn(index: number): string {
    for (let i = this.names.length; i <= index; i++) this.names.push(columnName(i));
    return this.names[index] ?? columnName(index);
  }
}

function renderSheetStart(options: SheetOptions, selected: boolean): string {
  let xml = `${XML_DECLARATION}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">`;
  if (options.pageSetup !== undefined) xml += '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>';
  xml += `<dimension ref="${options.dimension}"/>`;
  xml += `<sheetViews><sheetView${selected ? ' tabSelected="1"' : ''} workbookViewId="0">`;
  const frozen = options.frozen;
  if (frozen !== undefined && (frozen.rows > 0 || frozen.columns > 0)) {
    const topLeft = `${columnName(frozen.columns)}${frozen.rows + 1}`;
    const pane =
      frozen.rows > 0 && frozen.columns > 0 ? 'bottomRight' : frozen.rows > 0 ? 'bottomLeft' : 'topRight';
    xml +=
      '<pane' +
      (frozen.columns > 0 ? ` xSplit="${frozen.columns}"` : '') +
      (frozen.rows > 0 ? ` ySplit="${frozen.rows}"` : '') +
      ` topLeftCell="${topLeft}" activePane="${pane}" state="frozen"/>` +
      `<selection pane="${pane}" activeCell="${topLeft}" sqref="${topLeft}"/>`;
  }
  xml += '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>';
  const columns = options.columns ?? [];
  if (columns.length > 0) {
    xml += '<cols>';
    columns.forEach((column, index) => {
      xml +=
        `<col min="${index + 1}" max="${index + 1}"` +
        (column.width === undefined ? '' : ` width="${column.width}" customWidth="1"`) +
        (column.style === undefined || column.style === 0 ? '' : ` style="${column.style}"`) +
        (column.hidden === true ? ' hidden="1"' : '') +
        '/>';
    });
    xml += '</cols>';
  }
  return `${xml}<sheetData>`;
}

function renderSheetEnd(options: SheetOptions, styles: StyleRegistry): string {
  let xml = '</sheetData>';
  if (options.autoFilter !== undefined) xml += `<autoFilter ref="${options.autoFilter}"/>`;
  let priority = 1;
  for (const format of options.conditionalFormats ?? []) {
    xml += `<conditionalFormatting sqref="${format.ref}">`;
    for (const rule of format.rules) {
      xml += renderRule(rule, priority++, styles);
    }
    xml += '</conditionalFormatting>';
  }
  xml += '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>';
  if (options.pageSetup !== undefined) {
    xml += '<pageSetup orientation="landscape" fitToWidth="1" fitToHeight="0"/>';
  }
  // Relationship ids: the drawing first, then the table (see XlsxPackage).
  if ((options.images ?? []).length > 0) xml += '<drawing r:id="rId1"/>';
  if (options.table !== undefined) {
    const id = (options.images ?? []).length > 0 ? 2 : 1;
    xml += `<tableParts count="1"><tablePart r:id="rId${id}"/></tableParts>`;
  }
  return `${xml}</worksheet>`;
}

function renderRule(rule: ConditionalRule, priority: number, styles: StyleRegistry): string {
  switch (rule.type) {
    case 'colorScale':
      return (
        `<cfRule type="colorScale" priority="${priority}"><colorScale>` +
        rule.cfvo
          .map(
            (cfvo) => `<cfvo type="${cfvo.type}"${cfvo.value === undefined ? '' : ` val="${cfvo.value}"`}/>`,
          )
          .join('') +
        rule.colors.map((argb) => `<color rgb="${argb}"/>`).join('') +
        '</colorScale></cfRule>'
      );
    case 'cellIs':
      return (
        `<cfRule type="cellIs" dxfId="${styles.differentialStyle(rule.style)}" priority="${priority}" operator="${rule.operator}">` +
        `<formula>${escapeXml(rule.formula)}</formula></cfRule>`
      );
    case 'expression':
      return (
        `<cfRule type="expression" dxfId="${styles.differentialStyle(rule.style)}" priority="${priority}">` +
        `<formula>${escapeXml(rule.formula)}</formula></cfRule>`
      );
  }
}
