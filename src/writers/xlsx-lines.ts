import type { StatusTone } from '../report/status-tone.js';
import { computeDisplayWidth, fitColumnWidth, type ColumnWidthLimits } from './display-width.js';
import type { TemplateFont } from '../templates/template.js';
import type { CellContent } from './xlsx-cells.js';
import type { CellStyle, FontStyle, SheetWriter } from './xlsx-sheet.js';

/** A title or heading spills into the empty cells to its right and does not widen its column. */
export type LineStyle = 'title' | 'heading' | 'header' | 'body';

/** One row of a reading sheet (Summary, Changes), before it is written. */
export interface SheetLine {
  style: LineStyle;
  cells: CellContent[];
}

/** Fill and font colour per status tone: Excel's own "Good", "Bad" and "Neutral" cell styles. */
export const TONE_COLOURS: Readonly<Record<StatusTone, { fill: string; font: string } | null>> = {
  good: { fill: 'FFC6EFCE', font: 'FF006100' },
  bad: { fill: 'FFFFC7CE', font: 'FF9C0006' },
  busy: { fill: 'FFFFEB9C', font: 'FF9C5700' },
  error: { fill: 'FFF2DCDB', font: 'FF7F1F1F' },
  unknown: null,
};

/**
 * The workbook's body font (Excel's default), named on every styled cell: a font with no name makes
 * LibreOffice fall back to a serif face.
 */
export const BODY_FONT: Readonly<FontStyle> = { name: 'Calibri', size: 11 };

const LINE_FONTS: Readonly<Record<LineStyle, FontStyle | null>> = {
  title: { ...BODY_FONT, bold: true, size: 14 },
  heading: { ...BODY_FONT, bold: true, size: 12 },
  header: { ...BODY_FONT, bold: true },
  body: null,
};

/** The width of each column that fits its widest header or body text; titles and headings do not count. */
export function computeLineWidths(lines: readonly SheetLine[], limits: ColumnWidthLimits): number[] {
  const widest: number[] = [];
  for (const line of lines) {
    if (line.style === 'title' || line.style === 'heading') {
      continue;
    }
    line.cells.forEach((content, index) => {
      const width = Math.min(computeDisplayWidth(content.shownText), content.maxWidth ?? Infinity);
      widest[index] = Math.max(widest[index] ?? 0, width);
    });
  }
  return Array.from(widest, (chars) => fitColumnWidth(chars ?? 0, limits));
}

/** Height of one line of text in the default 11 pt font, in points (Excel's default row height). */
const LINE_HEIGHT_PT = 15;

/**
 * Writes lines from `firstRow` down; returns the next free row number. Each cell gets its content's
 * format, tone and alignment, its line's font, and the template's font name.
 *
 * @param widths the column widths, to size rows whose text wraps: Excel and LibreOffice do not grow a
 *   row to fit wrapped text on their own when the file gives no height.
 */
export function writeLines(
  sheet: SheetWriter,
  lines: readonly SheetLine[],
  font: TemplateFont,
  firstRow = 1,
  widths: readonly number[] = [],
): number {
  let rowNumber = firstRow;
  // One style object per distinct look: the Models sheet has a row per model, and a style built for
  // each cell would be built, compared and looked up again by exceljs for every one of them.
  // By number format, then by styleCode.
  const styles = new Map<string, Map<number, CellStyle>>();
  for (const line of lines) {
    const lineCount = countWrappedLines(line, widths);
    const values = line.cells.map((content) => content.value);
    // A row that grows for wrapped text keeps its other cells at the top, beside the text's first line.
    const cellStyles = line.cells.map((content) => {
      let byCode = styles.get(content.numFmt ?? '');
      if (byCode === undefined) {
        byCode = new Map();
        styles.set(content.numFmt ?? '', byCode);
      }
      const code = styleCode(line.style, content, lineCount > 1);
      let style = byCode.get(code);
      if (style === undefined) {
        style = computeCellStyle(line.style, content, font, lineCount > 1);
        byCode.set(code, style);
      }
      return style;
    });
    sheet.writeRow(rowNumber, values, cellStyles, lineCount > 1 ? lineCount * LINE_HEIGHT_PT : undefined);
    rowNumber += 1;
  }
  return rowNumber;
}

const LINE_STYLE_CODES: Readonly<Record<LineStyle, number>> = { title: 0, heading: 1, header: 2, body: 3 };
const TONE_CODES: Readonly<Record<StatusTone, number>> = { good: 1, bad: 2, busy: 3, error: 4, unknown: 5 };

/**
 * What computeCellStyle reads of a cell but its number format, as a number: cells with the same
 * format and code get the same style.
 */
function styleCode(style: LineStyle, content: CellContent, top: boolean): number {
  const filled = content.value !== null && content.value !== '';
  const tone = content.tone === undefined ? 0 : TONE_CODES[content.tone];
  const flags =
    (content.wrap === true ? 1 : 0) | (content.alignLeft === true ? 2 : 0) | (top ? 4 : 0) | (filled ? 8 : 0);
  return (LINE_STYLE_CODES[style] * 8 + tone) * 16 + flags;
}

/**
 * The style of one cell of a line: its number format; its tone's fill and font colour (in the body
 * font); its line's font (titles and headings larger, headers bold); the template's font name on any
 * cell that holds something, so no spreadsheet falls back to a serif face and Korean text gets a
 * Hangul font; wrapping or left alignment when the content asks; top alignment in a row that grows
 * for wrapped text (`top`).
 */
export function computeCellStyle(
  style: LineStyle,
  content: CellContent,
  font: TemplateFont,
  top = false,
): CellStyle {
  const colours = content.tone === undefined ? null : TONE_COLOURS[content.tone];
  const lineFont = LINE_FONTS[style];
  let cellFont: Partial<FontStyle> | undefined =
    colours === null ? undefined : { ...BODY_FONT, color: colours.font };
  if (lineFont !== null) {
    cellFont = { ...cellFont, ...lineFont };
  }
  const filled = content.value !== null && content.value !== '';
  const result: CellStyle = {};
  if (filled) {
    result.font = { ...cellFont, name: font.name, size: cellFont?.size ?? font.size };
  } else if (cellFont !== undefined) {
    result.font = { ...BODY_FONT, ...cellFont };
  }
  if (content.numFmt !== undefined) {
    result.numFmt = content.numFmt;
  }
  if (colours !== null) {
    result.fill = colours.fill;
  }
  if (content.wrap === true) {
    result.alignment = { wrapText: true, vertical: 'top' };
  } else if (content.alignLeft === true) {
    result.alignment = { horizontal: 'left', ...(top ? { vertical: 'top' as const } : {}) };
  } else if (top) {
    result.alignment = { vertical: 'top' };
  }
  return result;
}

/** How many lines the tallest wrapping cell of a line needs at the given column widths. */
export function countWrappedLines(line: SheetLine, widths: readonly number[]): number {
  let lines = 1;
  line.cells.forEach((content, index) => {
    const width = widths[index];
    if (content.wrap === true && width !== undefined) {
      // A wrapped line breaks between words, so it holds a little less than the full width.
      const usable = Math.max(1, width - 2);
      lines = Math.max(lines, Math.ceil(computeDisplayWidth(content.shownText) / usable));
    }
  });
  return lines;
}

export function blankLine(): SheetLine {
  return { style: 'body', cells: [] };
}
