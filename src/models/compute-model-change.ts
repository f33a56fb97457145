import { formatSeconds } from '../report/format-seconds.js';
import { findFailureCode, lookupTroubleshootingHint } from '../report/troubleshooting.js';
import { DATA_CHANGE_HIGHLIGHT_PCT, type ModelEntry } from './model-entry.js';
import { modelKeyOf } from './model-naming.js';
import { stripPeriodMarkers } from './period-marker.js';

/**
 * What a task says about the data a model was trained on, as far as the report knows it. A field is
 * undefined when the report the task came from had no such column (an older or a trimmed report):
 * unknown, which is not the same as empty (null).
 */
export interface TaskDetail {
  task_id: string;
  status: string | null;
  created_at: string | null;
  duration_seconds?: number | null;
  line_count?: number | null;
  disk_usage_bytes?: number | null;
  train_feature_id?: string | null;
  train_feature_name?: string | null;
  train_bucket?: string | null;
  train_file_path?: string | null;
  test_feature_id?: string | null;
  test_feature_name?: string | null;
  test_bucket?: string | null;
  test_file_path?: string | null;
  fail_message?: string | null;
}

/** The "what changed" fields of a model entry (documented there). */
export type ModelChange = Pick<
  ModelEntry,
  | 'line_count'
  | 'line_count_previous'
  | 'line_count_change_pct'
  | 'train_feature_changed'
  | 'test_feature_changed'
  | 'train_file_changed'
  | 'test_file_changed'
  | 'duration_seconds'
  | 'duration_previous'
  | 'disk_usage'
  | 'disk_usage_previous'
>;

/** U+2212, the minus sign, as formatChange writes it. */
const MINUS = '\u2212';

/**
 * Compares a model's task of the report's period with its task of the previous period. Pure.
 *
 * @param current the model's task of P; null when it has none (not retrained).
 * @param previous the task `auroc_previous` came from; null when none.
 */
export function computeModelChange(current: TaskDetail | null, previous: TaskDetail | null): ModelChange {
  const lineCount = current?.line_count ?? null;
  const lineCountPrevious = previous?.line_count ?? null;
  const both = current !== null && previous !== null;
  return {
    line_count: lineCount,
    line_count_previous: lineCountPrevious,
    line_count_change_pct: computeChangePct(lineCount, lineCountPrevious),
    train_feature_changed: both ? isFeatureChanged(current, previous, 'train') : null,
    test_feature_changed: both ? isFeatureChanged(current, previous, 'test') : null,
    train_file_changed: both ? isFileChanged(current, previous, 'train') : null,
    test_file_changed: both ? isFileChanged(current, previous, 'test') : null,
    duration_seconds: current?.duration_seconds ?? null,
    duration_previous: previous?.duration_seconds ?? null,
    disk_usage: current?.disk_usage_bytes ?? null,
    disk_usage_previous: previous?.disk_usage_bytes ?? null,
  };
}

/** The change in %, one decimal (−49.6); null when either count is unknown or the old one is 0. */
export function computeChangePct(value: number | null, previous: number | null): number | null {
  if (value === null || previous === null || previous === 0) {
    return null;
  }
  const pct = Math.round(((value - previous) / previous) * 1000) / 10;
  return pct === 0 ? 0 : pct;
}

/**
 * A feature changed when its ID differs (its name when neither task has an ID). A new ID whose name
 * differs from the old one only by its period marker (`churn_features_202610` →
 * `churn_features_202611`) is the month's edition of the same feature, as a file moved on a month is.
 * Null when either report did not hold the field.
 */
function isFeatureChanged(current: TaskDetail, previous: TaskDetail, side: 'train' | 'test'): boolean | null {
  const id = readPair(current, previous, `${side}_feature_id`);
  const name = readPair(current, previous, `${side}_feature_name`);
  if (id === null && name === null) {
    return null;
  }
  const idDiffers = id !== null && (id[0] !== null || id[1] !== null) ? id[0] !== id[1] : null;
  const nameDiffers = name === null ? null : foldMarked(name[0]) !== foldMarked(name[1]);
  if (idDiffers === null) {
    return nameDiffers;
  }
  if (!idDiffers) {
    return false;
  }
  const sameEdition = name !== null && name[0] !== name[1] && nameDiffers === false;
  return !sameEdition;
}

/** A file changed when its bucket or its path differs once period markers are removed. */
function isFileChanged(current: TaskDetail, previous: TaskDetail, side: 'train' | 'test'): boolean | null {
  const bucket = readPair(current, previous, `${side}_bucket`);
  const path = readPair(current, previous, `${side}_file_path`);
  if (bucket === null || path === null) {
    return null;
  }
  // Object storage keys are case-sensitive: only the period markers (and width forms) are set aside.
  const unmarked = (text: string | null): string => (text === null ? '' : stripPeriodMarkers(text));
  return unmarked(bucket[0]) !== unmarked(bucket[1]) || unmarked(path[0]) !== unmarked(path[1]);
}

