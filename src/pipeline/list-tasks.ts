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

export interface Listing {
  /** Kept tasks by lower-case task_id, in listing order. */
  tasks: Map<string, Record<string, unknown>>;
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
export async function listTasks(options: ListTasksOptions): Promise<Listing> {
  const { client } = options;
  const pageSize = options.pageSize ?? LIST_PAGE_SIZE;
  const keep = options.keep ?? (() => true);
  const pager = createPager({
    limit: pageSize,
    maxTasks: options.maxTasks ?? DEFAULT_MAX_TASKS,
    ...(options.maxRequests === undefined ? {} : { maxRequests: options.maxRequests }),
  });
  const tasks = new Map<string, Record<string, unknown>>();
  // Aborted when the listing ends, so that queued (unsent) pages leave the rate gate at once.
  const done = new AbortController();
  const control: FetchControl = {
    stop: options.stop ? AbortSignal.any([options.stop, done.signal]) : done.signal,
    ...(options.cancel ? { cancel: options.cancel } : {}),
  };
  // Every page in flight listens on these signals, legitimately more than Node's default of 10.
  setMaxListeners(0, ...[control.stop, control.cancel].filter((s): s is AbortSignal => s !== undefined));
  const inflight: Array<{ request: PageRequest; settled: Promise<Settled> }> = [];
  let end: ListingEnd | null = null;
  let error: string | undefined;
  let failedIndex: number | undefined;
  let skipped = 0;
  let answered = 0;
  let askedToContinue = false;
  let oversizedPages = 0;

  const send = (request: PageRequest): void => {
    const settled = client.fetchTaskPage(request.index, pageSize, control).then(
      (page): Settled => {
        answered++;
        return { ok: true, page };
      },
      (reason: unknown): Settled => ({ ok: false, error: reason }),
    );
    inflight.push({ request, settled });
  };

  try {
    for (;;) {
      // Before the style is known the pager hands out one request at a time, then up to `concurrency`.
      for (const request of pager.take(
        Math.max(1, typeof options.concurrency === 'number' ? options.concurrency : options.concurrency()) -
          inflight.length,
      ))
        send(request);
      if (pager.done) break;
      const head = inflight.shift();
      if (head === undefined) break;
      const settled = await head.settled;
      if (!settled.ok) {
        if (settled.error instanceof StopRunError) throw settled.error;
        if (settled.error instanceof QuotaError) {
          end = 'quota exceeded';
          break;
        }
        if (options.stop?.aborted) {
          end = 'interrupted';
          break;
        }
        throw settled.error;
      }
      if (!settled.page.ok) {
        // The very first page answering 404: the endpoint does not serve the task list at all.
        if (settled.page.notFound && answered === 1 && pager.listed === 0) {
          throw new EndpointError(describeWrongEndpoint('the task list answered HTTP 404'));
        }
        end = 'failed';
        error = settled.page.error;
        failedIndex = head.request.index;
        break;
      }
      const page: ListPage = settled.page.value;
      if (page.received > pageSize) {
        oversizedPages++;
        if (oversizedPages === 1)
          options.onOversizedPage?.({ index: head.request.index, received: page.received, limit: pageSize });
      }
      const accepted = pager.accept(head.request, page);
      skipped += accepted.skipped;
      for (const { key, task } of accepted.added) if (keep(key)) tasks.set(key, task);
      options.onPage?.({
        index: head.request.index,
        received: page.tasks.length,
        listed: pager.listed,
        total: pager.total,
      });
      if (!askedToContinue && !pager.done && options.continueAfterFirstPage) {
        askedToContinue = true;
        const more = options.continueAfterFirstPage({
          total: pager.total,
          kept: tasks.size,
          tasks: page.tasks,
        });
        if (more === false) {
          end = 'not worth it';
          break;
        }
        if (more !== true) pager.capRequests(more.maxRequests);
      }
      if (options.stop?.aborted && !pager.done) {
        end = 'interrupted';
        break;
      }
    }
  } finally {
    done.abort(new Error('listing ended'));
    // Pages already on the wire finish (their answers are not needed); queued ones have just left.
    await Promise.all(inflight.map((f) => f.settled));
  }

  const finalEnd: ListingEnd = end ?? pager.stopReason ?? 'short page';
  return {
    tasks,
    listed: pager.listed,
    total: pager.total,
    totalContradicted: pager.totalContradicted,
    served: pager.served,
    requests: answered,
    style: pager.style,
    end: finalEnd,
    complete: end === null && pager.stopReason === 'short page',
    oversizedPages,
    ...(error !== undefined ? { error, failedIndex } : {}),
    skipped,
  };
}
