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
  return new ListPager(limit, maxTasks, options.maxRequests ?? computeListRequestBudget(maxTasks, limit));
}

interface SortedTasks extends AcceptedPage {
  /** Tasks already seen on an earlier page. */
  repeated: number;
  /** A new task did not fit under `maxTasks` (and was left out). */
  exceeded: boolean;
}

/** Sorts a page's tasks into new (recorded in `seen`), repeated and keyless ones, up to `maxTasks` in all. */
function recordPageTasks(tasks: PageContent['tasks'], seen: Set<string>, maxTasks: number): SortedTasks {
  const added: AcceptedPage['added'] = [];
  let skipped = 0;
  let repeated = 0;
  let exceeded = false;
  for (const task of tasks) {
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
  return { added, skipped, repeated, exceeded };
}

class ListPager implements Pager {
  private readonly seen = new Set<string>();
  private phase: 'first' | 'probe' | 'pages' = 'first';
  private indexStyle: IndexStyle | null = null;
  /** The latest trusted `total`, and the largest one (how far pages may go out together). */
  private latestTotal: number | null = null;
  private maxTotal = 0;
  private contradicted = false;
  private servedEnd = 0;
  /** Item position of the next page to plan. */
  private nextPos = 0;
  private taken = 0;
  private outstanding = 0;
  private outstandingRereads = 0;
  private rereadsPlanned = 0;
  private readonly rereads: PageRequest[] = [];
  /** A short page was seen: plan no further pages, but still read what slid back after a shrink. */
  private endReached = false;
  private reason: StopReason | null = null;

  constructor(
    private readonly limit: number,
    private readonly maxTasks: number,
    private ceiling: number,
  ) {}

  get done(): boolean {
    return this.reason !== null;
  }
  get stopReason(): StopReason | null {
    return this.reason;
  }
  get style(): IndexStyle | null {
    return this.indexStyle;
  }
  get listed(): number {
    return this.seen.size;
  }
  get total(): number | null {
    return this.latestTotal;
  }
  get totalContradicted(): boolean {
    return this.contradicted;
  }
  get served(): number {
    return this.servedEnd;
  }
  get requests(): number {
    return this.taken;
  }
  capRequests(max: number): void {
    this.ceiling = Math.min(this.ceiling, max);
  }

  take(room: number): PageRequest[] {
    if (this.done || room < 1) return [];
    let out: PageRequest[] = [];
    if (this.phase === 'first' || this.phase === 'probe') {
      // Index meaning unknown: one request at a time.
      if (this.outstanding === 0) out = [{ index: this.phase === 'first' ? 0 : 1, reread: false }];
    } else {
      out = this.planNext(room);
    }
    if (out.length === 0 && this.outstanding === 0) {
      // Nothing in flight and nothing allowed: the budget is spent (or re-reads ran out after the end).
      this.finish(this.endReached ? 'short page' : 'request budget spent');
      return [];
    }
    this.taken += out.length;
    this.outstanding += out.length;
    this.outstandingRereads += out.filter((r) => r.reread).length;
    return out;
  }

  accept(request: PageRequest, page: PageContent): AcceptedPage {
    this.outstanding = Math.max(0, this.outstanding - 1);
    if (request.reread) this.outstandingRereads = Math.max(0, this.outstandingRereads - 1);
    const { added, skipped, repeated, exceeded } = recordPageTasks(page.tasks, this.seen, this.maxTasks);
    if (exceeded) this.finish('max tasks exceeded');
    if (this.done) return { added, skipped };

    const short = page.tasks.length < this.limit;

    if (this.phase === 'first') {
      this.servedEnd = Math.max(this.servedEnd, page.tasks.length);
      this.readTotal(page.total, page.tasks.length);
      if (short) this.finish('short page');
      else this.phase = 'probe';
      return { added, skipped };
    }

    const wasProbe = this.phase === 'probe';
    if (wasProbe) {
      this.indexStyle = detectIndexStyle(repeated, page.tasks.length - skipped);
      this.phase = 'pages';
      // Offset: tasks 1…n arrived, continue after them. Page number: pages 0 and 1 are in.
      this.nextPos = this.indexStyle === 'page' ? 2 * this.limit : 1 + page.tasks.length;
    }
    this.trackPosition(request, page, wasProbe);

    const rereading = this.rereads.length > 0 || this.outstandingRereads > 0;
    if (short || this.indexStyle === null) {
      this.endReached = true;
      if (!rereading) this.finish('short page');
    } else if (added.length === 0 && !request.reread) {
      this.finish('no new tasks');
    }
    return { added, skipped };
  }

  private finish(reason: StopReason): void {
    this.reason ??= reason;
    this.rereads.length = 0;
  }

  private budget(): number {
    return this.ceiling + this.rereadsPlanned;
  }

  private indexAt(pos: number): number {
    return this.indexStyle === 'page' ? Math.floor(pos / this.limit) : pos;
  }

  /** Where a page starts, in items; null while the style is unknown (only page 0 and the probe then). */
  private startOf(index: number): number | null {
    if (index === 0) return 0;
    if (this.indexStyle === null) return null;
    return this.indexStyle === 'page' ? index * this.limit : index;
  }

  private planNext(room: number): PageRequest[] {
    const out: PageRequest[] = [];
    while (out.length < room) {
      if (this.taken + out.length >= this.budget()) break;
      const reread = this.rereads.shift();
      if (reread) {
        out.push(reread);
        continue;
      }
      if (this.endReached) break;
      const idle = this.outstanding === 0 && out.length === 0;
      // Up to the hinted total, pages go out together; past it (or without one) one at a time.
      const withinTotal = this.latestTotal !== null && this.nextPos < this.maxTotal;
      if (!withinTotal && !idle) break;
      out.push({ index: this.indexAt(this.nextPos), reread: false });
      this.nextPos += this.limit;
    }
    return out;
  }

  /**
   * Records how far the server has shown and the page's `total`; when `total` shrank since the last
   * page, plans a re-read of the tasks that slid back over this page's start.
   */
  private trackPosition(request: PageRequest, page: PageContent, wasProbe: boolean): void {
    const start = this.startOf(request.index);
    const end = start === null ? null : start + page.tasks.length;
    if (end !== null && page.tasks.length > 0) this.servedEnd = Math.max(this.servedEnd, end);
    const previousTotal = this.readTotal(page.total, end);
    const total = this.latestTotal;
    if (!wasProbe && start !== null && previousTotal !== null && total !== null && total < previousTotal) {
      // Deleted tasks before this page's position shifted the rest back by the shrink: read again
      // from that many items before this page's start.
      this.rereads.push({ index: this.indexAt(Math.max(0, start - (previousTotal - total))), reread: true });
      this.rereadsPlanned++;
    }
  }

  /** Takes in the page's `total` unless the page itself contradicts it; returns the previous hint. */
  private readTotal(pageTotal: number | null, pageEnd: number | null): number | null {
    const previous = this.latestTotal;
    if (pageTotal === null || this.contradicted) return previous;
    if (pageEnd !== null && pageTotal < pageEnd) {
      // This page reaches past the total it came with: `total` is not the account's size.
      this.contradicted = true;
      this.latestTotal = null;
      this.maxTotal = 0;
      return previous;
    }
    this.latestTotal = pageTotal;
    this.maxTotal = Math.max(this.maxTotal, pageTotal);
    return previous;
  }
}
