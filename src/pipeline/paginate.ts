/**
 * Paging through `GET /tasks?index=&limit=` when the docs disagree on what `index` means
 * (nclue-api.md §2, "Pagination ambiguity": an item offset or a page number). Pure: the pager says which
 * `index` to ask for next and digests each page; sending is the caller's job (list-tasks.ts).
 *
 * 1. index=0. A short page (fewer than `limit` tasks) or as many tasks as `total` ends the listing.
 * 2. Probe index=1. An offset server answers tasks 1…100, which mostly repeat page 0; a page-number
 *    server answers tasks 100…199, which page 0 does not have. More than half repeated → offset.
 * 3. The rest, several pages in flight at once, each at the next position in the detected style.
 *
 * Stops on a short page, when the de-duplicated count reaches the latest `total`, on a page that adds
 * nothing new (a server that ignores `index` would otherwise loop forever), or when the request budget
 * derived from the largest `total` seen is spent. When `total` shrinks between pages, tasks deleted
 * before the current position shift the rest towards the start, so the tasks that slid over the page
 * boundary are read again with one extra request (duplicates are dropped by `task_id`).
 */

export type IndexStyle = 'offset' | 'page';

export type StopReason = 'short page' | 'reached total' | 'no new tasks' | 'request budget spent';

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
  /** The latest `total` the API reported (null when it never did). */
  readonly total: number | null;
  /** Requests taken so far. */
  readonly requests: number;
}

/** Hard ceiling on list requests whatever `total` says: 10 million tasks at 100 per page. */
export const MAX_LIST_REQUESTS = 100_000;

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

export interface PagerOptions {
  /** The `limit` sent with every request (1–100). */
  limit: number;
  /** Ceiling on requests, default MAX_LIST_REQUESTS. */
  maxRequests?: number;
}

export function createPager(options: PagerOptions): Pager {
  const { limit } = options;
  if (!Number.isInteger(limit) || limit < 1)
    throw new TypeError(`limit must be a positive integer, got ${limit}`);
  const ceiling = options.maxRequests ?? MAX_LIST_REQUESTS;
  const seen = new Set<string>();
  let phase: 'first' | 'probe' | 'pages' = 'first';
  let style: IndexStyle | null = null;
  let total: number | null = null;
  let maxTotal = 0;
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

  /** Requests a listing of `maxTotal` tasks may take: the worst case, the probe, one spare, and re-reads. */
  const budget = (): number => {
    if (total === null) return ceiling;
    const pages = Math.ceil(maxTotal / limit);
    return Math.min(ceiling, pages + 2 + rereadsPlanned);
  };

  const indexAt = (pos: number): number => (style === 'page' ? Math.floor(pos / limit) : pos);

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
      // With a known total, pages up to it go out together; past it (or without a total) one at a time.
      const withinTotal = total !== null && nextPos < maxTotal;
      if (!withinTotal && !idle) break;
      out.push({ index: indexAt(nextPos), reread: false });
      nextPos += limit;
    }
    return out;
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
    get requests() {
      return taken;
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
      for (const task of page.tasks) {
        const key = listedTaskKey(task);
        if (key === null) {
          skipped++;
        } else if (seen.has(key)) {
          repeated++;
        } else {
          seen.add(key);
          added.push({ key, task });
        }
      }
      if (isDone()) return { added, skipped };

      const previousTotal = total;
      if (page.total !== null) {
        total = page.total;
        maxTotal = Math.max(maxTotal, page.total);
      }
      const short = page.tasks.length < limit;

      if (phase === 'first') {
        if (short) finish('short page');
        else if (total !== null && seen.size >= total) finish('reached total');
        else phase = 'probe';
        return { added, skipped };
      }

      if (phase === 'probe') {
        style = detectIndexStyle(repeated, page.tasks.length - skipped);
        phase = 'pages';
        // Offset: tasks 1…n arrived, continue after them. Page number: pages 0 and 1 are in.
        nextPos = style === 'page' ? 2 * limit : 1 + page.tasks.length;
      } else if (previousTotal !== null && total !== null && total < previousTotal && style !== null) {
        // Deleted tasks before this page's position shifted the rest back by the shrink: read again
        // from that many items before this page's start.
        const start = style === 'page' ? request.index * limit : request.index;
        rereads.push({ index: indexAt(Math.max(0, start - (previousTotal - total))), reread: true });
        rereadsPlanned++;
      }

      // After a shrink the count includes deleted tasks, so it reaches `total` before the tasks that slid
      // back are read: only trust it once the re-reads are in.
      const rereading = rereads.length > 0 || outstandingRereads > 0;
      if (total !== null && seen.size >= total && !rereading) {
        finish('reached total');
      } else if (short || style === null) {
        endReached = true;
        if (!rereading) finish('short page');
      } else if (added.length === 0 && !request.reread) {
        finish('no new tasks');
      }
      return { added, skipped };
    },
  };
}
