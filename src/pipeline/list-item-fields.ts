/**
 * The list page documents its items' fields only up to `test_feature_*` (docs/api.md, "Listing"):
 * whether a listed task carries the fields a row needs past those is an assumption. A listed task
 * whose key for one of them is absent (null is a value: not yet computed, or no failure) is fetched on
 * its own with `GET /tasks/{id}`, so that a list page without them never empties those columns
 * silently. Pure.
 */

/** Fields checked on every listed task, in the order messages name them. */
export const CHECKED_LIST_ITEM_FIELDS = ['AUROC', 'line_count', 'disk_usage', 'fail_message'] as const;
export type CheckedListItemField = (typeof CHECKED_LIST_ITEM_FIELDS)[number];

/** The checked fields whose key the task lacks (`auroc` in lower case stands for `AUROC`). */
export function findAbsentFields(task: Readonly<Record<string, unknown>>): CheckedListItemField[] {
  return CHECKED_LIST_ITEM_FIELDS.filter(
    (field) => !Object.hasOwn(task, field) && !(field === 'AUROC' && Object.hasOwn(task, 'auroc')),
  );
}

/** Listed tasks that lacked a checked field, and how many lacked each. */
export interface LackingFields {
  tasks: number;
  byField: Partial<Record<CheckedListItemField, number>>;
}

export function createLackingFields(): LackingFields {
  return { tasks: 0, byField: {} };
}

/** Counts `task` in `into` when it lacks a checked field; returns whether it did. */
export function countAbsentFields(into: LackingFields, task: Readonly<Record<string, unknown>>): boolean {
  const absent = findAbsentFields(task);
  if (absent.length === 0) return false;
  into.tasks++;
  for (const field of absent) into.byField[field] = (into.byField[field] ?? 0) + 1;
  return true;
}

/** The share of `tasks` that lack a checked field, 0 for none. */
export function computeLackingShare(tasks: ReadonlyArray<Readonly<Record<string, unknown>>>): number {
  if (tasks.length === 0) return 0;
  return tasks.filter((task) => findAbsentFields(task).length > 0).length / tasks.length;
}

/**
 * `40 listed tasks lacked AUROC: fetched one by one`; the fields named in the fixed order, each with
 * its count when the counts differ.
 */
export function describeLackingFields(lacking: LackingFields): string {
  const fields = CHECKED_LIST_ITEM_FIELDS.filter((f) => (lacking.byField[f] ?? 0) > 0);
  const allAlike = fields.every((f) => lacking.byField[f] === lacking.tasks);
  const named = fields
    .map((f) => (allAlike ? f : `${f} (${lacking.byField[f] ?? 0})`))
    .join(allAlike && fields.length === 2 ? ' and ' : ', ');
  const n = lacking.tasks;
  return `${n.toLocaleString('en-US')} listed task${n === 1 ? '' : 's'} lacked ${named}: fetched one by one`;
}
