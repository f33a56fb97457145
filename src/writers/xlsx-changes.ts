import type { Comparison } from '../core/comparison.js';
import { STATUS_FETCH_ERROR } from '../report/summarise.js';
import { classifyStatus } from '../report/status-tone.js';
import type { Template } from '../templates/template.js';
import { labelField, labelStatus } from './column-labels.js';
import { describeChangeCounts, describeChangesTitle, labelChangeKind } from './comparison-text.js';
import { NUMBER_FORMATS, toNumberCell, toTextCell, EMPTY_CELL, type CellContent } from './xlsx-cells.js';
import type { ColumnWidthLimits } from './display-width.js';
import { computeLineWidths, type SheetLine } from './xlsx-lines.js';
import type { ConditionalFormat } from './xlsx-sheet.js';
import { columnLetter, DELTA_SCALE_COLOURS } from './xlsx-tasks.js';

/** The AUROC change's column on the Changes sheet (1-based), the one with the colour scale. */
const CHANGES_DELTA_COLUMN = 7;

export interface ChangesTable {
  /** Lines above the table: title, what was compared, the counts. */
  head: SheetLine[];
  header: string[];
  numFmts: Array<string | undefined>;
  rows: CellContent[][];
}

/**
 * The Changes sheet: a title naming the previous report, the counts per kind, then one row per
 * changed task (largest AUROC moves first, see compareReports) with its status and AUROC before and
 * now. Statuses are shown with the template's names and coloured by state. Pure.
 */
export function buildChangesTable(comparison: Comparison, template: Template): ChangesTable {
  const { labels } = template;
  const head: SheetLine[] = [
    {
      style: 'title',
      cells: [toTextCell(describeChangesTitle(comparison, template))],
    },
    { style: 'body', cells: [toTextCell(labels.comparedWith), toTextCell(comparison.previous.source)] },
    {
      style: 'body',
      cells: [toTextCell(labels.change), toTextCell(describeChangeCounts(comparison, template))],
    },
  ];
  // The name first and the ID last, as on the Tasks sheet; the rows come moves first, then status
  // changes, then new and gone tasks (compareReports).
  const header = [
    labelField(template, 'task_name'),
    labels.change,
    labelField(template, 'status_previous'),
    labelField(template, 'status'),
    labelField(template, 'auroc_previous'),
    labelField(template, 'auroc'),
    labelField(template, 'auroc_delta'),
    labelField(template, 'task_id'),
  ];
  const numFmts = [
    undefined,
    undefined,
    undefined,
    undefined,
    NUMBER_FORMATS.auroc,
    NUMBER_FORMATS.auroc,
    NUMBER_FORMATS.aurocDelta,
    undefined,
  ];
  const statusCell = (status: string | null): CellContent =>
    status === null
      ? EMPTY_CELL
      : toTextCell(labelStatus(template, status), {
          tone: classifyStatus(status, status === STATUS_FETCH_ERROR ? status : null),
        });
  const numberCell = (value: number | null, format: string): CellContent =>
    value === null ? EMPTY_CELL : toNumberCell(value, format);
  const rows = comparison.changes.map((change) => [
    toTextCell(change.task_name),
    toTextCell(labelChangeKind(template, change.kind)),
    statusCell(change.status_previous),
    statusCell(change.status),
    numberCell(change.auroc_previous, NUMBER_FORMATS.auroc),
    numberCell(change.auroc, NUMBER_FORMATS.auroc),
    numberCell(change.auroc_delta, NUMBER_FORMATS.aurocDelta),
    toTextCell(change.task_id),
  ]);
  return { head, header, numFmts, rows };
}

/** The Changes sheet laid out: its lines, where the table starts, widths and the colour scale. */
export interface ChangesSheetLayout {
  table: ChangesTable;
  /** Row of the table's header. */
  headerRow: number;
  /** The header line and one line per change ("no changes" when there are none). */
  tableLines: SheetLine[];
  widths: number[];
  conditionalFormats: ConditionalFormat[];
}

/**
 * The Changes sheet — frozen down to the table header, widths fitted, the title lines, a
 * red → white → green scale on the AUROC change (centred on 0) — or "no changes" when there are none.
 * The writer adds the rows as an Excel table.
 */
export function layoutChangesSheet(
  comparison: Comparison,
  template: Template,
  limits: ColumnWidthLimits,
): ChangesSheetLayout {
  const table = buildChangesTable(comparison, template);
  const headerRow = table.head.length + 2;
  const tableLines: SheetLine[] =
    table.rows.length === 0
      ? [{ style: 'body', cells: [toTextCell(template.labels.noChanges)] }]
      : [
          { style: 'header', cells: table.header.map((label) => toTextCell(label)) },
          ...table.rows.map((cells): SheetLine => ({ style: 'body', cells })),
        ];
  const widthLines: SheetLine[] = [
    ...table.head.slice(1),
    { style: 'header', cells: table.header.map((label) => toTextCell(label)) },
    ...table.rows.map((cells): SheetLine => ({ style: 'body', cells })),
  ];
  const widths = computeLineWidths(widthLines, limits);
  const deltaColumn = columnLetter(CHANGES_DELTA_COLUMN);
  const conditionalFormats: ConditionalFormat[] =
    table.rows.length === 0
      ? []
      : [
          {
            ref: `${deltaColumn}${headerRow + 1}:${deltaColumn}${headerRow + table.rows.length}`,
            rules: [
              {
                type: 'colorScale',
                cfvo: [{ type: 'min' }, { type: 'num', value: 0 }, { type: 'max' }],
                colors: DELTA_SCALE_COLOURS,
              },
            ],
          },
        ];
  return { table, headerRow, tableLines, widths, conditionalFormats };
}
