/** `GET /tasks` query rules (docs/api.md, "Listing"): limit 1–100, default 20; index default 0. */
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

export interface PageShape {
  /** What `total` counts: every task of the account (default), or the tasks of this response. */
  total?: 'account' | 'page';
  /** Fields left out of every item (absent, not null). */
  omit?: readonly string[];
}

/**
 * One page of the list. The docs leave open whether `index` is an item offset or a page number, and
 * whether `total` counts the account or this response (docs/api.md, "Listing"), so each reading is
 * emulated; so are list items that lack fields the docs do not list for them.
 */
export function selectTaskPage(
  tasks: ReadonlyArray<Record<string, unknown>>,
  index: number,
  limit: number,
  pagination: Pagination,
  shape: PageShape = {},
): TaskListEnvelope {
  const start = pagination === 'page' ? index * limit : index;
  let page = tasks.slice(start, start + limit);
  const omit = shape.omit ?? [];
  if (omit.length > 0) {
    page = page.map((task) => {
      const copy = { ...task };
      for (const field of omit) delete copy[field];
      return copy;
    });
  }
  return { index, limit, total: shape.total === 'page' ? page.length : tasks.length, tasks: page };
}

function parseIntegerParam(raw: string | null, fallback: number): number | undefined {
  if (raw === null) return fallback;
  if (!/^\d{1,9}$/.test(raw)) return undefined;
  return Number(raw);
}
