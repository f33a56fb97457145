import { setMaxListeners } from 'node:events';
import pLimit from 'p-limit';
import { EndpointError, QuotaError, StopRunError } from '../core/errors.js';
import type { NclueClient } from '../client/nclue-client.js';
import { taskIdKey, type TaskIdEntry } from '../input/parse-task-ids.js';
import type { FlattenedTask } from '../report/flatten-task.js';

/**
 * What became of one requested ID. `listed`: a task of an `--all` listing, already made into its row
 * as its page came in (collect-tasks.ts), so that its fields are not held twice.
 */
export type TaskOutcome =
  | { kind: 'fetched'; task: Record<string, unknown> }
  | { kind: 'listed'; flat: FlattenedTask }
  | { kind: 'failed'; error: string }
  | { kind: 'interrupted' };

/** The fetch_error texts of IDs that were never sent. */
export const INVALID_TASK_ID = 'invalid task id';
export const INTERRUPTED = 'interrupted';

export interface FetchTasksOptions {
  client: NclueClient;
  /** Requests in flight at most: a number, or a limit read again as requests finish (in-flight-limit.ts). */
  concurrency: number | (() => number);
  /** Aborted on Ctrl-C / SIGTERM: send nothing more, let requests on the wire finish. */
  stop?: AbortSignal;
  /** Aborted when waiting for requests on the wire has lasted long enough. */
  cancel?: AbortSignal;
  /** Tasks already fetched by an earlier run (`--resume`), keyed by the entry's id. */
  known?: ReadonlyMap<string, Record<string, unknown>>;
  /**
   * Called as each requested task is settled (checkpointing, progress): `via` says whether it came from
   * its own GET or from the listing (collect-tasks.ts), which a resumed run simply lists again.
   */
  onOutcome?: (entry: TaskIdEntry, outcome: TaskOutcome, via: 'get' | 'list') => void | Promise<void>;
}

/** How many distinct IDs answering 404 first make the run ask the task list whether the endpoint is right. */
export const NOT_FOUND_PROBE_AFTER = 3;

/** The run's stop when the task list 404s: the endpoint is wrong (docs/reliability.md); `evidence` says why. */
export function describeWrongEndpoint(evidence: string): string {
  return `the endpoint does not serve the NCLUE task API: check --endpoint, it ends in /api/v1 (${evidence})`;
}

/**
 * Fetches every valid entry through the client, at most `concurrency` at a time (the client's rate
 * gate does the pacing). Returns one outcome per entry, in the entries' order. A rejected credential
 * or an unreachable endpoint stops everything at once and rethrows the StopRunError; a spent quota
 * (QuotaError) stops everything too, leaving the tasks not fetched "interrupted".
 *
 * When the first NOT_FOUND_PROBE_AFTER distinct IDs all answer 404, one list request (`GET
 * /tasks?limit=1`) tells a wrong endpoint (the list 404s too: EndpointError, exit 4) from IDs that are
 * simply not in the account (the list answers: the run goes on).
 */
export async function fetchTasks(entries: TaskIdEntry[], options: FetchTasksOptions): Promise<TaskOutcome[]> {
  const { client, known } = options;
  const { concurrency } = options;
  const readLimit = typeof concurrency === 'number' ? () => concurrency : concurrency;
  const limit = pLimit(readLimit());
  // Aborted on the first StopRunError so that no further request is sent.
  const authAbort = new AbortController();
  // Aborted on a spent quota: nothing more is sent, but answers on their way are still read.
  const quotaStop = new AbortController();
  const stop = AbortSignal.any([...(options.stop ? [options.stop] : []), authAbort.signal, quotaStop.signal]);
  const cancel = options.cancel ? AbortSignal.any([options.cancel, authAbort.signal]) : authAbort.signal;
  // Every waiting request listens on these signals, legitimately more than Node's default of 10.
  setMaxListeners(0, stop, cancel);
  let authFailure: StopRunError | null = null;
  let firstAnswers = 0;
  let firstNotFound = 0;

  /** Counts the first answers; when they are all 404, asks the task list once. */
  const checkEndpoint = async (result: { ok: boolean; notFound?: true }): Promise<void> => {
    if (firstAnswers >= NOT_FOUND_PROBE_AFTER) return;
    firstAnswers += 1;
    if (!result.ok && result.notFound) firstNotFound += 1;
    if (firstAnswers < NOT_FOUND_PROBE_AFTER || firstNotFound < NOT_FOUND_PROBE_AFTER) return;
    const probe = await client.probeTaskList({ stop, cancel });
    if (!probe.ok && probe.notFound)
      throw new EndpointError(
        describeWrongEndpoint('the first task IDs and the task list all answered HTTP 404'),
      );
  };

  const fetchOne = async (entry: TaskIdEntry): Promise<TaskOutcome> => {
    if (!entry.valid) return { kind: 'failed', error: INVALID_TASK_ID };
    const cached = known?.get(taskIdKey(entry.id));
    if (cached) return { kind: 'fetched', task: cached };
    if (stop.aborted) return { kind: 'interrupted' };
    try {
      // UUIDs are case-insensitive (RFC 9562) and the API writes them in lower case: ask in its form.
      const result = await client.fetchTask(entry.id.toLowerCase(), { stop, cancel });
      await checkEndpoint(result);
      return result.ok ? { kind: 'fetched', task: result.value } : { kind: 'failed', error: result.error };
    } catch (error) {
      if (error instanceof StopRunError) {
        authFailure ??= error;
        authAbort.abort(error);
        return { kind: 'interrupted' };
      }
      // A spent quota: nothing more is sent (the client refuses to), the rest is "interrupted", and
      // the caller finds the cause in client.quotaExceeded.
      if (error instanceof QuotaError) {
        quotaStop.abort(error);
        return { kind: 'interrupted' };
      }
      if (stop.aborted) return { kind: 'interrupted' };
      throw error;
    }
  };

  // The callback runs after the concurrency slot is given back, so a slow checkpoint write never
  // keeps the next request from its rate-gate slot.
  const fetchAndReport = async (entry: TaskIdEntry): Promise<TaskOutcome> => {
    const outcome = await limit(async () => {
      try {
        return await fetchOne(entry);
      } finally {
        // The limit follows the observed latency: raising it here starts waiting requests at once.
        limit.concurrency = readLimit();
      }
    });
    if (outcome.kind !== 'interrupted') await options.onOutcome?.(entry, outcome, 'get');
    return outcome;
  };
  let outcomes: TaskOutcome[];
  try {
    outcomes = await Promise.all(
      entries.map((entry) =>
        entry.valid && !known?.has(taskIdKey(entry.id)) ? fetchAndReport(entry) : fetchOne(entry),
      ),
    );
  } catch (error) {
    // Anything unexpected ends the run: send nothing more, drop what is queued.
    limit.clearQueue();
    authAbort.abort(error);
    throw error;
  }
  if (authFailure) throw authFailure;
  return outcomes;
}
