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
