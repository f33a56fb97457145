import type { Workbook, Worksheet } from 'exceljs';
import type { TemplateFont } from '../templates/template.js';
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
  // Open on the Summary, the first sheet: Summary, Models, Tasks, Changes, Errors.
  workbook.views = [
    { x: 0, y: 0, width: 28800, height: 17600, firstSheet: 0, activeTab: SUMMARY_TAB, visibility: 'visible' },
  ];
}

/** Index of the Summary sheet, the one Excel opens first. */
const SUMMARY_TAB = 0;

export function frozenRows(rows: number, columns = 0) {
  const topLeft = `${columns === 0 ? 'A' : String.fromCharCode(65 + columns)}${rows + 1}`;
  return {
    state: 'frozen',
    xSplit: columns,
    ySplit: rows,
    topLeftCell: topLeft,
    activeCell: topLeft,
  } as const;
}

/**
 * Names the template's font on every styled cell of a sheet (and gives it to every other cell that
 * holds something), so no spreadsheet falls back to a serif face and Korean text gets a Hangul font.
 */
export function nameFonts(sheet: Worksheet, font: TemplateFont): void {
  sheet.eachRow((row) => {
    row.eachCell((cell) => {
      cell.font = { ...cell.font, name: font.name, size: cell.font?.size ?? font.size };
    });
  });
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
export function createPageSetup(headerRow: number | null, printArea: string | null = null) {
  return {
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    ...(headerRow === null ? {} : { printTitlesRow: `${headerRow}:${headerRow}` }),
    ...(printArea === null ? {} : { printArea }),
  } as const;
}
