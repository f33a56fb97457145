import { setMaxListeners } from 'node:events';
import { EndpointError, QuotaError, StopRunError } from '../core/errors.js';
import { describeWrongEndpoint } from './fetch-tasks.js';
import type { FetchControl, ListPage, NclueClient } from '../client/nclue-client.js';
import { LIST_PAGE_SIZE } from './choose-strategy.js';
import {
  createPager,
  DEFAULT_MAX_TASKS,
  type IndexStyle,
  type PageRequest,
  type Pager,
  type StopReason,
} from './paginate.js';

export interface ListTasksOptions {
  client: NclueClient;
  /**
   * List requests in flight at most once the index style is known (the rate gate does the pacing): a
   * number, or a limit read again before each send.
   */
  concurrency: number | (() => number);
  stop?: AbortSignal;
  cancel?: AbortSignal;
  /** `limit` of every request; default 100, the API's largest. */
  pageSize?: number;
  /** Which listed tasks to keep (by lower-case task_id); default all. Others are only counted. */
  keep?: (key: string) => boolean;
  /** Distinct tasks listed at most (`--max-tasks`); past it the listing ends with 'max tasks exceeded'. */
  maxTasks?: number;
  /**
   * List requests at most, the first page included (the `auto` strategy's bet); by default the budget
   * derived from `maxTasks`.
   */
  maxRequests?: number;
  /**
   * Called once, for the first page holding more than `limit` items: a protocol error, of which only
   * the first `limit` items were kept (the client cuts every such page).
   */
  onOversizedPage?: (event: { index: number; received: number; limit: number }) => void;
  /**
   * Called once after the first page when more pages are needed; false ends the listing there
   * (the `auto` strategy's check that listing pays off), `{ maxRequests }` goes on with at most that
   * many list requests in all.
   */
  continueAfterFirstPage?: (first: FirstPage) => boolean | { maxRequests: number };
  onPage?: (event: ListPageEvent) => void;
}

export interface FirstPage {
  /** The hinted account size (null when absent or contradicted). */
  total: number | null;
  /** Tasks kept so far. */
  kept: number;
  /** The tasks of the first page, kept or not. */
  tasks: ReadonlyArray<Record<string, unknown>>;
}

export interface ListPageEvent {
  index: number;
  /** Tasks on this page (at most `limit`: the first ones of a page that held more). */
  received: number;
  /** Unique tasks listed so far. */
  listed: number;
  /** The account's size as the API hinted it; null when it did not, or once the pages contradicted it. */
  total: number | null;
}

export type ListingEnd = StopReason | 'not worth it' | 'failed' | 'interrupted' | 'quota exceeded';

/**
 * What a listing has made of the tasks it kept (listTasks' `convert`): by default the tasks
 * themselves.
 */
export interface Listing<T = Record<string, unknown>> {
  /** Kept tasks by lower-case task_id, in listing order. */
  tasks: Map<string, T>;
  /** Unique tasks seen (kept or not). */
  listed: number;
  /** The latest `total` the API reported, unless a page contradicted it (then null). */
  total: number | null;
  /** Whether a page reached past its `total`, which was then ignored. */
  totalContradicted: boolean;
  /** Positions the server has shown (paginate.ts): more than `listed` when an ID was listed twice. */
  served: number;
  /** List pages answered, failed ones included (retries not counted: see the client's stats). */
  requests: number;
  style: IndexStyle | null;
  end: ListingEnd;
  /** The listing ended on a short or empty page: it saw the end of the account. */
  complete: boolean;
  /** Pages that held more than `limit` items (only the first `limit` of each were kept). */
  oversizedPages: number;
  /** Why a page failed after the client's retries (end = 'failed'). */
  error?: string;
  /** `index` of the page that failed. */
  failedIndex?: number;
  /** Listed tasks without a usable task_id (skipped). */
  skipped: number;
}

type Settled =
  { ok: true; page: Awaited<ReturnType<NclueClient['fetchTaskPage']>> } | { ok: false; error: unknown };

/**
 * Lists the account through `GET /tasks` (see paginate.ts for how the index style is detected and when
 * paging stops). Pages go through the client, so through the same rate gate and retries as GETs.
 * A rejected credential stops everything and rethrows the AuthError; a page that still fails after the
 * client's retries ends the listing with end = 'failed' (the caller decides what that means); a spent
 * quota ends it with end = 'quota exceeded'; `stop` ends it with end = 'interrupted'.
 */
export function listTasks(options: ListTasksOptions): Promise<Listing>;
/**
 * @param convert makes each kept task what the listing holds, as its page is taken in, so a caller
 *   that needs less than the whole task (or something made of it) never holds every task at once.
 */
export function listTasks<T>(
  options: ListTasksOptions,
  convert: (task: Record<string, unknown>) => T,
): Promise<Listing<T>>;
export function listTasks<T>(
  options: ListTasksOptions,
  convert?: (task: Record<string, unknown>) => T,
): Promise<Listing<T | Record<string, unknown>>> {
  return new TaskListing<T | Record<string, unknown>>(options, convert ?? ((task) => task)).run();
}

interface InflightPage {
  request: PageRequest;
  settled: Promise<Settled>;
}

