import type { ReportField } from '../core/report-field.js';
import type { Template } from '../templates/template.js';

/** English header of each field, for a field a template does not list (the Summary still names it). */
export const COLUMN_LABELS: Readonly<Record<ReportField, string>> = {
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
  auroc_previous: 'Previous AUROC',
  auroc_delta: 'AUROC change',
  status_previous: 'Previous status',
  model: 'Model',
  period: 'Period',
  previous_task_id: 'Compared with task',
};

/** The template's header for a field (listed, even hidden), else the English one. */
export function labelField(template: Template, field: ReportField): string {
  return template.columns.find((column) => column.field === field)?.label ?? COLUMN_LABELS[field];
}

/** A status as the template names it (`completed` → `Available`); unknown statuses as they are. */
export function labelStatus(template: Template, status: string): string {
  return Object.hasOwn(template.statusLabels, status) ? (template.statusLabels[status] ?? status) : status;
}
