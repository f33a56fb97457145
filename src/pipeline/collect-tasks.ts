import type { Strategy } from '../core/formats.js';
import { isValidTaskId, taskIdKey, type TaskIdEntry } from '../input/parse-task-ids.js';
import {
  computeAutoListBudget,
  LIST_PAGE_SIZE,
  shouldListRest,
  shouldSendFirstPage,
} from './choose-strategy.js';
import { fetchTasks, type FetchTasksOptions, type TaskOutcome } from './fetch-tasks.js';
import {
  computeLackingShare,
  countAbsentFields,
  createLackingFields,
  type LackingFields,
} from './list-item-fields.js';
import { listTasks, type FirstPage, type ListPageEvent, type Listing } from './list-tasks.js';
import { ListingError } from './listing-error.js';
import { flattenTask } from '../report/flatten-task.js';
import { DEFAULT_MAX_TASKS } from './paginate.js';

export interface CollectOptions extends FetchTasksOptions {
  strategy: Strategy;
  /** What the collector decided and how listing went, for logs and progress. */
  onEvent?: (event: CollectEvent) => void;
  /** `limit` of list requests; default 100, the API's largest. */
  pageSize?: number;
  /** Distinct tasks a listing may hold (`--max-tasks`); past it the run stops with a ListingError. */
  maxTasks?: number;
}

/** How the requested IDs are going to be fetched. */
export type CollectRoute = 'get' | 'list' | 'first-page';

export type CollectEvent =
  /**
   * `ids`: requested IDs still to fetch (after --all's listing: listed tasks fetched one by one);
   * `total`: the account's task count once the first page told; `lackingShare`: the share of the
   * first page's tasks that lacked a field (list-item-fields.ts).
   */
  | { type: 'route'; route: CollectRoute; ids: number; total?: number | null; lackingShare?: number }
  | ({ type: 'list-page' } & ListPageEvent)
  /** The first page that held more than `limit` items (said once). */
  | { type: 'oversized-page'; index: number; received: number; limit: number }
  | {
      type: 'listing-end';
      listing: Omit<Listing, 'tasks'>;
      /** Requested tasks the listing returned whole. */
      matched: number;
      /** Requested IDs the listing did not return: one GET each. */
      toGet: number;
      /** Listed tasks lacking a field a row needs: one GET each. */
      lacking: LackingFields;
    };

export interface Collected {
  /** The entries reported, in report order (for --all: as the listing returned them). */
  entries: TaskIdEntry[];
  outcomes: TaskOutcome[];
  /** How listing went, when the account was listed. */
  listing?: Omit<Listing, 'tasks'>;
  /** Listed tasks that lacked a field and were fetched one by one (when the account was listed). */
  lacking?: LackingFields;
}

/** The source name of entries made from the listing (`--all`), for messages. */
export const LISTING_SOURCE = 'listing';

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/** The ListingError of a listing that went past `--max-tasks`: exit 1, whatever was asked. */
function createExceededError(listing: Omit<Listing, 'tasks'>, maxTasks: number): ListingError {
  return new ListingError(
    `listing exceeded --max-tasks ${maxTasks}: the server listed more than ${plural(maxTasks, 'distinct task')} in ${plural(listing.requests, 'request')} — no report written; if the account really holds more, raise --max-tasks`,
    listing.listed,
    listing.total,
  );
}

/** Why a listing that saw no short page stopped, in words. */
function describeStop(listing: Omit<Listing, 'tasks'>): string {
  switch (listing.end) {
    case 'no new tasks':
      return 'a full page brought no new task: the server seems to ignore index';
    case 'request budget spent':
      return `the request budget ran out after ${plural(listing.requests, 'request')}`;
    default:
      return listing.end;
  }
}

/**
 * Gets every requested task by the cheapest route the strategy allows.
 *
 * - `'all'`: lists the account; rows in listing order, one per task_id (case-insensitive). A listing
 *   that did not reach its end (a page still failing after retries, no short page, more than
 *   `maxTasks` tasks) throws ListingError: no report, since it would silently lack tasks; after `stop`
 *   or a spent quota the tasks listed so far are returned with `listing.end` saying why.
 * - IDs with `get`: one GET per ID. With `list`: lists the account, then GETs each requested ID the
 *   listing did not return. With `auto`: like `list` when listing costs fewer requests than one GET per
 *   ID (choose-strategy.ts), else like `get`. A failed or unfinished listing falls back to GETs; one
 *   past `maxTasks` throws ListingError. Either way the outcomes are one per entry in input order, with
 *   the same contract as fetchTasks.
 * - Either way, a listed task lacking a field a row needs (list-item-fields.ts) is fetched with its
 *   own GET, and counted in `lacking`.
 */
