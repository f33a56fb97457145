import type { ReportRow } from '../report/row.js';
import { STATUS_FETCH_ERROR } from '../report/summarise.js';
import { compareKey } from './compare-key.js';
import type { Change, ChangeKind, Comparison, RowComparison } from './comparison.js';
import type { PreviousReport, PreviousRow } from './previous-report.js';

/** Order of the changes that have no AUROC move, after the moves. */
const KIND_ORDER: Readonly<Record<ChangeKind, number>> = { auroc: 0, status: 1, new: 2, gone: 3 };

/**
 * Compares this run's rows with a previous report, matching tasks by lower-cased task ID. Pure.
 *
 * A task is listed when it is new (not in the previous report), gone (only in the previous report),
 * changed status (a fetch error counts as a status of its own), or moved in AUROC (any difference:
 * both reports keep AUROC at full precision, so an unchanged value compares exactly equal).
 * Order: largest AUROC move first (by absolute delta); then status changes, new, gone tasks, each in
 * report order.
 */
export function compareReports(rows: readonly ReportRow[], previous: PreviousReport): Comparison {
  const previousByKey = new Map<string, PreviousRow>();
  for (const row of previous.rows) {
    const key = compareKey(row.task_id);
    if (!previousByKey.has(key)) {
      previousByKey.set(key, row);
    }
  }

  // A previous report written with a template that left out status or AUROC knows nothing of them:
  // an unknown value is no change.
  const statusKnown = previous.rows.some((row) => row.status !== null);
  const aurocKnown = previous.rows.some((row) => row.auroc !== null);
  const byTaskKey = new Map<string, RowComparison>();
  const changes: Change[] = [];
  const currentKeys = new Set<string>();
  for (const row of rows) {
    const key = compareKey(row.task_id);
    currentKeys.add(key);
    const before = previousByKey.get(key);
    const status = row.fetch_error === null ? row.status : STATUS_FETCH_ERROR;
    if (before === undefined) {
      changes.push(createChange('new', row, status, null));
      continue;
    }
    const delta = row.auroc !== null && before.auroc !== null ? row.auroc - before.auroc : null;
    byTaskKey.set(key, {
      auroc_previous: before.auroc,
      auroc_delta: delta,
      status_previous: before.fetchError ? null : before.status,
    });
    const statusBefore = before.fetchError ? STATUS_FETCH_ERROR : before.status;
    const statusChanged = statusKnown
      ? (status ?? '') !== (statusBefore ?? '')
      : before.fetchError !== (row.fetch_error !== null);
    if (statusChanged) {
      changes.push(createChange('status', row, status, before));
    } else if (aurocKnown && row.auroc !== before.auroc) {
      changes.push(createChange('auroc', row, status, before));
    }
  }
  for (const [key, before] of previousByKey) {
    if (!currentKeys.has(key)) {
      changes.push({
        kind: 'gone',
        task_id: before.task_id,
        task_name: before.task_name,
        status: null,
        status_previous: before.fetchError ? STATUS_FETCH_ERROR : before.status,
        auroc: null,
        auroc_previous: before.auroc,
        auroc_delta: null,
      });
    }
  }

  return {
    previous: { source: previous.source, generatedAt: previous.generatedAt, rows: previous.rows.length },
    byTaskKey,
    changes: orderChanges(changes),
  };
}

function createChange(
  kind: ChangeKind,
  row: ReportRow,
  status: string | null,
  before: PreviousRow | null,
): Change {
  const aurocPrevious = before?.auroc ?? null;
  return {
    kind,
    task_id: row.task_id,
    task_name: row.task_name ?? before?.task_name ?? null,
    status,
    status_previous: before === null ? null : before.fetchError ? STATUS_FETCH_ERROR : before.status,
    auroc: row.auroc,
    auroc_previous: aurocPrevious,
    auroc_delta: row.auroc !== null && aurocPrevious !== null ? row.auroc - aurocPrevious : null,
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
