/**
 * Paging through `GET /tasks?index=&limit=` when the docs leave open what `index` and `total` mean
 * (docs/api.md, "Listing": `index` an item offset or a page number; `total` the account's tasks or the
 * tasks of this response). Pure: the pager says which `index` to ask for next and digests each page;
 * sending is the caller's job (list-tasks.ts).
 *
 * 1. index=0. A short page (fewer than `limit` tasks, or none) ends the listing.
 * 2. Probe index=1. An offset server answers tasks 1…100, which mostly repeat page 0; a page-number
 *    server answers tasks 100…199, which page 0 does not have. More than half repeated → offset.
 * 3. The rest, at the next positions in the detected style: while a page comes back full, there may be
 *    more. Several pages go out at once up to `total`, one at a time past it.
 *
 * The listing is complete only when a short or empty page was seen. `total` never ends it: it is a
 * hint for progress and for the "listed N of M" check, and it is dropped for good once a page
 * contradicts it (a page reaching past `total`: then `total` counts something else, such as the tasks
 * of that one response). Paging also stops, incomplete, on a full page that adds nothing new (a server
 * that ignores `index` would otherwise loop forever), when more than `maxTasks` distinct tasks were
 * listed, or when the request budget derived from `maxTasks` is spent. When `total` shrinks between
 * pages, tasks deleted before the current position shift the rest towards the start, so the tasks that
 * slid over the page boundary are read again with one extra request (duplicates are dropped by
 * `task_id`).
 */

export type IndexStyle = 'offset' | 'page';

export type StopReason = 'short page' | 'no new tasks' | 'request budget spent' | 'max tasks exceeded';

export interface PageRequest {
  index: number;
  /** A re-read after `total` shrank: it may legitimately add nothing new. */
  reread: boolean;
}

export interface PageContent {
  /** `total` from the envelope; null when absent. */
  total: number | null;
  tasks: ReadonlyArray<Record<string, unknown>>;
}

export interface AcceptedPage {
  /** Tasks not seen on an earlier page, in page order, each with its de-duplication key. */
  added: Array<{ key: string; task: Record<string, unknown> }>;
  /** Tasks on the page without a usable `task_id` (skipped). */
  skipped: number;
}

export interface Pager {
  /** Up to `room` requests to send now, in order; [] while the pager waits for answers or is done. */
  take(room: number): PageRequest[];
  /** Digests the answer to a taken request. Answers must be given in the order the requests were taken. */
  accept(request: PageRequest, page: PageContent): AcceptedPage;
  readonly done: boolean;
  readonly stopReason: StopReason | null;
  /** Unknown until the probe answered (a listing that fits on one page never needs to know). */
  readonly style: IndexStyle | null;
  /** Unique tasks seen so far. */
  readonly listed: number;
  /**
   * The latest `total` the API reported, as a hint of the account's size: null when it never did, or
   * once a page contradicted it.
   */
  readonly total: number | null;
  /** Whether a page reached past the `total` it came with, so that `total` is ignored from then on. */
  readonly totalContradicted: boolean;
  /**
   * Positions the server has shown: the end of the furthest page (its start plus its tasks). Exceeds
   * `listed` when the listing holds an ID twice (counted once).
   */
  readonly served: number;
  /** Requests taken so far. */
  readonly requests: number;
  /** Lowers the ceiling on requests (re-reads after a shrink come on top). */
  capRequests(max: number): void;
}

/** The default ceiling on distinct tasks listed (`--max-tasks`): past it the listing stops, incomplete. */
export const DEFAULT_MAX_TASKS = 1_000_000;

/** The de-duplication key of a listed task: its `task_id` in lower case (UUIDs are case-insensitive). */
export function listedTaskKey(task: Record<string, unknown>): string | null {
  const id = task.task_id;
  return typeof id === 'string' && id !== '' ? id.toLowerCase() : null;
}

/**
 * Tells offset from page-number paging by comparing the probe (index=1) with page 0: an offset server
 * repeats all but one of page 0's tasks, a page-number server repeats none (a few when tasks were
 * created meanwhile). Null when the probe is empty and so proves nothing.
 */
export function detectIndexStyle(repeatedOnProbe: number, probeSize: number): IndexStyle | null {
  if (probeSize === 0) return null;
  return repeatedOnProbe * 2 > probeSize ? 'offset' : 'page';
}

/**
 * Requests a listing of at most `maxTasks` tasks may take before it is given up: one per `limit` tasks,
 * the probe, and one spare (re-reads after a shrink come on top).
 */
export function computeListRequestBudget(maxTasks: number, limit: number): number {
  return Math.ceil(maxTasks / limit) + 2;
}

export interface PagerOptions {
  /** The `limit` sent with every request (1–100). */
  limit: number;
  /** Distinct tasks listed at most; default DEFAULT_MAX_TASKS. */
  maxTasks?: number;
  /** Ceiling on requests (re-reads after a shrink come on top); default computeListRequestBudget. */
  maxRequests?: number;
}