export async function collectTasks(
  entries: TaskIdEntry[] | 'all',
  options: CollectOptions,
): Promise<Collected> {
  if (entries === 'all') return collectAll(options);
  const emit = options.onEvent ?? (() => undefined);
  const maxTasks = options.maxTasks ?? DEFAULT_MAX_TASKS;
  const pageSize = options.pageSize ?? LIST_PAGE_SIZE;
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
    pageSize,
    maxTasks,
    keep: (key) => wanted.has(key),
    ...(auto
      ? {
          continueAfterFirstPage: ({ total, kept, tasks: firstPage }: FirstPage) => {
            const idsStillMissing = wanted.size - kept;
            const lackingShare = computeLackingShare(firstPage);
            const more = shouldListRest({ total, idsStillMissing, pageSize, lackingShare });
            emit({
              type: 'route',
              route: more ? 'list' : 'get',
              ids: idsStillMissing,
              total,
              ...(lackingShare > 0 ? { lackingShare } : {}),
            });
            return more ? { maxRequests: computeAutoListBudget(idsStillMissing) } : false;
          },
        }
      : {}),
    onPage: (page) => emit({ type: 'list-page', ...page }),
    onOversizedPage: (event) => emit({ type: 'oversized-page', ...event }),
  });
  if (listing.end === 'max tasks exceeded') throw createExceededError(listing, maxTasks);

  // Requested tasks the listing returned whole are done; every other entry takes the GET route, so
  // the report never depends on the listing being complete, nor on what a list item carries.
  const outcomes = new Array<TaskOutcome>(entries.length);
  const rest: TaskIdEntry[] = [];
  const restAt: number[] = [];
  const listed: Array<[TaskIdEntry, TaskOutcome]> = [];
  const lacking = createLackingFields();
  let notListed = 0;
  entries.forEach((entry, i) => {
    const key = taskIdKey(entry.id);
    const task = entry.valid ? tasks.get(key) : undefined;
    if (task && !countAbsentFields(lacking, task)) {
      outcomes[i] = { kind: 'fetched', task };
      listed.push([entry, outcomes[i]]);
    } else {
      if (!task && wanted.has(key)) notListed++;
      rest.push(entry);
      restAt.push(i);
    }
  });
  emit({ type: 'listing-end', listing, matched: listed.length, toGet: notListed, lacking });
  // Reported while the GETs run, so a slow checkpoint never holds the rate gate's next slot.
  const reporting = (async () => {
    for (const [entry, outcome] of listed) await options.onOutcome?.(entry, outcome, 'list');
  })();
  const [restOutcomes] = await Promise.all([fetchTasks(rest, options), reporting]);
  restOutcomes.forEach((outcome, j) => {
    outcomes[restAt[j] ?? 0] = outcome;
  });
  return { entries, outcomes, listing, lacking };
}

async function collectAll(options: CollectOptions): Promise<Collected> {
  const emit = options.onEvent ?? (() => undefined);
  const maxTasks = options.maxTasks ?? DEFAULT_MAX_TASKS;
  emit({ type: 'route', route: 'list', ids: 0 });
  const lacking = createLackingFields();
  const { tasks, ...listing } = await listTasks(
    {
      client: options.client,
      concurrency: options.concurrency,
      ...(options.stop ? { stop: options.stop } : {}),
      ...(options.cancel ? { cancel: options.cancel } : {}),
      pageSize: options.pageSize ?? LIST_PAGE_SIZE,
      maxTasks,
      onPage: (page) => emit({ type: 'list-page', ...page }),
      onOversizedPage: (event) => emit({ type: 'oversized-page', ...event }),
    },
    (task) => prepareListedTask(task, lacking),
  );
  const howFar = `${plural(listing.listed, 'task')} listed${listing.total === null ? '' : ` of ${listing.total}`}`;
  if (listing.end === 'failed') {
    throw new ListingError(
      `listing the account failed at GET /tasks?index=${listing.failedIndex ?? '?'} (${listing.error ?? 'unknown error'}); ${howFar} — no report written; rerun later, or report known IDs with --ids`,
      listing.listed,
      listing.total,
    );
  }
  if (listing.end === 'max tasks exceeded') throw createExceededError(listing, maxTasks);
  if (!listing.complete && listing.end !== 'interrupted' && listing.end !== 'quota exceeded') {
    throw new ListingError(
      `listing the account is incomplete: ${describeStop(listing)}, and no short page marked the end of the list; ${howFar} — no report written (a report of every task that silently lacks some is worse than none); rerun later, or report known IDs with --ids`,
      listing.listed,
      listing.total,
    );
  }
  const entries: TaskIdEntry[] = [];
  const outcomes: TaskOutcome[] = [];
  const toFetch: TaskIdEntry[] = [];
  const toFetchAt: number[] = [];
  for (const listed of tasks.values()) {
    const entry = { id: listed.id, source: LISTING_SOURCE, line: entries.length + 1, valid: listed.valid };
    if (listed.outcome.kind === 'fetched') {
      toFetch.push(entry);
      toFetchAt.push(entries.length);
    }
    entries.push(entry);
    outcomes.push(listed.outcome);
  }
  emit({ type: 'listing-end', listing, matched: tasks.size - toFetch.length, toGet: 0, lacking });
  if (toFetch.length > 0) {
    emit({ type: 'route', route: 'get', ids: toFetch.length });
    const fetched = await fetchTasks(toFetch, options);
    fetched.forEach((outcome, j) => {
      outcomes[toFetchAt[j] ?? 0] = outcome;
    });
  }
  return { entries, outcomes, listing, lacking };
}

/** A task of an `--all` listing as the listing holds it (prepareListedTask). */
interface ListedTask {
  id: string;
  valid: boolean;
  /**
   * Its row, made as its page came in (a hundred thousand tasks are then never held twice, as
   * tasks and as rows); the task itself when it lacks a field and is to be fetched again.
   */
  outcome: TaskOutcome;
}

/** Counts the fields a listed task lacks (into `lacking`), and makes it its row unless it lacks one. */
function prepareListedTask(task: Record<string, unknown>, lacking: LackingFields): ListedTask {
  const id = String(task.task_id);
  const valid = isValidTaskId(id);
  if (valid && countAbsentFields(lacking, task)) return { id, valid, outcome: { kind: 'fetched', task } };
  return { id, valid, outcome: { kind: 'listed', flat: flattenTask(task, id) } };
}
