/**
 * The fields of a task the API documents (GET /tasks/{task_id}, docs/api.md "Get task"),
 * plus a lower-case `auroc` in case a revision renames `AUROC`. Nothing else is kept: an unknown field
 * has no column, and a deeply nested one (`"extra": [[[…]]]`) would overflow the call stack of the
 * checkpoint's JSON.stringify.
 */
export const DOCUMENTED_TASK_FIELDS = [
  'task_id',
  'task_name',
  'status',
  'created_at',
  'completed_at',
  'train_feature_id',
  'train_feature_name',
  'train_bucket',
  'train_file_path',
  'test_feature_id',
  'test_feature_name',
  'test_bucket',
  'test_file_path',
  'AUROC',
  'auroc',
  'line_count',
  'disk_usage',
  'fail_message',
] as const;

/**
 * Nesting kept of an object or array found where the API documents a plain value: enough for the
 * warning that quotes it, bounded so that nothing downstream recurses deeply.
 */
export const MAX_VALUE_DEPTH = 4;

/**
 * A task reduced to its documented fields. Plain values are kept as they are; an object or array (a
 * wrong type, reported later as such) is kept down to MAX_VALUE_DEPTH levels, deeper levels emptied.
 * Pure; the input is not changed.
 */
export function pickTaskFields(task: Record<string, unknown>): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const field of DOCUMENTED_TASK_FIELDS) {
    if (Object.hasOwn(task, field)) picked[field] = limitDepth(task[field], MAX_VALUE_DEPTH);
  }
  return picked;
}

function limitDepth(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return depth === 0 ? [] : value.map((item) => limitDepth(item, depth - 1));
  if (depth === 0) return {};
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = limitDepth(item, depth - 1);
  return out;
}