export function createPager(options: PagerOptions): Pager {
  const { limit } = options;
  if (!Number.isInteger(limit) || limit < 1)
    throw new TypeError(`limit must be a positive integer, got ${limit}`);
  const maxTasks = options.maxTasks ?? DEFAULT_MAX_TASKS;
  if (!Number.isSafeInteger(maxTasks) || maxTasks < 1)
    throw new TypeError(`maxTasks must be a positive integer, got ${maxTasks}`);
  let ceiling = options.maxRequests ?? computeListRequestBudget(maxTasks, limit);
  const seen = new Set<string>();
  let phase: 'first' | 'probe' | 'pages' = 'first';
  let style: IndexStyle | null = null;
  /** The latest trusted `total`, and the largest one (how far pages may go out together). */
  let total: number | null = null;
  let maxTotal = 0;
  let contradicted = false;
  let served = 0;
  /** Item position of the next page to plan. */
  let nextPos = 0;
  let taken = 0;
  let outstanding = 0;
  let outstandingRereads = 0;
  let rereadsPlanned = 0;
  const rereads: PageRequest[] = [];
  /** A short page was seen: plan no further pages, but still read what slid back after a shrink. */
  let endReached = false;
  let stopReason: StopReason | null = null;

  const finish = (reason: StopReason): void => {
    stopReason ??= reason;
    rereads.length = 0;
  };
  const isDone = (): boolean => stopReason !== null;

  const budget = (): number => ceiling + rereadsPlanned;

  const indexAt = (pos: number): number => (style === 'page' ? Math.floor(pos / limit) : pos);
  /** Where a page starts, in items; null while the style is unknown (only page 0 and the probe then). */
  const startOf = (index: number): number | null => {
    if (index === 0) return 0;
    if (style === null) return null;
    return style === 'page' ? index * limit : index;
  };

  function planNext(room: number): PageRequest[] {
    const out: PageRequest[] = [];
    while (out.length < room) {
      if (taken + out.length >= budget()) break;
      const reread = rereads.shift();
      if (reread) {
        out.push(reread);
        continue;
      }
      if (endReached) break;
      const idle = outstanding === 0 && out.length === 0;
      // Up to the hinted total, pages go out together; past it (or without one) one at a time.
      const withinTotal = total !== null && nextPos < maxTotal;
      if (!withinTotal && !idle) break;
      out.push({ index: indexAt(nextPos), reread: false });
      nextPos += limit;
    }
    return out;
  }

  /** Takes in the page's `total` unless the page itself contradicts it; returns the previous hint. */
  function readTotal(pageTotal: number | null, pageEnd: number | null): number | null {
    const previous = total;
    if (pageTotal === null || contradicted) return previous;
    if (pageEnd !== null && pageTotal < pageEnd) {
      // This page reaches past the total it came with: `total` is not the account's size.
      contradicted = true;
      total = null;
      maxTotal = 0;
      return previous;
    }
    total = pageTotal;
    maxTotal = Math.max(maxTotal, pageTotal);
    return previous;
  }

  return {
    get done() {
      return isDone();
    },
    get stopReason() {
      return stopReason;
    },
    get style() {
      return style;
    },
    get listed() {
      return seen.size;
    },
    get total() {
      return total;
    },
    get totalContradicted() {
      return contradicted;
    },
    get served() {
      return served;
    },
    get requests() {
      return taken;
    },
    capRequests(max) {
      ceiling = Math.min(ceiling, max);
    },

    take(room) {
      if (isDone() || room < 1) return [];
      let out: PageRequest[] = [];
      if (phase === 'first' || phase === 'probe') {
        // Index meaning unknown: one request at a time.
        if (outstanding === 0) out = [{ index: phase === 'first' ? 0 : 1, reread: false }];
      } else {
        out = planNext(room);
      }
      if (out.length === 0 && outstanding === 0) {
        // Nothing in flight and nothing allowed: the budget is spent (or re-reads ran out after the end).
        finish(endReached ? 'short page' : 'request budget spent');
        return [];
      }
      taken += out.length;
      outstanding += out.length;
      outstandingRereads += out.filter((r) => r.reread).length;
      return out;
    },

    accept(request, page) {
      outstanding = Math.max(0, outstanding - 1);
      if (request.reread) outstandingRereads = Math.max(0, outstandingRereads - 1);
      const added: AcceptedPage['added'] = [];
      let skipped = 0;
      let repeated = 0;
      let exceeded = false;
      for (const task of page.tasks) {
        const key = listedTaskKey(task);
        if (key === null) {
          skipped++;
        } else if (seen.has(key)) {
          repeated++;
        } else if (seen.size >= maxTasks) {
          exceeded = true;
        } else {
          seen.add(key);
          added.push({ key, task });
        }
      }
      if (exceeded) finish('max tasks exceeded');
      if (isDone()) return { added, skipped };

      const short = page.tasks.length < limit;

      if (phase === 'first') {
        served = Math.max(served, page.tasks.length);
        readTotal(page.total, page.tasks.length);
        if (short) finish('short page');
        else phase = 'probe';
        return { added, skipped };
      }

      const wasProbe = phase === 'probe';
      if (wasProbe) {
        style = detectIndexStyle(repeated, page.tasks.length - skipped);
        phase = 'pages';
        // Offset: tasks 1…n arrived, continue after them. Page number: pages 0 and 1 are in.
        nextPos = style === 'page' ? 2 * limit : 1 + page.tasks.length;
      }
      const start = startOf(request.index);
      const end = start === null ? null : start + page.tasks.length;
      if (end !== null && page.tasks.length > 0) served = Math.max(served, end);
      const previousTotal = readTotal(page.total, end);
      if (!wasProbe && start !== null && previousTotal !== null && total !== null && total < previousTotal) {
        // Deleted tasks before this page's position shifted the rest back by the shrink: read again
        // from that many items before this page's start.
        rereads.push({ index: indexAt(Math.max(0, start - (previousTotal - total))), reread: true });
        rereadsPlanned++;
      }

      const rereading = rereads.length > 0 || outstandingRereads > 0;
      if (short || style === null) {
        endReached = true;
        if (!rereading) finish('short page');
      } else if (added.length === 0 && !request.reread) {
        finish('no new tasks');
      }
      return { added, skipped };
    },
  };
}
