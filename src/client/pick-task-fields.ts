import { DOCUMENTED_TASK_FIELDS } from '../core/task-fields.js';

/**
 * Nesting kept of an object or array found where the API documents a plain value: enough for the
 * warning that quotes it, bounded so that nothing downstream recurses deeply.
 */
export const MAX_VALUE_DEPTH = 4;

/**
 * A task reduced to its documented fields (DOCUMENTED_TASK_FIELDS). Nothing else is kept: an unknown
 * field has no column, and a deeply nested one (`"extra": [[[…]]]`) would overflow the call stack of
 * the checkpoint's JSON.stringify. Plain values are kept as they are; an object or array (a wrong type,
 * reported later as such) is kept down to MAX_VALUE_DEPTH levels, deeper levels emptied.
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
