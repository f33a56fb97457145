/**
 * When listing the account (`GET /tasks`, 100 tasks per request) is cheaper than one `GET /tasks/{id}`
 * per requested ID. Pure: counts in, a decision out. Every request costs one slot of the rate gate
 * (≤ 1 request per second, nclue-api.md §1), so fewer requests is the same as a shorter run.
 */

/** Tasks per list request: the API's largest `limit` (nclue-api.md §2, "Get task list": 1–100). */
export const LIST_PAGE_SIZE = 100;

/**
 * `auto` sends the first list page only for at least this many IDs still to fetch. The first page is a
 * bet of one request: with 1 ID it can never win (listing costs ≥ 1 request, then the GET may still be
 * needed); with 2 it wins one request at best and loses one at worst; from 3 on it can win at least
 * twice what it can lose (1 request instead of 3, against 4 instead of 3).
 */
export const AUTO_MIN_IDS_TO_LIST = 3;

/**
 * Requests needed to list `total` tasks in the worst case, when `index` turns out to be an item offset:
 * page 0, the probe at index 1 that tells offset from page number (it brings 1 new task in offset mode),
 * then one request per 100 further tasks. In page-number mode it is one request fewer for large totals.
 * 10,000 tasks → 101 requests.
 */
export function computeListRequests(total: number, pageSize = LIST_PAGE_SIZE): number {
  if (total <= pageSize) return 1;
  return Math.ceil((total - 1) / pageSize) + 1;
}

/** Whether to send the first list page before any GET (`auto` and `list` strategies with IDs). */
export function shouldSendFirstPage(strategy: 'auto' | 'get' | 'list', idsToFetch: number): boolean {
  if (idsToFetch === 0 || strategy === 'get') return false;
  return strategy === 'list' || idsToFetch >= AUTO_MIN_IDS_TO_LIST;
}

export interface FirstPageFacts {
  /** `total` of the first page; null when the API did not say. */
  total: number | null;
  /** Requested IDs (still to fetch) that the first page did not bring. */
  idsStillMissing: number;
  pageSize?: number;
}

/**
 * After the first page (already paid for), `auto` lists the rest only when that takes fewer requests
 * than one GET per requested ID the first page did not bring. A tie goes to GET: same cost, and the
 * report then depends on the listing for nothing. Without a `total` nothing can be estimated: GET.
 */
export function shouldListRest(facts: FirstPageFacts): boolean {
  if (facts.total === null) return false;
  const listRequestsLeft = computeListRequests(facts.total, facts.pageSize) - 1;
  return listRequestsLeft < facts.idsStillMissing;
}

/** The largest number of tasks in an account for which `auto` lists rather than GETs `ids` IDs. */
export function computeListBreakEven(ids: number, pageSize = LIST_PAGE_SIZE): number {
  // Largest T with computeListRequests(T) − 1 < ids, i.e. ceil((T − 1) / pageSize) ≤ ids − 1.
  if (ids < 1) return 0;
  return Math.max(pageSize, (ids - 1) * pageSize + 1);
}