type TextField =
  | 'train_feature_id'
  | 'train_feature_name'
  | 'train_bucket'
  | 'train_file_path'
  | 'test_feature_id'
  | 'test_feature_name'
  | 'test_bucket'
  | 'test_file_path';

/** Both tasks' values of a field, blanks as null; null when either report lacked the field. */
function readPair(
  current: TaskDetail,
  previous: TaskDetail,
  field: TextField,
): [string | null, string | null] | null {
  const a = current[field];
  const b = previous[field];
  if (a === undefined || b === undefined) {
    return null;
  }
  const blankToNull = (value: string | null): string | null =>
    value === null || value.trim() === '' ? null : value.trim();
  return [blankToNull(a), blankToNull(b)];
}

function foldMarked(text: string | null): string {
  return text === null ? '' : modelKeyOf(stripPeriodMarkers(text));
}

/** The parts of a `why`, with their weight: a larger weight comes first. */
interface WhyPart {
  weight: number;
  text: string;
}

/** Whether the sheet and the page highlight the model's why: a large data change or any feature/file change. */
export function isNotableChange(change: ModelChange): boolean {
  return (
    (change.line_count_change_pct !== null &&
      Math.abs(change.line_count_change_pct) >= DATA_CHANGE_HIGHLIGHT_PCT) ||
    change.train_feature_changed === true ||
    change.test_feature_changed === true ||
    change.train_file_changed === true ||
    change.test_file_changed === true
  );
}

/** `−49.6 %`, `+12.0 %`. */
export function formatPct(pct: number): string {
  return `${pct < 0 ? MINUS : '+'}${Math.abs(pct).toFixed(1)} %`;
}

/**
 * The moves of a model, biggest first: a data change of 20 % or more, then feature changes (names
 * shown), then ground-truth file changes, then a smaller data change. Empty when nothing moved. Pure.
 */
export function describeChange(
  change: ModelChange,
  current: TaskDetail | null,
  previous: TaskDetail | null,
): string[] {
  // Without a previous task nothing can have moved (computeModelChange leaves every change null).
  if (previous === null) return [];
  const parts: WhyPart[] = [];
  const pct = change.line_count_change_pct;
  if (pct !== null && pct !== 0) {
    parts.push({
      weight: Math.abs(pct) >= DATA_CHANGE_HIGHLIGHT_PCT ? 4 : 1,
      text: `data ${formatPct(pct)}`,
    });
  }
  const features = (['train', 'test'] as const)
    .filter((side) => change[`${side}_feature_changed`] === true)
    .map((side) => ({
      side,
      before: describeFeature(previous, side),
      after: describeFeature(current, side),
    }));
  // One feature for both (the usual case): named once.
  const [first, second] = features;
  const shared =
    first !== undefined &&
    second !== undefined &&
    first.before === second.before &&
    first.after === second.after;
  for (const { side, before, after } of shared ? [{ ...first, side: 'train and test' }] : features) {
    parts.push({
      weight: 3,
      text: before === after ? `${side} feature ${after} (new ID)` : `${side} feature ${before} → ${after}`,
    });
  }
  const files = (['train', 'test'] as const).filter((side) => change[`${side}_file_changed`] === true);
  if (files.length > 0) {
    parts.push({ weight: 2, text: `${files.join(' and ')} file${files.length > 1 ? 's' : ''} changed` });
  }
  // A stable sort keeps train before test within a weight.
  return parts.sort((a, b) => b.weight - a.weight).map((part) => part.text);
}

function describeFeature(task: TaskDetail | null, side: 'train' | 'test'): string {
  const name = task?.[`${side}_feature_name`] ?? null;
  const id = task?.[`${side}_feature_id`] ?? null;
  return name ?? id ?? 'none';
}

/** `NOT_EXIST_FILE: The file at the given path is missing or empty: …`; the code alone when no hint. */
export function describeFailure(failMessage: string | null): string {
  const code = findFailureCode(failMessage);
  if (code === null) {
    return 'failed without a fail_message';
  }
  const hint = lookupTroubleshootingHint(failMessage, 'en');
  return hint === null ? code : `${code}: ${hint}`;
}

/**
 * `in progress for 2 h 5 min`: how long an unfinished task has been on its way at `nowMs` (the
 * run's start). created_at is read as the durations are (a zone-less text in UTC).
 */
export function describeRunning(
  status: string | null,
  startedMs: number | null,
  nowMs: number | null,
): string {
  const state = (status ?? 'unfinished').replace(/_/g, ' ');
  if (startedMs === null || nowMs === null || nowMs < startedMs) {
    return state;
  }
  return `${state} for ${formatSeconds((nowMs - startedMs) / 1000)}`;
}
