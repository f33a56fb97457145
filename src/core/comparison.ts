import type { CompareColumn, LineageColumn } from './report-field.js';

/** Why a task is listed on the Changes sheet. */
export type ChangeKind = 'new' | 'gone' | 'status' | 'auroc';

/** One task that differs between the previous report and this one. */
export interface Change {
  kind: ChangeKind;
  task_id: string;
  task_name: string | null;
  status: string | null;
  status_previous: string | null;
  auroc: number | null;
  auroc_previous: number | null;
  /** auroc − auroc_previous when both exist, rounded to 6 decimals. */
  auroc_delta: number | null;
  /** The task this one was compared with: the same ID, or its model's task of the month before. */
  previous_task_id: string | null;
}

/** The comparison columns of one current row, and the task it was compared with. */
export type RowComparison = Record<CompareColumn | LineageColumn, string | number | null>;

export interface Comparison {
  previous: { source: string; generatedAt: string | null; rows: number };
  /** By compareKey (trimmed, lower-cased task ID); rows absent from the previous report have no entry. */
  byTaskKey: ReadonlyMap<string, RowComparison>;
  /** How many of this run's rows were compared with a task of history (by ID or through the model). */
  compared: number;
  /** Largest AUROC moves first, then status changes, new and gone tasks (see compareReports). */
  changes: Change[];
}
