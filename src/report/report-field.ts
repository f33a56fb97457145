import { DATE_COLUMNS, NUMERIC_COLUMNS, REPORT_COLUMNS, type ReportColumn } from './row.js';

/**
 * Columns added when a run is compared with a previous report (`--compare`), appended after
 * `fetch_error` in the CSV. Their names are a public contract like REPORT_COLUMNS.
 */
export const COMPARE_COLUMNS = ['auroc_previous', 'auroc_delta', 'status_previous'] as const;

export type CompareColumn = (typeof COMPARE_COLUMNS)[number];

/**
 * Columns added by the model view: the model a task retrains and its period (`YYYY-MM`). Appended after
 * every other column of the CSV, so scripts that read by position keep working.
 */
export const MODEL_COLUMNS = ['model', 'period'] as const;

export type ModelColumn = (typeof MODEL_COLUMNS)[number];

/** Every field a report can show: the row contract, the comparison columns and the model columns. */
export type ReportField = ReportColumn | CompareColumn | ModelColumn;

export const REPORT_FIELDS: readonly ReportField[] = [
  ...REPORT_COLUMNS,
  ...COMPARE_COLUMNS,
  ...MODEL_COLUMNS,
];

/** What a field holds, which decides its cell type, its default number format and how it sorts. */
export type FieldKind = 'number' | 'date' | 'text';

export function isReportField(name: string): name is ReportField {
  return (REPORT_FIELDS as readonly string[]).includes(name);
}

export function isCompareColumn(field: ReportField): field is CompareColumn {
  return (COMPARE_COLUMNS as readonly string[]).includes(field);
}

export function fieldKind(field: ReportField): FieldKind {
  if (field === 'auroc_previous' || field === 'auroc_delta') {
    return 'number';
  }
  if (field === 'status_previous' || field === 'model' || field === 'period') {
    return 'text';
  }
  if (NUMERIC_COLUMNS.has(field)) {
    return 'number';
  }
  return DATE_COLUMNS.has(field) ? 'date' : 'text';
}

/** The value of a field for one row; comparison fields read null when there is no comparison. */
export type FieldValue = string | number | null;
