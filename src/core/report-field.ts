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

/**
 * The task a row was compared with (the same ID, or its model's task of the month before): appended
 * after the model columns. Empty when nothing was compared.
 */
export const LINEAGE_COLUMNS = ['previous_task_id'] as const;

export type LineageColumn = (typeof LINEAGE_COLUMNS)[number];

/** Every field a report can show: the row contract, the comparison columns and the model columns. */
export type ReportField = ReportColumn | CompareColumn | ModelColumn | LineageColumn;

export const REPORT_FIELDS: readonly ReportField[] = [
  ...REPORT_COLUMNS,
  ...COMPARE_COLUMNS,
  ...MODEL_COLUMNS,
  ...LINEAGE_COLUMNS,
];

/**
 * The machine contract's columns (CSV header, JSON row keys), whatever the flags: REPORT_COLUMNS, the
 * comparison columns (empty without one), the model columns, then every later column. New columns are
 * only ever appended, so a script reading by position keeps working from month to month.
 */
export const MACHINE_COLUMNS: readonly ReportField[] = REPORT_FIELDS;

/** What a field holds, which decides its cell type, its default number format and how it sorts. */
export type FieldKind = 'number' | 'date' | 'text';

export function isReportField(name: string): name is ReportField {
  return (REPORT_FIELDS as readonly string[]).includes(name);
}

/** The fields a comparison fills: its three columns and the task compared with. */
export function isCompareColumn(field: ReportField): field is CompareColumn | LineageColumn {
  return (COMPARE_COLUMNS as readonly string[]).includes(field) || field === 'previous_task_id';
}

export function fieldKind(field: ReportField): FieldKind {
  if (field === 'auroc_previous' || field === 'auroc_delta') {
    return 'number';
  }
  if (
    field === 'status_previous' ||
    field === 'model' ||
    field === 'period' ||
    field === 'previous_task_id'
  ) {
    return 'text';
  }
  if (NUMERIC_COLUMNS.has(field)) {
    return 'number';
  }
  return DATE_COLUMNS.has(field) ? 'date' : 'text';
}

/** The value of a field for one row; comparison fields read null when there is no comparison. */
export type FieldValue = string | number | null;
