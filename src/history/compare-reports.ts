import { findPreviousTask } from '../models/compare-models.js';
import type { ModelComparison } from '../models/model-entry.js';
import { modelKeyOf } from '../models/model-naming.js';
import { differenceOf } from '../report/round-change.js';
import type { ReportRow } from '../core/row.js';
import { STATUS_FETCH_ERROR } from '../report/summarise.js';
import { compareKey } from '../core/compare-key.js';
import type { Change, ChangeKind, Comparison, RowComparison } from '../core/comparison.js';
import type { PreviousReport, PreviousRow } from '../core/previous-report.js';

/** Order of the changes that have no AUROC move, after the moves. */
const KIND_ORDER: Readonly<Record<ChangeKind, number>> = { auroc: 0, status: 1, new: 2, gone: 3 };

/** What a current row is compared with: a task of history, by ID or through its model. */
interface Match {
  task_id: string;
  task_name: string | null;
  status: string | null;
  auroc: number | null;
  fetchError: boolean;
}

export interface CompareOptions {
  /**
   * Every compared report, oldest first (readHistory): a task ID found in any of them is compared with
   * its newest record there. Default: the previous report alone.
   */
  history?: readonly PreviousReport[];
  /** The model view: a task whose ID no report has is compared with its model's task of the month before. */
  models?: ModelComparison | null;
}

/**
 * Compares this run's rows with history. Pure.
 *
 * A row is compared with the same task ID when a compared report has it, else with its model's
 * counted task of the latest earlier month (the task a model entry's `auroc_previous` comes from), so
 * that a month of retrains — every task a new ID — compares each model with its last month. A row
 * with neither is new. A task of the previous report is gone only when neither its ID nor its model
 * has a row now (one line per model: it was not retrained); a task ID replaced by its model's retrain
 * is not gone.
 *
 * A compared row is listed when its status changed (a fetch error counts as a status of its own) or its
 * AUROC moved (by a rounded difference that is not 0). Order: largest AUROC move first (by absolute delta); then status changes, new, gone,
 * each in report order. Every AUROC difference is rounded (roundChange).
 */
export function compareReports(
  rows: readonly ReportRow[],
  previous: PreviousReport,
  options: CompareOptions = {},
): Comparison {
  const history = options.history ?? [previous];
  const models = options.models ?? null;
  // A newer report's record of a task wins over an older one's (the previous report last, as the
  // newest); within one report, the first row of a duplicated ID.
  const byKey = new Map<string, PreviousRow>();
  for (const report of [...history.filter((r) => r !== previous), previous]) {
    const firsts = new Map<string, PreviousRow>();
    for (const row of report.rows) {
      const key = compareKey(row.task_id);
      if (!firsts.has(key)) firsts.set(key, row);
    }
    for (const [key, row] of firsts) byKey.set(key, row);
  }

  // A previous report written with a template that left out status or AUROC knows nothing of them:
  // an unknown value is no change.
  const statusKnown = previous.rows.some((row) => row.status !== null);
  const aurocKnown = previous.rows.some((row) => row.auroc !== null);
  const byTaskKey = new Map<string, RowComparison>();
  const changes: Change[] = [];
  const currentKeys = new Set<string>();
  const currentModels = new Set<string>();
  let compared = 0;
  for (const row of rows) {
    const key = compareKey(row.task_id);
    currentKeys.add(key);
    const modelKey = row.model ? modelKeyOf(row.model) : null;
    if (modelKey !== null) currentModels.add(modelKey);
    const status = row.fetch_error === null ? row.status : STATUS_FETCH_ERROR;
    const before = findMatch(row, byKey.get(key), modelKey, models);
    if (before === null) {
      changes.push(createChange('new', row, status, null));
      continue;
    }
    compared += 1;
    const delta = differenceOf(row.auroc, before.auroc);
    byTaskKey.set(key, {
      auroc_previous: before.auroc,
      auroc_delta: delta,
      status_previous: before.fetchError ? null : before.status,
      previous_task_id: before.task_id,
    });
    const statusBefore = before.fetchError ? STATUS_FETCH_ERROR : before.status;
    const statusChanged = statusKnown
      ? (status ?? '') !== (statusBefore ?? '')
      : before.fetchError !== (row.fetch_error !== null);
    if (statusChanged) {
      changes.push(createChange('status', row, status, before));
    } else if (aurocKnown && (delta === null ? row.auroc !== before.auroc : delta !== 0)) {
      // A move that rounds to 0 (under 0.0000005) is no move.
      changes.push(createChange('auroc', row, status, before));
    }
  }
  const goneModels = new Set<string>();
  for (const before of previous.rows) {
    const key = compareKey(before.task_id);
    if (currentKeys.has(key)) continue;
    const modelKey = models?.modelOfTask.get(key) ?? (before.model ? modelKeyOf(before.model) : null);
    if (modelKey !== null) {
      // Retrained under a new ID, or already listed as gone: one line per model.
      if (currentModels.has(modelKey) || goneModels.has(modelKey)) continue;
      goneModels.add(modelKey);
    }
    changes.push({
      kind: 'gone',
      task_id: before.task_id,
      task_name: before.task_name,
      status: null,
      status_previous: before.fetchError ? STATUS_FETCH_ERROR : before.status,
      auroc: null,
      auroc_previous: before.auroc,
      auroc_delta: null,
      previous_task_id: before.task_id,
    });
  }

  return {
    previous: { source: previous.source, generatedAt: previous.generatedAt, rows: previous.rows.length },
    byTaskKey,
    compared,
    changes: orderChanges(changes),
  };
}

/** The same task ID in history, else the model's counted task of the month before the row's. */
function findMatch(
  row: ReportRow,
  sameId: PreviousRow | undefined,
  modelKey: string | null,
  models: ModelComparison | null,
): Match | null {
  if (sameId !== undefined) return sameId;
  if (models === null || modelKey === null || row.period == null) return null;
  const task = findPreviousTask(models, modelKey, row.period);
  if (task === null || compareKey(task.task_id) === compareKey(row.task_id)) return null;
  return {
    task_id: task.task_id,
    task_name: null,
    status: task.status,
    auroc: task.auroc,
    fetchError: false,
  };
}

function createChange(kind: ChangeKind, row: ReportRow, status: string | null, before: Match | null): Change {
  const aurocPrevious = before?.auroc ?? null;
  return {
    kind,
    task_id: row.task_id,
    task_name: row.task_name ?? before?.task_name ?? null,
    status,
    status_previous: before === null ? null : before.fetchError ? STATUS_FETCH_ERROR : before.status,
    auroc: row.auroc,
    auroc_previous: aurocPrevious,
    auroc_delta: differenceOf(row.auroc, aurocPrevious),
    previous_task_id: before?.task_id ?? null,
  };
}

/** Moves by size first; the rest by kind. Array.prototype.sort is stable, so ties keep report order. */
function orderChanges(changes: Change[]): Change[] {
  const moveSize = (change: Change): number =>
    change.auroc_delta === null || change.auroc_delta === 0 ? -1 : Math.abs(change.auroc_delta);
  return changes.sort((a, b) => {
    const bySize = moveSize(b) - moveSize(a);
    if (bySize !== 0) {
      return bySize;
    }
    return KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  });
}
