/**
 * When listing the account (`GET /tasks`, 100 tasks per request) is cheaper than one `GET /tasks/{id}`
 * per requested ID. Pure: counts in, a decision out. Every request costs one slot of the rate gate
 * (≤ 1 request per second, docs/api.md, "Rate limit"), so fewer requests is the same as a shorter run.
 */

/** Tasks per list request: the API's largest `limit` (docs/api.md, "Listing": 1–100). */
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
 * then one request per 100 further tasks, until a short or empty page marks the end (paging never
 * stops on `total`: docs/api.md, "Listing"). In page-number mode it is never more. An account of fewer
 * than 100 tasks fits on the first page; 10,000 tasks → 101 requests.
 */
export function computeListRequests(total: number, pageSize = LIST_PAGE_SIZE): number {
  if (total < pageSize) return 1;
  return Math.floor((total - 1) / pageSize) + 2;
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
  /**
   * The share of the first page's tasks that lack a field a row needs (list-item-fields.ts): each such
   * task costs a GET even when listed. Default 0.
   */
  lackingShare?: number;
}

/**
 * After a full first page (already paid for), `auto` lists the rest only when that takes fewer
 * requests than the GETs it saves: one per requested ID the first page did not bring, less the share
 * of listed tasks that would need their own GET anyway. A tie goes to GET: same cost, and the report
 * then depends on the listing for nothing. Without a `total`, or with one no larger than the full page
 * (it may count that response only: docs/api.md, "Listing"), nothing can be estimated: GET.
 */
export function shouldListRest(facts: FirstPageFacts): boolean {
  const pageSize = facts.pageSize ?? LIST_PAGE_SIZE;
  if (facts.total === null || facts.total <= pageSize) return false;
  const listRequestsLeft = computeListRequests(facts.total, pageSize) - 1;
  const saved = facts.idsStillMissing * (1 - Math.min(1, Math.max(0, facts.lackingShare ?? 0)));
  return listRequestsLeft < saved;
}

/**
 * List requests `auto` allows itself once it decided to list: the first page plus one per GET it
 * replaces. A listing that would take more (a `total` that undercounts) is given up there, and the
 * IDs it did not bring are fetched one GET each: at worst about twice the GETs.
 */
export function computeAutoListBudget(idsStillMissing: number): number {
  return 1 + Math.max(1, idsStillMissing);
}

/** The largest number of tasks in an account for which `auto` lists rather than GETs `ids` IDs. */
export function computeListBreakEven(ids: number, pageSize = LIST_PAGE_SIZE): number {
  // Largest T with computeListRequests(T) − 1 < ids, i.e. floor((T − 1) / pageSize) ≤ ids − 2; an
  // account that fits on the first page (T < pageSize) needs no decision.
  // A full first page whose total is at most a page decides for GET (shouldListRest), so with fewer
  // than 3 IDs only an account that fits on the first page is listed.
  if (ids < 1) return 0;
  return ids < 3 ? pageSize - 1 : (ids - 1) * pageSize;
}
