import { setMaxListeners } from 'node:events';
import pLimit from 'p-limit';
import type { Clock } from '../client/clock.js';
import type { NclueClient } from '../client/nclue-client.js';
import { QuotaError, StopRunError } from '../core/errors.js';
import type { TaskIdEntry } from '../input/parse-task-ids.js';
import type { TaskOutcome } from './fetch-tasks.js';

/** Statuses of a task that is still being created (docs/api.md "Get task"); every other status is final. */
export const UNFINISHED_STATUSES: ReadonlySet<string> = new Set(['registered', 'pending', 'in_progress']);
/** Pause before the first poll round, in ms. Task creation takes minutes, so sooner is wasted requests. */
export const WAIT_FIRST_INTERVAL_MS = 30_000;
/** Each pause is this much longer than the one before… */
export const WAIT_INTERVAL_GROWTH = 1.5;
/** …up to this many ms, so a task that finishes late is still seen within 5 minutes. */
export const WAIT_MAX_INTERVAL_MS = 300_000;

/** The task's status when it is still registered, pending or in progress; null when final or unknown. */
export function unfinishedStatus(task: Record<string, unknown>): string | null {
  const status = typeof task.status === 'string' ? task.status.trim().toLowerCase() : '';
  return UNFINISHED_STATUSES.has(status) ? status : null;
}

/** The pause before poll round `round` (0-based): 30 s, 45 s, 67.5 s, … at most 5 min. */
export function computeWaitIntervalMs(round: number): number {
  return Math.min(WAIT_MAX_INTERVAL_MS, WAIT_FIRST_INTERVAL_MS * WAIT_INTERVAL_GROWTH ** Math.max(0, round));
}

export interface WaitState {
  unfinished: number;
  byStatus: Array<{ status: string; count: number }>;
  /** Poll rounds done so far. */
  polls: number;
  /** When the next round starts (ms since the epoch); null while a round is running. */
  nextPollAt: number | null;
  deadline: number;
}

export interface WaitForTasksOptions {
  /** The run's client: polls pass the same rate gate, retries and signing as every other request. */
  client: Pick<NclueClient, 'fetchTask'>;
  clock: Clock;
  /** --wait-timeout in ms, counted from the call. */
  timeoutMs: number;
  /** Polls in flight at most. */
  concurrency: number;
  /** Ctrl-C: stop waiting, keep the states seen so far. */
  stop?: AbortSignal;
  cancel?: AbortSignal;
  /** A fresher copy of a task arrived (checkpointing). */
  onUpdate?: (entry: TaskIdEntry, task: Record<string, unknown>) => void | Promise<void>;
  /** Before every pause and after every poll (progress). */
  onState?: (state: WaitState) => void;
}

export interface WaitResult {
  /** The outcomes with every polled task replaced by its latest state, in the entries' order. */
  outcomes: TaskOutcome[];
  /** Entries still unfinished when the waiting ended. */
  unfinished: TaskIdEntry[];
  /** Their statuses, counted. */
  unfinishedByStatus: Array<{ status: string; count: number }>;
  polls: number;
  /** --wait-timeout passed with tasks still unfinished. */
  timedOut: boolean;
  /** Stopped by Ctrl-C / SIGTERM. */
  interrupted: boolean;
  /** Polls that failed (the task keeps its last known state). */
  pollErrors: number;
}

/** The status of a fetched task still registered, pending or in progress; null for any other. */
function unfinishedStatusOf(outcome: TaskOutcome | undefined): string | null {
  if (outcome?.kind === 'fetched') return unfinishedStatus(outcome.task);
  if (outcome?.kind === 'listed') return unfinishedStatus({ status: outcome.flat.row.status });
  return null;
}

/** Indexes of the fetched tasks still registered, pending or in progress. */
function findUnfinished(outcomes: readonly TaskOutcome[]): number[] {
  return outcomes.flatMap((o, i) => (unfinishedStatusOf(o) !== null ? [i] : []));
}

