import { fieldKind, type ReportField } from '../core/report-field.js';
import type { ReportRow } from '../core/row.js';
import { sortRows } from '../report/sort-rows.js';
import type { StatusTone } from '../report/status-tone.js';
import { computeDisplayWidth, fitColumnWidth, type ColumnWidthLimits } from './display-width.js';
import {
  createFieldReader,
  selectColumns,
  type FieldReader,
  type ReportDocument,
} from './report-document.js';
import { labelStatus } from './column-labels.js';
import { defaultNumberFormat, toFieldCell, toFieldValue } from './xlsx-cells.js';
import type { CellValue, ConditionalFormat, ConditionalRule } from './xlsx-sheet.js';
import { TONE_COLOURS } from './xlsx-lines.js';

/** One column of the Tasks sheet, resolved from the template. */
export interface TaskColumn {
  field: ReportField;
  label: string;
  numFmt: string | undefined;
  width: number;
  hidden: boolean;
}

export interface TasksLayout {
  columns: TaskColumn[];
  /** In the template's sort order. */
  rows: ReportRow[];
  read: FieldReader;
  /** Status cells show the template's words (`completed` → `Available`), as every other sheet does. */
  labelStatus: (status: string) => string;
}

/** The columns a printed Tasks sheet keeps, fitted to one page width (its print area spans them). */
const PRINTED_FIELDS: ReadonlySet<ReportField> = new Set([
  'task_name',
  'model',
  'status',
  'auroc',
  'auroc_delta',
  'created_at',
  'disk_usage_bytes',
]);

/** Status values and the tone their cells are coloured with (conditional formatting, so it follows edits). */
const STATUS_RULES: ReadonlyArray<[string, StatusTone]> = [
  ['completed', 'good'],
  ['complete', 'good'],
  ['failed', 'bad'],
  ['registered', 'busy'],
  ['pending', 'busy'],
  ['in_progress', 'busy'],
];
/** Red → yellow → green, Excel's own 3-colour scale, low AUROC red. */
const AUROC_SCALE_COLOURS: readonly string[] = ['FFF8696B', 'FFFFEB84', 'FF63BE7B'];
/** Red → white → green around zero for the AUROC change. */
export const DELTA_SCALE_COLOURS: readonly string[] = ['FFF8696B', 'FFFFFFFF', 'FF63BE7B'];

/**
 * The Tasks sheet's columns and rows: the template's columns (comparison columns only with a
 * comparison), its sort, its formats, and widths — the template's, or fitted to the widest header or
 * value shown (Excel has no auto-fit in the file, and the sheet's columns are written before its rows).
 */
export function layoutTasks(document: ReportDocument, limits: ColumnWidthLimits): TasksLayout {
  const read = createFieldReader(document.comparison);
  const rows = sortRows(document.report.rows, document.template.sort, read);
  const { template } = document;
  const columns = selectColumns(document).map((column): TaskColumn => {
    const numFmt = column.format ?? defaultNumberFormat(column.field);
    // A column empty in every row (the four Test columns of a run without test data) only pushes
    // the rest to the right: it is hidden, and the CSV keeps it.
    const empty = rows.every((row) => read(row, column.field) === null);
    return {
      field: column.field,
      label: column.label,
      numFmt,
      width:
        column.width ??
        fitColumnWidth(measureColumn(column.field, column.label, numFmt, rows, read, limits.max), limits),
      hidden: !column.visible || (empty && rows.length > 0),
    };
  });
  return { columns, rows, read, labelStatus: (status) => labelStatus(template, status) };
}

/**
 * The print area of the Tasks sheet: from column A to the last of the key columns (name, model,
 * status, AUROC, change, created, disk usage), header included; null when none of them is shown.
 */
export function selectPrintArea(columns: readonly TaskColumn[], rowCount: number): string | null {
  let last = 0;
  columns.forEach((column, index) => {
    if (PRINTED_FIELDS.has(column.field) && !column.hidden) {
      last = index + 1;
    }
  });
  return last === 0 ? null : `A1:${columnLetter(last)}${rowCount + 1}`;
}

