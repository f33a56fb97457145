import type { CompareColumn } from '../report/report-field.js';

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
  /** auroc − auroc_previous when both exist. */
  auroc_delta: number | null;
}

/** The comparison columns of one current row. */
export type RowComparison = Record<CompareColumn, string | number | null>;

export interface Comparison {
  previous: { source: string; generatedAt: string | null; rows: number };
  /** By compareKey (trimmed, lower-cased task ID); rows absent from the previous report have no entry. */
  byTaskKey: ReadonlyMap<string, RowComparison>;
  /** Largest AUROC moves first, then status changes, new and gone tasks (see compareReports). */
  changes: Change[];
}