/** The statuses of those tasks, counted. */
function countUnfinished(
  outcomes: readonly TaskOutcome[],
  pending: readonly number[],
): Array<{ status: string; count: number }> {
  const counts = new Map<string, number>();
  for (const i of pending) {
    const status = unfinishedStatusOf(outcomes[i]) ?? '';
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  return [...counts].map(([status, count]) => ({ status, count }));
}

/** Sleeps before the next round; false when Ctrl-C / SIGTERM ended the sleep. */
async function pause(clock: Clock, ms: number, stop: AbortSignal | undefined): Promise<boolean> {
  try {
    await clock.sleep(ms, stop);
    return true;
  } catch (error) {
    if (stop?.aborted) return false;
    throw error;
  }
}

/** What the polls of a wait found besides new task states. */
interface PollState {
  pollErrors: number;
  authFailure: StopRunError | null;
  /** The quota ran out: no poll is sent after it, and the wait ends as if interrupted. */
  quotaSpent: boolean;
}

interface Poll {
  entries: readonly TaskIdEntry[];
  outcomes: TaskOutcome[];
  options: WaitForTasksOptions;
  stopPolls: AbortSignal;
  /** Aborted on the first AuthError or spent quota, so that no further poll is sent. */
  authAbort: AbortController;
  state: PollState;
  onPolled: () => void;
}

/** Polls the task at `i` once; its new state replaces the old (a failed poll keeps the old one). */
async function pollTask(i: number, poll: Poll): Promise<void> {
  const { entries, outcomes, options, stopPolls, state } = poll;
  const entry = entries[i];
  // Only IDs that passed validation are ever put into a URL (a listed task_id may not).
  if (!entry || !entry.valid || stopPolls.aborted) return;
  try {
    const result = await options.client.fetchTask(entry.id.toLowerCase(), {
      stop: stopPolls,
      cancel: options.cancel,
    });
    if (!result.ok) {
      state.pollErrors++;
      return;
    }
    outcomes[i] = { kind: 'fetched', task: result.value };
    await options.onUpdate?.(entry, result.value);
    poll.onPolled();
  } catch (error) {
    if (error instanceof StopRunError) {
      state.authFailure ??= error;
      poll.authAbort.abort(error);
      return;
    }
    if (error instanceof QuotaError) {
      state.quotaSpent = true;
      poll.authAbort.abort(error);
      return;
    }
    if (stopPolls.aborted) return;
    throw error;
  }
}

/**
 * `--wait`: polls the tasks that are still registered, pending or in progress until every one is
 * completed or failed, or `timeoutMs` has passed. It pauses 30 s before the first round and 1.5× longer
 * before each next one (at most 5 min); the last round is at the deadline. A failed poll keeps the
 * task's last known state; a rejected credential ends everything with the AuthError.
 */
export async function waitForTasks(
  entries: readonly TaskIdEntry[],
  initial: readonly TaskOutcome[],
  options: WaitForTasksOptions,
): Promise<WaitResult> {
  const { clock, stop } = options;
  const outcomes = [...initial];
  const deadline = clock.now() + options.timeoutMs;
  const limit = pLimit(options.concurrency);
  let polls = 0;
  let interrupted = false;
  // Aborted on the first AuthError, so that no further poll is sent.
  const authAbort = new AbortController();
  const stopPolls = stop ? AbortSignal.any([stop, authAbort.signal]) : authAbort.signal;
  // Every waiting poll listens on it, legitimately more than Node's default of 10.
  setMaxListeners(0, stopPolls);
  const state: PollState = { pollErrors: 0, authFailure: null, quotaSpent: false };

  const pendingIndexes = (): number[] => findUnfinished(outcomes);
  const countStatuses = (pending: number[]): Array<{ status: string; count: number }> =>
    countUnfinished(outcomes, pending);

  const report = (pending: number[], nextPollAt: number | null): void => {
    options.onState?.({
      unfinished: pending.length,
      byStatus: countStatuses(pending),
      polls,
      nextPollAt,
      deadline,
    });
  };

  const poll: Poll = {
    entries,
    outcomes,
    options,
    stopPolls,
    authAbort,
    state,
    onPolled: () => report(pendingIndexes(), null),
  };

  let pending = pendingIndexes();
  while (pending.length > 0) {
    const now = clock.now();
    if (now >= deadline) break;
    const pauseMs = Math.min(computeWaitIntervalMs(polls), deadline - now);
    report(pending, now + pauseMs);
    if (!(await pause(clock, pauseMs, stop))) {
      interrupted = true;
      break;
    }
    await Promise.all(pending.map((i) => limit(() => pollTask(i, poll))));
    polls++;
    if (state.authFailure) throw state.authFailure;
    if (stop?.aborted || state.quotaSpent) {
      interrupted = true;
      break;
    }
    pending = pendingIndexes();
  }
  pending = pendingIndexes();
  return {
    outcomes,
    unfinished: pending.flatMap((i) => entries[i] ?? []),
    unfinishedByStatus: countStatuses(pending),
    polls,
    timedOut: !interrupted && pending.length > 0,
    interrupted,
    pollErrors: state.pollErrors,
  };
}
