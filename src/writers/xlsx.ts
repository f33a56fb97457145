import type { Workbook, Worksheet } from 'exceljs';
import { writeFileAtomic } from './atomic-write.js';
import { CHART_FONT_FAMILY, renderChartPng } from './chart-png.js';
import { DEFAULT_COLUMN_WIDTH_LIMITS, type ColumnWidthLimits } from './display-width.js';
import { fillLabel } from '../templates/fill-label.js';
import { renderReportChart } from './report-chart.js';
import type { ReportDocument } from './report-document.js';
import { startChangesSheet } from './xlsx-changes.js';
import { applyCellContent, computeLineWidths, writeLines, type SheetLine } from './xlsx-lines.js';
import { buildSummaryLines } from './xlsx-summary.js';
import { buildModelsLines } from './xlsx-models.js';
import { renderTrendChartSvg } from './trend-chart-svg.js';
import {
  buildErrorLines,
  createPageSetup,
  describeWorkbook,
  frozenRows,
  nameFonts,
} from './xlsx-workbook-parts.js';
import {
  addTaskConditionalFormats,
  applyTaskColumns,
  layoutTasks,
  selectPrintArea,
  toTaskValues,
  type TasksLayout,
} from './xlsx-tasks.js';
import type { TemplateFont } from '../templates/template.js';

/**
 * Above this many rows the workbook is streamed (xlsx-large.ts). exceljs keeps an in-memory workbook
 * whole: 50,000 rows × 24 columns took 7.3 s and 1.27 GiB peak RSS on the 2-core build machine, while
 * the streaming writer wrote 100,000 rows in 4.9 s within 300 MiB (test/e2e/measure-large-report.ts).
 */
export const LARGE_REPORT_ROWS = 50_000;

export interface XlsxOptions {
  /** Narrowest and widest fitted column, in characters. Default 8..60. */
  columnWidthLimits?: ColumnWidthLimits;
  /** Force the streaming writer (true) or the in-memory one (false). Default: by LARGE_REPORT_ROWS. */
  large?: boolean;
}

export type XlsxMode = 'standard' | 'large';

/** Whether a report of this many rows is written in large mode. */
export function isLargeReport(rowCount: number): boolean {
  return rowCount > LARGE_REPORT_ROWS;
}

/** The look of the Tasks and Changes tables: Excel's default table style, banded rows. */
const TABLE_STYLE = { theme: 'TableStyleMedium2', showRowStripes: true } as const;

/**
 * Writes the workbook, atomically (see writeFileAtomic): Tasks (an Excel table with filter buttons and
 * banded rows, colour scale on AUROC, status colours, frozen header), Summary (opened first, with the
 * AUROC chart as an image), Errors (tasks that could not be fetched, when any) and Changes (with
 * `--compare`). Text is always written as text cells, never as formulas, whatever it starts with.
 * Above LARGE_REPORT_ROWS rows the streaming writer is used instead (see xlsx-large.ts).
 */
export async function writeXlsx(
  path: string,
  document: ReportDocument,
  options: XlsxOptions = {},
): Promise<XlsxMode> {
  const large = options.large ?? isLargeReport(document.report.rows.length);
  if (large) {
    const { writeLargeXlsx } = await import('./xlsx-large.js');
    await writeLargeXlsx(path, document, options.columnWidthLimits ?? DEFAULT_COLUMN_WIDTH_LIMITS);
    return 'large';
  }
  // exceljs is CommonJS and slow to load: import it only when a workbook is written, so the CLI starts
  // fast. Under NodeNext ESM its module.exports arrives as `default`.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  describeWorkbook(workbook, document);
  const limits = options.columnWidthLimits ?? DEFAULT_COLUMN_WIDTH_LIMITS;
  const { sheets } = document.template;

  const { font } = document.template;
  // Summary, Models, Tasks, Changes, Errors: the answer first, the detail after.
  const summary = workbook.addWorksheet(sheets.summary, { pageSetup: createPageSetup(null) });
  const summaryColumns = addLinesSheet(summary, buildSummaryLines(document), limits);
  nameFonts(summary, font);
  await addChartImage(workbook, summary, document, summaryColumns + 1);
  if (document.models) {
    const models = buildModelsLines(document.models, document.template);
    const sheet = workbook.addWorksheet(sheets.models, {
      views: [frozenRows(models.headerRow, 1)],
      pageSetup: createPageSetup(models.headerRow),
    });
    addLinesSheet(sheet, models.lines, limits);
    nameFonts(sheet, font);
    if (models.rows > 0) {
      sheet.autoFilter = {
        from: { row: models.headerRow, column: 1 },
        to: { row: models.headerRow + models.rows, column: models.columns },
      };
      await addTrendChartImage(workbook, sheet, document, models.headerRow + models.rows + 2);
    }
  }
  const layout = layoutTasks(document, limits);
  addTasksSheet(
    workbook.addWorksheet(sheets.tasks, {
      views: [frozenRows(1, 1)],
      pageSetup: createPageSetup(1, selectPrintArea(layout.columns, layout.rows.length)),
    }),
    layout,
    font,
  );
  if (document.comparison !== null) {
    addChangesSheet(workbook, document, limits);
  }
  const errorLines = buildErrorLines(document);
  if (errorLines !== null) {
    const errors = workbook.addWorksheet(sheets.errors, {
      views: [frozenRows(1)],
      pageSetup: createPageSetup(1),
    });
    addLinesSheet(errors, errorLines, limits);
    nameFonts(errors, font);
    errors.autoFilter = { from: { row: 1, column: 1 }, to: { row: errorLines.length, column: 2 } };
  }

  await writeFileAtomic(path, (tempPath) => workbook.xlsx.writeFile(tempPath));
  return 'standard';
}

