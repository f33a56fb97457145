import { labelField } from './column-labels.js';
import type { ReportDocument } from './report-document.js';
import { toTextCell } from './xlsx-cells.js';
import type { SheetLine } from './xlsx-lines.js';
import type { WorkbookProperties } from './xlsx-sheet.js';

/**
 * Workbook properties: creation time = the run's start, so the file says when its data is from (and
 * tests are deterministic); the title. (The workbook opens on its first sheet, the Summary.)
 */
export function describeWorkbook(document: ReportDocument): WorkbookProperties {
  const generatedAt = new Date(document.report.summary.facts.generatedAt);
  return {
    creator: 'nclue-report',
    title: document.template.labels.title,
    created: Number.isNaN(generatedAt.getTime()) ? null : generatedAt,
  };
}

/** Rows (and columns) kept in view while scrolling. */
export function frozenRows(rows: number, columns = 0): { rows: number; columns: number } {
  return { rows, columns };
}

/** The tasks that could not be fetched and why; null when every task was fetched. */
export function buildErrorLines(document: ReportDocument): SheetLine[] | null {
  const errorRows = document.report.rows.filter((row) => row.fetch_error !== null);
  if (errorRows.length === 0) {
    return null;
  }
  const { template } = document;
  return [
    {
      style: 'header',
      cells: [toTextCell(labelField(template, 'task_id')), toTextCell(template.labels.errorReason)],
    },
    ...errorRows.map((row): SheetLine => ({
      style: 'body',
      cells: [toTextCell(row.task_id), toTextCell(row.fetch_error)],
    })),
  ];
}

/**
 * Print setup of every sheet: landscape, as many pages tall as needed but one page wide, the header
 * row repeated on every page. The Tasks sheet passes a print area of its key columns, so the page
 * width is theirs and stays readable; printing the whole sheet (clear the print area) spreads it over
 * pages instead of shrinking every column onto one.
 */
export function createPageSetup(
  headerRow: number | null,
  printArea: string | null = null,
): { headerRow: number | null; printArea: string | null } {
  return { headerRow, printArea };
}
