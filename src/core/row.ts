import { FEATURE_FIELDS } from './task-fields.js';

/**
 * The flat report row: one per unique requested task ID, in input order.
 * Column names and order are a public contract (CSV header, README, acceptance checks).
 */
export const REPORT_COLUMNS = [
  'task_id',
  'task_name',
  'status',
  'auroc',
  'auroc_rank',
  'created_at',
  'completed_at',
  'duration_seconds',
  ...FEATURE_FIELDS,
  'line_count',
  'disk_usage',
  'disk_usage_bytes',
  'fail_message',
  'fetch_error',
] as const;

export type ReportColumn = (typeof REPORT_COLUMNS)[number];

/** Columns holding numbers; every other column holds text. */
export const NUMERIC_COLUMNS = new Set<ReportColumn>([
  'auroc',
  'auroc_rank',
  'duration_seconds',
  'line_count',
  'disk_usage_bytes',
]);

/** Columns holding an API timestamp (ISO 8601 wall-clock text, usually without a zone). */
export const DATE_COLUMNS = new Set<ReportColumn>(['created_at', 'completed_at']);

export interface ReportRow {
  task_id: string;
  task_name: string | null;
  status: string | null;
  /** AUROC as a JS number at full precision. */
  auroc: number | null;
  /** 1 = best; ties share a rank (1, 2, 2, 4). */
  auroc_rank: number | null;
  /** The API's text, unchanged (e.g. `2024-11-26T11:48:16`). */
  created_at: string | null;
  completed_at: string | null;
  duration_seconds: number | null;
  train_feature_id: string | null;
  train_feature_name: string | null;
  train_bucket: string | null;
  train_file_path: string | null;
  test_feature_id: string | null;
  test_feature_name: string | null;
  test_bucket: string | null;
  test_file_path: string | null;
  line_count: number | null;
  /** Human-readable IEC size, e.g. `40.6 MiB`. */
  disk_usage: string | null;
  disk_usage_bytes: number | null;
  fail_message: string | null;
  /** Why the task could not be fetched; null when it was. */
  fetch_error: string | null;
  /**
   * The model the task retrains (src/models/model-naming.ts) and the month it was created in
   * (`YYYY-MM`); set by buildReport for fetched tasks, null (or absent) otherwise. Not in REPORT_COLUMNS:
   * the CSV appends them after its contract columns (MODEL_COLUMNS).
   */
  model?: string | null;
  period?: string | null;
}

/** Facts about one run, shown on the Summary sheet. */
export interface RunFacts {
  /** When the run started (ISO 8601, UTC). */
  generatedAt: string;
  endpoint: string;
  requested: number;
  fetched: number;
  failed: number;
}

export interface AurocStats {
  count: number;
  best: number;
  worst: number;
  mean: number;
  median: number;
  /**
   * Spread: the population standard deviation (divide by n, not n − 1), because the report holds every
   * task asked about, not a sample of them. 0 for a single task.
   */
  stdDev: number;
}

export interface ReportSummary {
  /** Count per status, in first-seen order; rows without a status count under `(none)`. */
  statusCounts: Array<{ status: string; count: number }>;
  auroc: AurocStats | null;
  /** Up to 10 rows with an AUROC, best first (ties in input order). */
  top: ReportRow[];
  /** Tasks whose status is `failed`, in input order, at most SUMMARY_FAILED_MAX of them. */
  failed: ReportRow[];
  /** How many tasks failed in all (may exceed `failed.length`). */
  failedTotal: number;
  facts: RunFacts;
}

/** Everything a writer needs. */
export interface Report {
  rows: ReportRow[];
  summary: ReportSummary;
}