/** The cell values of one task, in column order (number formats come from the column style). */
export function toTaskValues(layout: TasksLayout, row: ReportRow, values: CellValue[] = []): CellValue[] {
  const { columns, read } = layout;
  for (let index = 0; index < columns.length; index++) {
    const column = columns[index];
    if (column === undefined) continue;
    const value = read(row, column.field);
    values[index] =
      (column.field === 'status' || column.field === 'status_previous') && typeof value === 'string'
        ? layout.labelStatus(value)
        : toFieldValue(column.field, value, column.numFmt);
  }
  return values;
}

/**
 * Conditional formats of the Tasks sheet: a colour scale on AUROC (and on the AUROC change, centred
 * on 0), status cells coloured by state, fetch errors in red. Rules, not fixed fills, so a row a user
 * edits or sorts keeps the right colour.
 */
export function buildTaskConditionalFormats(
  columns: readonly TaskColumn[],
  rowCount: number,
  label: (status: string) => string = (status) => status,
): ConditionalFormat[] {
  const formats: ConditionalFormat[] = [];
  if (rowCount === 0) {
    return formats;
  }
  columns.forEach((column, index) => {
    const letter = columnLetter(index + 1);
    const ref = `${letter}2:${letter}${rowCount + 1}`;
    const rules: ConditionalRule[] = [];
    if (column.field === 'auroc' || column.field === 'auroc_previous') {
      rules.push({
        type: 'colorScale',
        cfvo: [{ type: 'min' }, { type: 'percentile', value: 50 }, { type: 'max' }],
        colors: AUROC_SCALE_COLOURS,
      });
    } else if (column.field === 'auroc_delta') {
      rules.push({
        type: 'colorScale',
        cfvo: [{ type: 'min' }, { type: 'num', value: 0 }, { type: 'max' }],
        colors: DELTA_SCALE_COLOURS,
      });
    } else if (column.field === 'status' || column.field === 'status_previous') {
      const seen = new Set<string>();
      for (const [status, tone] of STATUS_RULES) {
        const colours = TONE_COLOURS[tone];
        const shown = label(status);
        if (colours !== null && !seen.has(shown)) {
          seen.add(shown);
          rules.push({
            type: 'cellIs',
            operator: 'equal',
            formula: `"${shown.replace(/"/g, '""')}"`,
            style: { fill: colours.fill, fontColor: colours.font },
          });
        }
      }
    } else if (column.field === 'fetch_error') {
      const colours = TONE_COLOURS.error;
      if (colours !== null) {
        rules.push({
          type: 'expression',
          formula: `LEN(${letter}2)>0`,
          style: { fill: colours.fill, fontColor: colours.font },
        });
      }
    }
    if (rules.length > 0) {
      formats.push({ ref, rules });
    }
  });
  return formats;
}

/** `1` → `A`, `27` → `AA`. */
export function columnLetter(columnNumber: number): string {
  let letters = '';
  for (let rest = columnNumber; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}

/**
 * The widest text the column shows, in Latin-character units. Numbers: the widest of the smallest and
 * largest value as formatted (formatting every value would cost seconds on 100,000 rows); dates: the
 * format's own length.
 */
function measureColumn(
  field: ReportField,
  label: string,
  numFmt: string | undefined,
  rows: readonly ReportRow[],
  read: FieldReader,
  maxChars: number,
): number {
  let widest = computeDisplayWidth(label);
  const kind = fieldKind(field);
  let low = Infinity;
  let high = -Infinity;
  for (const row of rows) {
    const value = read(row, field);
    if (value === null) {
      continue;
    }
    if (typeof value === 'number') {
      low = Math.min(low, value);
      high = Math.max(high, value);
    } else if (kind === 'date') {
      widest = Math.max(widest, (numFmt ?? value).length);
    } else if (value.length * 2 > widest) {
      // A character is at most two units wide: a text this short cannot be the widest, and once a
      // text reaches the widest column allowed, no other can widen it.
      widest = Math.max(widest, computeDisplayWidth(value));
      if (widest >= maxChars) {
        break;
      }
    }
  }
  for (const value of [low, high]) {
    if (Number.isFinite(value)) {
      widest = Math.max(widest, toFieldCell(field, value, numFmt).shownText.length);
    }
  }
  return widest;
}
