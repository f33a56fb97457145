import { FEATURE_FIELDS } from './task-fields.js';

/** The formats `--compare` reads: the ones this tool writes that keep every row. */
export type PreviousFormat = 'csv' | 'xlsx' | 'json';

/** What a comparison needs of one task of the previous report. */
export interface PreviousRow {
  task_id: string;
  task_name: string | null;
  status: string | null;
  /** Full precision, exactly as written. */
  auroc: number | null;
  /** True when the previous run could not fetch the task (its status is then unknown, not empty). */
  fetchError: boolean;
  /** What the model view needs (null when the report had no such column). */
  created_at?: string | null;
  train_feature_name?: string | null;
  train_file_path?: string | null;
  /** The model and period the earlier run gave the task (reports written before them have none). */
  model?: string | null;
  period?: string | null;
  /**
   * What the model view compares month over month (src/models/compute-model-change.ts): absent when
   * the report had no such column, null when its cell was empty.
   */
  train_feature_id?: string | null;
  train_bucket?: string | null;
  test_feature_id?: string | null;
  test_feature_name?: string | null;
  test_bucket?: string | null;
  test_file_path?: string | null;
  fail_message?: string | null;
  duration_seconds?: number | null;
  line_count?: number | null;
  disk_usage_bytes?: number | null;
}

/** The optional fields of PreviousRow: set only when the report had a value for them. */
export const PREVIOUS_MODEL_FIELDS = [
  'created_at',
  'train_feature_name',
  'train_file_path',
  'model',
  'period',
] as const;

/** Text fields of a task the model view compares: set when the report has the column, even empty. */
export const DETAIL_TEXT_FIELDS = [...FEATURE_FIELDS, 'fail_message'] as const;

/** Number fields of a task the model view compares. */
export const DETAIL_NUMBER_FIELDS = ['duration_seconds', 'line_count', 'disk_usage_bytes'] as const;

export const DETAIL_FIELDS = [...DETAIL_TEXT_FIELDS, ...DETAIL_NUMBER_FIELDS] as const;
export type DetailField = (typeof DETAIL_FIELDS)[number];

/**
 * How a reader gives a field: its text (null when the cell is empty), or undefined when the report
 * has no such column.
 */
export type ReadField = (
  field: (typeof PREVIOUS_MODEL_FIELDS)[number] | DetailField,
) => string | null | undefined;

/**
 * The row with each optional field that has a value (absent ones are left out, not null), and each
 * detail field the report has a column for (null when empty; a number field's text as a number).
 */
export function addModelFields(row: PreviousRow, read: ReadField): PreviousRow {
  for (const field of PREVIOUS_MODEL_FIELDS) {
    const value = read(field);
    if (value !== null && value !== undefined) {
      row[field] = value;
    }
  }
  for (const field of DETAIL_TEXT_FIELDS) {
    const value = read(field);
    if (value !== undefined) {
      row[field] = value;
    }
  }
  for (const field of DETAIL_NUMBER_FIELDS) {
    const value = read(field);
    if (value !== undefined) {
      const number = value === null || value.trim() === '' ? NaN : Number(value);
      row[field] = Number.isFinite(number) ? number : null;
    }
  }
  return row;
}

/** A report written earlier by nclue-report, read back for `--compare`. */
export interface PreviousReport {
  /** The path as the user gave it, for messages and the Summary. */
  source: string;
  format: PreviousFormat;
  /** When the previous run started (ISO 8601), when the file says so (JSON, xlsx); else null. */
  generatedAt: string | null;
  rows: PreviousRow[];
}
