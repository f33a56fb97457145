import { setMaxListeners } from 'node:events';
import { EndpointError, StopRunError } from '../errors.js';
import { describeWrongEndpoint } from './fetch-tasks.js';
import type { FetchControl, ListPage, NclueClient } from '../client/nclue-client.js';
import { LIST_PAGE_SIZE } from './choose-strategy.js';
import { createPager, type IndexStyle, type PageRequest, type StopReason } from './paginate.js';

export interface ListTasksOptions {
  client: NclueClient;
  /** List requests in flight at most once the index style is known (the rate gate does the pacing). */
  /** Requests in flight at most: a number, or a limit read again before each send. */
  concurrency: number | (() => number);
  stop?: AbortSignal;
  cancel?: AbortSignal;
  /** `limit` of every request; default 100, the API's largest. */
  pageSize?: number;
  /** Which listed tasks to keep (by lower-case task_id); default all. Others are only counted. */
  keep?: (key: string) => boolean;
  /**
   * Called once after the first page when more pages are needed; false ends the listing there
   * (the `auto` strategy's check that listing pays off).
   */
  continueAfterFirstPage?: (first: { total: number | null; kept: number }) => boolean;
  onPage?: (event: ListPageEvent) => void;
}

export interface ListPageEvent {
  index: number;
  /** Tasks on this page. */
  received: number;
  /** Unique tasks listed so far. */
  listed: number;
  total: number | null;
}

export type ListingEnd = StopReason | 'not worth it' | 'failed' | 'interrupted';

export interface Listing {
  /** Kept tasks by lower-case task_id, in listing order. */
  tasks: Map<string, Record<string, unknown>>;
  /** Unique tasks seen (kept or not). */
  listed: number;
  /** The latest `total` the API reported. */
  total: number | null;
  /** List pages answered, failed ones included (retries not counted: see the client's stats). */
  requests: number;
  style: IndexStyle | null;
  end: ListingEnd;
  /** The listing ended normally and returned at least `total` unique tasks. */
  complete: boolean;
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
 * client's retries ends the listing with end = 'failed' (the caller decides what that means);
 * `stop` ends it with end = 'interrupted'.
 */
export async function listTasks(options: ListTasksOptions): Promise<Listing> {
  const { client } = options;
  const pageSize = options.pageSize ?? LIST_PAGE_SIZE;
  const keep = options.keep ?? (() => true);
  const pager = createPager({ limit: pageSize });
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
        if (!options.continueAfterFirstPage({ total: pager.total, kept: tasks.size })) {
          end = 'not worth it';
          break;
        }
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
  const reachedTotal = pager.total === null || pager.listed >= pager.total;
  return {
    tasks,
    listed: pager.listed,
    total: pager.total,
    requests: answered,
    style: pager.style,
    end: finalEnd,
    complete:
      end === null && reachedTotal && finalEnd !== 'request budget spent' && finalEnd !== 'no new tasks',
    ...(error !== undefined ? { error, failedIndex } : {}),
    skipped,
  };
}
