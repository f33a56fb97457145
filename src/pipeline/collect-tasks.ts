import type { Strategy } from '../cli/options.js';
import { isValidTaskId, taskIdKey, type TaskIdEntry } from '../input/parse-task-ids.js';
import { LIST_PAGE_SIZE, shouldListRest, shouldSendFirstPage } from './choose-strategy.js';
import { fetchTasks, type FetchTasksOptions, type TaskOutcome } from './fetch-tasks.js';
import { listTasks, type ListPageEvent, type Listing } from './list-tasks.js';
import { ListingError } from './listing-error.js';

export interface CollectOptions extends FetchTasksOptions {
  strategy: Strategy;
  /** What the collector decided and how listing went, for logs and progress. */
  onEvent?: (event: CollectEvent) => void;
  /** `limit` of list requests; default 100, the API's largest. */
  pageSize?: number;
}

/** How the requested IDs are going to be fetched. */
export type CollectRoute = 'get' | 'list' | 'first-page';

export type CollectEvent =
  /** `ids`: requested IDs still to fetch; `total`: the account's task count once the first page told. */
  | { type: 'route'; route: CollectRoute; ids: number; total?: number | null }
  | ({ type: 'list-page' } & ListPageEvent)
  | { type: 'listing-end'; listing: Omit<Listing, 'tasks'>; matched: number; toGet: number };

export interface Collected {
  /** The entries reported, in report order (for --all: as the listing returned them). */
  entries: TaskIdEntry[];
  outcomes: TaskOutcome[];
  /** How listing went, when the account was listed. */
  listing?: Omit<Listing, 'tasks'>;
}

/** The source name of entries made from the listing (`--all`), for messages. */
export const LISTING_SOURCE = 'listing';

/**
 * Gets every requested task by the cheapest route the strategy allows.
 *
 * - `'all'`: lists the account; rows in listing order, one per task_id (case-insensitive). A page that
 *   still fails after retries throws ListingError (no report: it would silently lack tasks); after
 *   `stop` the tasks listed so far are returned with `listing.end === 'interrupted'`.
 * - IDs with `get`: one GET per ID. With `list`: lists the account, then GETs each requested ID the
 *   listing did not return. With `auto`: like `list` when listing costs fewer requests than one GET per
 *   ID (choose-strategy.ts), else like `get`. A failed list page falls back to GETs. Either way the
 *   outcomes are one per entry in input order, with the same contract as fetchTasks.
 */
export async function collectTasks(
  entries: TaskIdEntry[] | 'all',
  options: CollectOptions,
): Promise<Collected> {
  if (entries === 'all') return collectAll(options);
  const emit = options.onEvent ?? (() => undefined);
  const wanted = new Set<string>();
  for (const entry of entries) {
    const key = taskIdKey(entry.id);
    if (entry.valid && !options.known?.has(key)) wanted.add(key);
  }
  if (!shouldSendFirstPage(options.strategy, wanted.size)) {
    emit({ type: 'route', route: 'get', ids: wanted.size });
    return { entries, outcomes: await fetchTasks(entries, options) };
  }

  const auto = options.strategy === 'auto';
  emit({ type: 'route', route: auto ? 'first-page' : 'list', ids: wanted.size });
  const { tasks, ...listing } = await listTasks({
    client: options.client,
    concurrency: options.concurrency,
    ...(options.stop ? { stop: options.stop } : {}),
    ...(options.cancel ? { cancel: options.cancel } : {}),
    pageSize: options.pageSize ?? LIST_PAGE_SIZE,
    keep: (key) => wanted.has(key),
    ...(auto
      ? {
          continueAfterFirstPage: ({ total, kept }: { total: number | null; kept: number }) => {
            const more = shouldListRest({
              total,
              idsStillMissing: wanted.size - kept,
              pageSize: options.pageSize,
            });
            emit({ type: 'route', route: more ? 'list' : 'get', ids: wanted.size - kept, total });
            return more;
          },
        }
      : {}),
    onPage: (page) => emit({ type: 'list-page', ...page }),
  });

  // Requested tasks the listing returned are done; every other entry takes the GET route, so the
  // report never depends on the listing being complete.
  const outcomes = new Array<TaskOutcome>(entries.length);
  const rest: TaskIdEntry[] = [];
  const restAt: number[] = [];
  const listed: Array<[TaskIdEntry, TaskOutcome]> = [];
  entries.forEach((entry, i) => {
    const task = entry.valid ? tasks.get(taskIdKey(entry.id)) : undefined;
    if (task) {
      outcomes[i] = { kind: 'fetched', task };
      listed.push([entry, outcomes[i]]);
    } else {
      rest.push(entry);
      restAt.push(i);
    }
  });
  emit({
    type: 'listing-end',
    listing,
    matched: listed.length,
    toGet: rest.filter((e) => wanted.has(taskIdKey(e.id))).length,
  });
  // Reported while the GETs run, so a slow checkpoint never holds the rate gate's next slot.
  const reporting = (async () => {
    for (const [entry, outcome] of listed) await options.onOutcome?.(entry, outcome, 'list');
  })();
  const [restOutcomes] = await Promise.all([fetchTasks(rest, options), reporting]);
  restOutcomes.forEach((outcome, j) => {
    outcomes[restAt[j] ?? 0] = outcome;
  });
  return { entries, outcomes, listing };
}

async function collectAll(options: CollectOptions): Promise<Collected> {
  const emit = options.onEvent ?? (() => undefined);
  emit({ type: 'route', route: 'list', ids: 0 });
  const { tasks, ...listing } = await listTasks({
    client: options.client,
    concurrency: options.concurrency,
    ...(options.stop ? { stop: options.stop } : {}),
    ...(options.cancel ? { cancel: options.cancel } : {}),
    pageSize: options.pageSize ?? LIST_PAGE_SIZE,
    onPage: (page) => emit({ type: 'list-page', ...page }),
  });
  if (listing.end === 'failed') {
    const howFar = `${listing.listed} task${listing.listed === 1 ? '' : 's'} listed${listing.total === null ? '' : ` of ${listing.total}`}`;
    throw new ListingError(
      `listing the account failed at GET /tasks?index=${listing.failedIndex ?? '?'} (${listing.error ?? 'unknown error'}); ${howFar} — no report written; rerun later, or report known IDs with --ids`,
      listing.listed,
      listing.total,
    );
  }
  emit({ type: 'listing-end', listing, matched: tasks.size, toGet: 0 });
  const entries: TaskIdEntry[] = [];
  const outcomes: TaskOutcome[] = [];
  for (const task of tasks.values()) {
    const id = String(task.task_id);
    entries.push({ id, source: LISTING_SOURCE, line: entries.length + 1, valid: isValidTaskId(id) });
    outcomes.push({ kind: 'fetched', task });
  }
  return { entries, outcomes, listing };
}
