import type { ReportRow } from '../../src/core/row.js';

/** The row flattenTask makes of the Get-task example (docs/api.md, "Get task"), ranked first. */
export const EXAMPLE_ROW: ReportRow = {
  task_id: 'f5aebc0c-****-****-****-b201bc64b1c9',
  task_name: 'YOUR_TASK_NAME',
  status: 'completed',
  auroc: 0.7681659649879657,
  auroc_rank: 1,
  created_at: '2024-11-26T11:48:16',
  completed_at: '2024-11-26T11:49:55',
  duration_seconds: 99,
  train_feature_id: '0ccc59f9-****-****-****-7837ae76d046',
  train_feature_name: 'YOUR_FEATURE_NAME',
  train_bucket: 'YOUR_BUCKET_NAME',
  train_file_path: 'path/filename',
  test_feature_id: null,
  test_feature_name: null,
  test_bucket: null,
  test_file_path: null,
  line_count: 93734,
  disk_usage: '42.6 MB',
  disk_usage_bytes: 42582684,
  fail_message: null,
  fetch_error: null,
};