function addTasksSheet(sheet: Worksheet, layout: TasksLayout, font: TemplateFont): void {
  applyTaskColumns(sheet, layout.columns, font);
  const headerFont = { name: font.name, size: font.size, bold: true };
  if (layout.rows.length === 0) {
    // Excel wants at least one data row in a table: an empty report gets a plain header with a filter.
    sheet.getRow(1).values = layout.columns.map((column) => column.label);
    sheet.getRow(1).font = headerFont;
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: layout.columns.length } };
    return;
  }
  sheet.addTable({
    name: 'Tasks',
    ref: 'A1',
    headerRow: true,
    style: TABLE_STYLE,
    columns: layout.columns.map((column) => ({ name: column.label, filterButton: true })),
    rows: layout.rows.map((row) => toTaskValues(layout, row)),
  });
  // The table style bolds its header in Excel; other spreadsheets (LibreOffice) ignore table styles.
  sheet.getRow(1).font = headerFont;
  addTaskConditionalFormats(sheet, layout.columns, layout.rows.length, layout.labelStatus);
}

/** Writes lines with fitted widths; returns how many columns they use. */
export function addLinesSheet(
  sheet: Worksheet,
  lines: readonly SheetLine[],
  limits: ColumnWidthLimits,
): number {
  const widths = computeLineWidths(lines, limits);
  widths.forEach((width, index) => {
    sheet.getColumn(index + 1).width = width;
  });
  writeLines(sheet, lines, 1, widths);
  return widths.length;
}

function addChangesSheet(workbook: Workbook, document: ReportDocument, limits: ColumnWidthLimits): void {
  if (document.comparison === null) {
    return;
  }
  const { sheet, table, headerRow } = startChangesSheet(
    workbook,
    document.comparison,
    document.template,
    limits,
  );
  if (table.rows.length === 0) {
    nameFonts(sheet, document.template.font);
    return;
  }
  sheet.addTable({
    name: 'Changes',
    ref: `A${headerRow}`,
    headerRow: true,
    style: TABLE_STYLE,
    columns: table.header.map((name) => ({ name, filterButton: true })),
    rows: table.rows.map((cells) => cells.map((cell) => cell.value)),
  });
  sheet.getRow(headerRow).font = { bold: true };
  // Formats and status colours per cell: the rows above the table must not get a column format.
  table.rows.forEach((cells, rowIndex) => {
    const row = sheet.getRow(headerRow + 1 + rowIndex);
    cells.forEach((content, columnIndex) => applyCellContent(row.getCell(columnIndex + 1), content));
  });
  nameFonts(sheet, document.template.font);
}

/** The AUROC-by-period chart of the models as a PNG below the Models table. */
async function addTrendChartImage(
  workbook: Workbook,
  sheet: Worksheet,
  document: ReportDocument,
  row: number,
): Promise<void> {
  if (!document.models) {
    return;
  }
  const chart = renderTrendChartSvg(document.models, document.template, {
    fontFamily: CHART_FONT_FAMILY,
    omitPictographs: true,
  });
  if (chart === null) {
    return;
  }
  let png: Buffer;
  try {
    png = await renderChartPng(chart.svg);
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error);
    sheet.getRow(row).getCell(1).value = fillLabel(document.template.labels.chartUnavailable, { reason });
    return;
  }
  const imageId = workbook.addImage({ base64: png.toString('base64'), extension: 'png' });
  sheet.addImage(imageId, {
    tl: { col: 0, row: row - 1 },
    ext: { width: chart.width, height: chart.height },
  });
}

/** The AUROC chart as a PNG beside the Summary's tables (images exist only in the in-memory workbook). */
async function addChartImage(
  workbook: Workbook,
  sheet: Worksheet,
  document: ReportDocument,
  column: number,
): Promise<void> {
  const chart = renderReportChart(document, { fontFamily: CHART_FONT_FAMILY, omitPictographs: true }, true);
  let png: Buffer;
  try {
    png = await renderChartPng(chart.svg);
  } catch (error) {
    // resvg is a native module from per-platform prebuilt packages; on a platform without one the
    // report is still worth having, so the Summary says why its chart is missing instead of failing.
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error);
    const cell = sheet.getRow(2).getCell(column + 1);
    cell.value = fillLabel(document.template.labels.chartUnavailable, { reason });
    return;
  }
  // base64 rather than a Buffer: exceljs types its buffer as an ArrayBuffer, which a Node Buffer is not.
  const imageId = workbook.addImage({ base64: png.toString('base64'), extension: 'png' });
  sheet.addImage(imageId, { tl: { col: column, row: 1 }, ext: { width: chart.width, height: chart.height } });
}
