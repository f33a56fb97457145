import { setMaxListeners } from 'node:events';
import pLimit from 'p-limit';
import { AuthError, QuotaError } from '../errors.js';
import type { NclueClient } from '../client/nclue-client.js';
import { taskIdKey, type TaskIdEntry } from '../input/parse-task-ids.js';

/** What became of one requested ID. */
export type TaskOutcome =
  | { kind: 'fetched'; task: Record<string, unknown> }
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

/**
 * Fetches every valid entry through the client, at most `concurrency` at a time (the client's rate
 * gate does the pacing). Returns one outcome per entry, in the entries' order. A rejected credential
 * stops everything at once and rethrows the AuthError; a spent quota (QuotaError) stops everything too,
 * leaving the tasks not fetched "interrupted".
 */
export async function fetchTasks(entries: TaskIdEntry[], options: FetchTasksOptions): Promise<TaskOutcome[]> {
  const { client, known } = options;
  const { concurrency } = options;
  const readLimit = typeof concurrency === 'number' ? () => concurrency : concurrency;
  const limit = pLimit(readLimit());
  // Aborted on the first AuthError so that no further request is sent.
  const authAbort = new AbortController();
  // Aborted on a spent quota: nothing more is sent, but answers on their way are still read.
  const quotaStop = new AbortController();
  const stop = AbortSignal.any([...(options.stop ? [options.stop] : []), authAbort.signal, quotaStop.signal]);
  const cancel = options.cancel ? AbortSignal.any([options.cancel, authAbort.signal]) : authAbort.signal;
  // Every waiting request listens on these signals, legitimately more than Node's default of 10.
  setMaxListeners(0, stop, cancel);
  let authFailure: AuthError | null = null;

  const fetchOne = async (entry: TaskIdEntry): Promise<TaskOutcome> => {
    if (!entry.valid) return { kind: 'failed', error: INVALID_TASK_ID };
    const cached = known?.get(taskIdKey(entry.id));
    if (cached) return { kind: 'fetched', task: cached };
    if (stop.aborted) return { kind: 'interrupted' };
    try {
      // UUIDs are case-insensitive (RFC 9562) and the API writes them in lower case: ask in its form.
      const result = await client.fetchTask(entry.id.toLowerCase(), { stop, cancel });
      return result.ok ? { kind: 'fetched', task: result.value } : { kind: 'failed', error: result.error };
    } catch (error) {
      if (error instanceof AuthError) {
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
