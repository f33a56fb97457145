import { FEATURE_FIELDS } from '../core/task-fields.js';
import { describeRawValue } from './describe-raw-value.js';
import { formatBytes } from './format-bytes.js';
import { parseAuroc } from './parse-auroc.js';
import { toEpochMs } from './parse-wall-clock.js';
import type { ReportRow } from '../core/row.js';

export interface FlattenedTask {
  row: ReportRow;
  /** Problems with single fields; each names the field and the raw value, not the task (the caller knows it). */
  warnings: string[];
}

/** Row columns copied from the Get-task field of the same name as text. */
const TEXT_FIELDS = [
  'task_name',
  'status',
  'created_at',
  'completed_at',
  ...FEATURE_FIELDS,
  'fail_message',
] as const satisfies ReadonlyArray<keyof ReportRow>;

type TextField = (typeof TEXT_FIELDS)[number];

const MS_PER_SECOND = 1000;

/**
 * Maps one Get-task response (`GET /tasks/{task_id}`, docs/api.md "Get task") to a report row.
 * Pure: every problem becomes a warning and an empty cell, never an exception, so one odd task does not
 * sink a whole report.
 *
 * @param requestedId the ID the caller asked for (and already matched against the response's `task_id`).
 */
export function flattenTask(task: Record<string, unknown>, requestedId: string): FlattenedTask {
  const warnings: string[] = [];
  const text = {} as Record<TextField, string | null>;
  for (const field of TEXT_FIELDS) {
    text[field] = readText(task, field, warnings);
  }

  // The Create-task pages spell the success status `complete`, the Get/List pages `completed`
  // (docs/api.md, "Discrepancies"): report one spelling.
  const status = text.status === 'complete' ? 'completed' : text.status;

  // Documented as `AUROC`; a lower-case `auroc` is accepted in case a revision renames it.
  const auroc = parseAuroc('AUROC' in task ? task.AUROC : task.auroc);
  if (auroc.warning !== undefined) {
    warnings.push(auroc.warning);
  }

  const diskUsageBytes = readCount(task, 'disk_usage', warnings);

  return {
    row: {
      task_id: requestedId,
      task_name: text.task_name,
      status,
      auroc: auroc.value,
      auroc_rank: null,
      created_at: text.created_at,
      completed_at: text.completed_at,
      duration_seconds: computeDurationSeconds(text.created_at, text.completed_at, warnings),
      train_feature_id: text.train_feature_id,
      train_feature_name: text.train_feature_name,
      train_bucket: text.train_bucket,
      train_file_path: text.train_file_path,
      test_feature_id: text.test_feature_id,
      test_feature_name: text.test_feature_name,
      test_bucket: text.test_bucket,
      test_file_path: text.test_file_path,
      line_count: readCount(task, 'line_count', warnings),
      disk_usage: diskUsageBytes === null ? null : formatBytes(diskUsageBytes),
      disk_usage_bytes: diskUsageBytes,
      fail_message: text.fail_message,
      fetch_error: null,
    },
    warnings,
  };
}

/** A string as is; a number or boolean as its text; null/absent → null; an object or array → null + warning. */
function readText(task: Record<string, unknown>, field: string, warnings: string[]): string | null {
  const value = task[field];
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  warnings.push(`${field} ${describeRawValue(value)} is not text; left empty`);
  return null;
}

/** A whole non-negative count (a number or a numeric string); anything else → null + warning. */
function readCount(task: Record<string, unknown>, field: string, warnings: string[]): number | null {
  const value = task[field];
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
    return null;
  }
  const count = typeof value === 'number' ? value : typeof value === 'string' ? parseCountText(value) : NaN;
  if (Number.isSafeInteger(count) && count >= 0) {
    // `-0` would print as `0` anyway; normalise it so equality checks downstream are plain.
    return count === 0 ? 0 : count;
  }
  warnings.push(`${field} ${describeRawValue(value)} is not a whole number >= 0; left empty`);
  return null;
}

function parseCountText(text: string): number {
  const trimmed = text.trim();
  return /^\+?\d+(?:\.0*)?$/.test(trimmed) ? Number(trimmed) : NaN;
}

/**
 * Whole seconds from `created_at` to `completed_at`. Both are wall-clock texts from the same API, so
 * zone-less texts are read in the same (UTC) zone; an explicit offset is honoured.
 */
function computeDurationSeconds(
  createdAt: string | null,
  completedAt: string | null,
  warnings: string[],
): number | null {
  if (createdAt === null || completedAt === null || createdAt.trim() === '' || completedAt.trim() === '') {
    return null;
  }
  const startMs = toEpochMs(createdAt);
  const endMs = toEpochMs(completedAt);
  if (startMs === null || endMs === null) {
    const [field, value] = startMs === null ? ['created_at', createdAt] : ['completed_at', completedAt];
    warnings.push(`${field} ${describeRawValue(value)} is not an ISO 8601 date-time; duration left empty`);
    return null;
  }
  if (endMs < startMs) {
    warnings.push(
      `completed_at ${describeRawValue(completedAt)} is before created_at ${describeRawValue(createdAt)}; duration left empty`,
    );
    return null;
  }
  return Math.round((endMs - startMs) / MS_PER_SECOND);
}