/** One listing under way: the pager, the pages in flight, the tasks kept, and how it ended. */
class TaskListing<T> {
  private readonly pageSize: number;
  private readonly keep: (key: string) => boolean;
  private readonly pager: Pager;
  private readonly tasks = new Map<string, T>();
  /** Aborted when the listing ends, so that queued (unsent) pages leave the rate gate at once. */
  private readonly done = new AbortController();
  private readonly control: FetchControl;
  private readonly inflight: InflightPage[] = [];
  private end: ListingEnd | null = null;
  private error: string | undefined;
  private failedIndex: number | undefined;
  private skipped = 0;
  private answered = 0;
  private askedToContinue = false;
  private oversizedPages = 0;

  constructor(
    private readonly options: ListTasksOptions,
    private readonly convert: (task: Record<string, unknown>) => T,
  ) {
    this.pageSize = options.pageSize ?? LIST_PAGE_SIZE;
    this.keep = options.keep ?? (() => true);
    this.pager = createPager({
      limit: this.pageSize,
      maxTasks: options.maxTasks ?? DEFAULT_MAX_TASKS,
      ...(options.maxRequests === undefined ? {} : { maxRequests: options.maxRequests }),
    });
    this.control = {
      stop: options.stop ? AbortSignal.any([options.stop, this.done.signal]) : this.done.signal,
      ...(options.cancel ? { cancel: options.cancel } : {}),
    };
    // Every page in flight listens on these signals, legitimately more than Node's default of 10.
    const signals = [this.control.stop, this.control.cancel];
    setMaxListeners(0, ...signals.filter((s): s is AbortSignal => s !== undefined));
  }

  async run(): Promise<Listing<T>> {
    try {
      for (;;) {
        this.sendWhatFits();
        if (this.pager.done) break;
        const head = this.inflight.shift();
        if (head === undefined) break;
        this.end = this.digest(head.request, await head.settled);
        if (this.end !== null) break;
      }
    } finally {
      this.done.abort(new Error('listing ended'));
      // Pages already on the wire finish (their answers are not needed); queued ones have just left.
      await Promise.all(this.inflight.map((f) => f.settled));
    }
    return this.result();
  }

  /** Before the style is known the pager hands out one request at a time, then up to `concurrency`. */
  private sendWhatFits(): void {
    const { concurrency } = this.options;
    const room =
      Math.max(1, typeof concurrency === 'number' ? concurrency : concurrency()) - this.inflight.length;
    for (const request of this.pager.take(room)) this.send(request);
  }

  private send(request: PageRequest): void {
    const settled = this.options.client.fetchTaskPage(request.index, this.pageSize, this.control).then(
      (page): Settled => {
        this.answered++;
        return { ok: true, page };
      },
      (reason: unknown): Settled => ({ ok: false, error: reason }),
    );
    this.inflight.push({ request, settled });
  }

  /** Takes in the answer to the oldest request; returns how the listing ends, or null to go on. */
  private digest(request: PageRequest, settled: Settled): ListingEnd | null {
    if (!settled.ok) return endOnRejectedPage(settled.error, this.options.stop);
    if (!settled.page.ok) {
      // The very first page answering 404: the endpoint does not serve the task list at all.
      if (settled.page.notFound && this.answered === 1 && this.pager.listed === 0) {
        throw new EndpointError(describeWrongEndpoint('the task list answered HTTP 404'));
      }
      this.error = settled.page.error;
      this.failedIndex = request.index;
      return 'failed';
    }
    const page: ListPage = settled.page.value;
    this.keepTasks(request, page);
    if (!this.askedToContinue && !this.pager.done && this.options.continueAfterFirstPage) {
      this.askedToContinue = true;
      const more = this.options.continueAfterFirstPage({
        total: this.pager.total,
        kept: this.tasks.size,
        tasks: page.tasks,
      });
      if (more === false) return 'not worth it';
      if (more !== true) this.pager.capRequests(more.maxRequests);
    }
    if (this.options.stop?.aborted && !this.pager.done) return 'interrupted';
    return null;
  }

  /** Hands the page to the pager, keeps the new tasks asked for, and reports the page. */
  private keepTasks(request: PageRequest, page: ListPage): void {
    if (page.received > this.pageSize) {
      this.oversizedPages++;
      if (this.oversizedPages === 1)
        this.options.onOversizedPage?.({
          index: request.index,
          received: page.received,
          limit: this.pageSize,
        });
    }
    const accepted = this.pager.accept(request, page);
    this.skipped += accepted.skipped;
    for (const { key, task } of accepted.added) if (this.keep(key)) this.tasks.set(key, this.convert(task));
    this.options.onPage?.({
      index: request.index,
      received: page.tasks.length,
      listed: this.pager.listed,
      total: this.pager.total,
    });
  }

  private result(): Listing<T> {
    const { pager, end, error } = this;
    return {
      tasks: this.tasks,
      listed: pager.listed,
      total: pager.total,
      totalContradicted: pager.totalContradicted,
      served: pager.served,
      requests: this.answered,
      style: pager.style,
      end: end ?? pager.stopReason ?? 'short page',
      complete: end === null && pager.stopReason === 'short page',
      oversizedPages: this.oversizedPages,
      ...(error !== undefined ? { error, failedIndex: this.failedIndex } : {}),
      skipped: this.skipped,
    };
  }
}

/**
 * A page the client could not get an answer for: a spent quota or an interruption ends the listing;
 * anything else (a rejected credential stops the whole run) is thrown on.
 */
function endOnRejectedPage(error: unknown, stop: AbortSignal | undefined): ListingEnd {
  if (error instanceof StopRunError) throw error;
  if (error instanceof QuotaError) return 'quota exceeded';
  if (stop?.aborted) return 'interrupted';
  throw error;
}
