/** `GET /tasks` query rules (nclue-api.md §2, "Get task list"): limit 1–100, default 20; index default 0. */
export const DEFAULT_LIST_LIMIT = 20;
export const MAX_LIST_LIMIT = 100;

export type Pagination = 'offset' | 'page';

export type ListQuery = { ok: true; index: number; limit: number } | { ok: false; details: string };

export interface TaskListEnvelope {
  index: number;
  limit: number;
  total: number;
  tasks: Array<Record<string, unknown>>;
}

/** Validates `index` and `limit`: plain decimal integers, index ≥ 0, limit 1–100. */
export function parseListQuery(query: URLSearchParams): ListQuery {
  const index = parseIntegerParam(query.get('index'), 0);
  if (index === undefined || index < 0) return { ok: false, details: 'index must be an integer ≥ 0' };
  const limit = parseIntegerParam(query.get('limit'), DEFAULT_LIST_LIMIT);
  if (limit === undefined || limit < 1 || limit > MAX_LIST_LIMIT) {
    return { ok: false, details: `limit must be an integer from 1 to ${MAX_LIST_LIMIT}` };
  }
  return { ok: true, index, limit };
}

/**
 * One page of the list. The docs leave open whether `index` is an item offset or a page number
 * (nclue-api.md §2, "Pagination ambiguity"), so both are emulated; `total` is the number of all tasks.
 */
export function selectTaskPage(
  tasks: ReadonlyArray<Record<string, unknown>>,
  index: number,
  limit: number,
  pagination: Pagination,
): TaskListEnvelope {
  const start = pagination === 'page' ? index * limit : index;
  return { index, limit, total: tasks.length, tasks: tasks.slice(start, start + limit) };
}

function parseIntegerParam(raw: string | null, fallback: number): number | undefined {
  if (raw === null) return fallback;
  if (!/^\d{1,9}$/.test(raw)) return undefined;
  return Number(raw);
}
