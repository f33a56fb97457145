/**
 * The task schema's field names, written once (docs/api.md, "Get task"): the client keeps these, the
 * row copies them, the model view compares them.
 */

/** A task's training and test data as the API names them: text, copied to the row unchanged. */
export const FEATURE_FIELDS = [
  'train_feature_id',
  'train_feature_name',
  'train_bucket',
  'train_file_path',
  'test_feature_id',
  'test_feature_name',
  'test_bucket',
  'test_file_path',
] as const;

/**
 * The fields of a task the API documents (GET /tasks/{task_id}), plus a lower-case `auroc` in case a
 * revision renames `AUROC`.
 */
export const DOCUMENTED_TASK_FIELDS = [
  'task_id',
  'task_name',
  'status',
  'created_at',
  'completed_at',
  ...FEATURE_FIELDS,
  'AUROC',
  'auroc',
  'line_count',
  'disk_usage',
  'fail_message',
] as const;
