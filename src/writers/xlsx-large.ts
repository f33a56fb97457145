import type { Workbook, Worksheet } from 'exceljs';
import { writeFileAtomic } from './atomic-write.js';
import type { ColumnWidthLimits } from './display-width.js';
import type { ReportDocument } from './report-document.js';
import { startChangesSheet } from './xlsx-changes.js';
import { computeLineWidths, writeLines, type SheetLine } from './xlsx-lines.js';
import { buildSummaryLines } from './xlsx-summary.js';
import { buildModelsLines } from './xlsx-models.js';
import {
  addTaskConditionalFormats,
  applyTaskColumns,
  columnLetter,
  layoutTasks,
  selectPrintArea,
  toTaskValues,
  type TasksLayout,
} from './xlsx-tasks.js';
import {
  buildErrorLines,
  createPageSetup,
  describeWorkbook,
  frozenRows,
  nameFonts,
} from './xlsx-workbook-parts.js';
import type { TemplateFont } from '../templates/template.js';

/**
 * The large-report workbook, streamed row by row with exceljs's WorkbookWriter so memory stays flat
 * (about 200 MB for 100,000 rows instead of ~1.8 GB). Same sheets, columns, formats, colour scale,
 * status colours, frozen header and widths as the standard workbook, but the streaming writer cannot
 * write an Excel table or an image (shared/reference/libraries.md), so the Tasks and Changes sheets get
 * a plain autofilter (filter buttons, no banded rows) and the Summary has no chart.
 */
export async function writeLargeXlsx(
  path: string,
  document: ReportDocument,
  limits: ColumnWidthLimits,
): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const { sheets } = document.template;
  await writeFileAtomic(path, async (tempPath) => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: tempPath,
      // Without styles the streaming writer silently drops number formats (libraries.md).
      useStyles: true,
      useSharedStrings: false,
    });
    describeWorkbook(workbook, document);

    const { font } = document.template;
    // Summary, Models, Tasks, Changes, Errors, as in the standard workbook.
    const summary = workbook.addWorksheet(sheets.summary, { pageSetup: createPageSetup(null) });
    await writeLinesSheet(summary, buildSummaryLines(document), limits, font);
    if (document.models) {
      const models = buildModelsLines(document.models, document.template);
      const sheet = workbook.addWorksheet(sheets.models, {
        views: [frozenRows(models.headerRow, 1)],
        pageSetup: createPageSetup(models.headerRow),
      });
      if (models.rows > 0) {
        sheet.autoFilter = {
          from: { row: models.headerRow, column: 1 },
          to: { row: models.headerRow + models.rows, column: models.columns },
        };
      }
      await writeLinesSheet(sheet, models.lines, limits, font);
    }
    const layout = layoutTasks(document, limits);
    await writeTasksSheet(
      workbook.addWorksheet(sheets.tasks, {
        views: [frozenRows(1, 1)],
        pageSetup: createPageSetup(1, selectPrintArea(layout.columns, layout.rows.length)),
      }),
      layout,
      font,
    );
    if (document.comparison !== null) {
      await writeChangesSheet(workbook, document, limits);
    }
    const errorLines = buildErrorLines(document);
    if (errorLines !== null) {
      const errors = workbook.addWorksheet(sheets.errors, {
        views: [frozenRows(1)],
        pageSetup: createPageSetup(1),
      });
      errors.autoFilter = { from: { row: 1, column: 1 }, to: { row: errorLines.length, column: 2 } };
      await writeLinesSheet(errors, errorLines, limits, font);
    }
    await (workbook as Workbook & { commit(): Promise<void> }).commit();
  });
}

type StreamedSheet = Worksheet & { commit(): Promise<void> | void };

async function writeTasksSheet(sheet: Worksheet, layout: TasksLayout, font: TemplateFont): Promise<void> {
  const streamed = sheet as StreamedSheet;
  // Widths and formats must be in place before the first row is committed.
  applyTaskColumns(sheet, layout.columns, font);
  sheet.autoFilter = {
    from: { row: 1, column: 1 },
    to: { row: layout.rows.length + 1, column: layout.columns.length },
  };
  addTaskConditionalFormats(sheet, layout.columns, layout.rows.length, layout.labelStatus);
  const header = sheet.addRow(layout.columns.map((column) => column.label));
  header.font = { name: font.name, size: font.size, bold: true };
  header.commit();
  for (const row of layout.rows) {
    sheet.addRow(toTaskValues(layout, row)).commit();
  }
  await streamed.commit();
}

async function writeLinesSheet(
  sheet: Worksheet,
  lines: readonly SheetLine[],
  limits: ColumnWidthLimits,
  font: TemplateFont,
): Promise<void> {
  const widths = computeLineWidths(lines, limits);
  widths.forEach((width, index) => {
    sheet.getColumn(index + 1).width = width;
  });
  writeLines(sheet, lines, 1, widths);
  nameFonts(sheet, font);
  await (sheet as StreamedSheet).commit();
}

async function writeChangesSheet(
  workbook: Workbook,
  document: ReportDocument,
  limits: ColumnWidthLimits,
): Promise<void> {
  if (document.comparison === null) {
    return;
  }
  const { sheet, table, headerRow, tableLines } = startChangesSheet(
    workbook,
    document.comparison,
    document.template,
    limits,
  );
  if (table.rows.length > 0) {
    sheet.autoFilter = `A${headerRow}:${columnLetter(table.header.length)}${headerRow + table.rows.length}`;
    writeLines(sheet, tableLines, headerRow);
  }
  nameFonts(sheet, document.template.font);
  await (sheet as StreamedSheet).commit();
}
