import type { ReportRow } from '../core/row.js';

/** The row of a task that could not be fetched: only its ID and the reason are known. */
export function createErrorRow(taskId: string, fetchError: string): ReportRow {
  return {
    task_id: taskId,
    task_name: null,
    status: null,
    auroc: null,
    auroc_rank: null,
    created_at: null,
    completed_at: null,
    duration_seconds: null,
    train_feature_id: null,
    train_feature_name: null,
    train_bucket: null,
    train_file_path: null,
    test_feature_id: null,
    test_feature_name: null,
    test_bucket: null,
    test_file_path: null,
    line_count: null,
    disk_usage: null,
    disk_usage_bytes: null,
    fail_message: null,
    fetch_error: fetchError,
  };
}
