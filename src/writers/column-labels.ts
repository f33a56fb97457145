import type { ReportColumn } from '../report/row.js';

/** Readable header of each report column, for spreadsheets and HTML (the CSV keeps the raw names). */
export const COLUMN_LABELS: Readonly<Record<ReportColumn, string>> = {
  task_id: 'Task ID',
  task_name: 'Task name',
  status: 'Status',
  auroc: 'AUROC',
  auroc_rank: 'AUROC rank',
  created_at: 'Created at',
  completed_at: 'Completed at',
  duration_seconds: 'Duration (s)',
  train_feature_id: 'Train feature ID',
  train_feature_name: 'Train feature name',
  train_bucket: 'Train bucket',
  train_file_path: 'Train file path',
  test_feature_id: 'Test feature ID',
  test_feature_name: 'Test feature name',
  test_bucket: 'Test bucket',
  test_file_path: 'Test file path',
  line_count: 'Line count',
  disk_usage: 'Disk usage',
  disk_usage_bytes: 'Disk usage (bytes)',
  fail_message: 'Fail message',
  fetch_error: 'Fetch error',
};
