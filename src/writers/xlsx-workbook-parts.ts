import type { Workbook } from 'exceljs';
import { labelField } from './column-labels.js';
import type { ReportDocument } from './report-document.js';
import { toTextCell } from './xlsx-cells.js';
import type { SheetLine } from './xlsx-lines.js';

/**
 * Workbook properties: creation time = the run's start, so the file says when its data is from (and
 * tests are deterministic); the title; the tab it opens on.
 */
export function describeWorkbook(workbook: Workbook, document: ReportDocument): void {
  const generatedAt = new Date(document.report.summary.facts.generatedAt);
  workbook.creator = 'nclue-report';
  workbook.title = document.template.labels.title;
  if (!Number.isNaN(generatedAt.getTime())) {
    workbook.created = generatedAt;
    workbook.modified = generatedAt;
  }
  // Open on the Summary; the sheet order itself (Tasks first) is part of the contract.
  workbook.views = [
    { x: 0, y: 0, width: 28800, height: 17600, firstSheet: 0, activeTab: SUMMARY_TAB, visibility: 'visible' },
  ];
}

/** Index of the Summary sheet, the one Excel opens first. */
const SUMMARY_TAB = 1;

export function frozenRows(rows: number) {
  return {
    state: 'frozen',
    xSplit: 0,
    ySplit: rows,
    topLeftCell: `A${rows + 1}`,
    activeCell: `A${rows + 1}`,
  } as const;
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
 * Print setup of every sheet: landscape, as many pages tall as needed but one page wide, so a printed
 * (or PDF-exported) sheet keeps all its columns; the header row repeats on every page.
 */
export function createPageSetup(headerRow: number | null) {
  return {
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    ...(headerRow === null ? {} : { printTitlesRow: `${headerRow}:${headerRow}` }),
  } as const;
}
