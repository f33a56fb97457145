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
}

/** The optional fields of PreviousRow: set only when the report had a value for them. */
export const PREVIOUS_MODEL_FIELDS = [
  'created_at',
  'train_feature_name',
  'train_file_path',
  'model',
  'period',
] as const;

/** The row with each optional field that has a value; absent ones are left out, not null. */
export function addModelFields(
  row: PreviousRow,
  read: (field: (typeof PREVIOUS_MODEL_FIELDS)[number]) => string | null,
): PreviousRow {
  for (const field of PREVIOUS_MODEL_FIELDS) {
    const value = read(field);
    if (value !== null) {
      row[field] = value;
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
