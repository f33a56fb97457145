import type { Cell, Fill, Font, Worksheet } from 'exceljs';
import type { StatusTone } from '../report/status-tone.js';
import { computeDisplayWidth, fitColumnWidth, type ColumnWidthLimits } from './display-width.js';
import type { CellContent } from './xlsx-cells.js';

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
 * The workbook's body font (exceljs's default), named on every styled cell: a font with no name makes
 * LibreOffice fall back to a serif face.
 */
export const BODY_FONT: Readonly<Partial<Font>> = { name: 'Calibri', size: 11 };

const LINE_FONTS: Readonly<Record<LineStyle, Partial<Font> | null>> = {
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
      widest[index] = Math.max(widest[index] ?? 0, computeDisplayWidth(content.shownText));
    });
  }
  return Array.from(widest, (chars) => fitColumnWidth(chars ?? 0, limits));
}

/** Height of one line of text in the default 11 pt font, in points (Excel's default row height). */
const LINE_HEIGHT_PT = 15;

/**
 * Writes lines from `firstRow` down; returns the next free row number. Works on an in-memory sheet and
 * on a streamed one alike (rows are created with getRow; a streamed sheet commits them at the end).
 *
 * @param widths the column widths, to size rows whose text wraps: Excel and LibreOffice do not grow a
 *   row to fit wrapped text on their own when the file gives no height.
 */
export function writeLines(
  sheet: Worksheet,
  lines: readonly SheetLine[],
  firstRow = 1,
  widths: readonly number[] = [],
): number {
  let rowNumber = firstRow;
  for (const line of lines) {
    const row = sheet.getRow(rowNumber);
    const lineCount = countWrappedLines(line, widths);
    if (lineCount > 1) {
      row.height = lineCount * LINE_HEIGHT_PT;
    }
    const font = LINE_FONTS[line.style];
    line.cells.forEach((content, index) => {
      const cell = row.getCell(index + 1);
      applyCellContent(cell, content);
      if (font !== null) {
        cell.font = { ...cell.font, ...font };
      }
    });
    rowNumber += 1;
  }
  return rowNumber;
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

/** Sets a cell's value and the styles its content asks for. */
export function applyCellContent(cell: Cell, content: CellContent): void {
  cell.value = content.value;
  if (content.numFmt !== undefined) {
    cell.numFmt = content.numFmt;
  }
  const colours = content.tone === undefined ? null : TONE_COLOURS[content.tone];
  if (colours !== null) {
    cell.fill = solidFill(colours.fill);
    cell.font = { ...BODY_FONT, color: { argb: colours.font } };
  }
  if (content.wrap === true) {
    cell.alignment = { wrapText: true, vertical: 'top' };
  } else if (content.alignLeft === true) {
    cell.alignment = { horizontal: 'left' };
  }
}

export function solidFill(argb: string): Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb } };
}

export function blankLine(): SheetLine {
  return { style: 'body', cells: [] };
}
