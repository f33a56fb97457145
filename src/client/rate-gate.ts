import type { Clock } from './clock.js';

/**
 * The rate gate: every request, retries included, passes through `acquire()` before it is sent.
 * NCLUE asks for at most 1 request per second (shared/reference/nclue-api.md §1). Starts are scheduled
 * on a fixed timeline, start k at t0 + k × (1/rps + a small jitter margin), never earlier, so a timer
 * that fires late delays one start without pushing every later one back (drift would otherwise
 * accumulate over a run). No two starts are ever closer than 1/rps plus half the margin, less two
 * timer ticks: after a late start (a stalled event loop) the next ones catch up with the timeline at
 * that spacing, never with a burst. A request that arrives after its slot with the gate unused for a
 * whole spacing restarts the timeline at its own start, so idle time is never spent as a burst.
 * Waiters are served first come, first served.
 */
export interface RateGate {
  acquire(signal?: AbortSignal): Promise<void>;
  /** Holds back every request until `untilMs` (a 429 or Retry-After slows the whole run). */
  pauseUntil(untilMs: number): void;
  /**
   * Counts the next interval from `atMs` when that is later than the timeline's next slot: the first
   * request of a run is timed from when it was really sent (its headers written to the socket), which
   * one-off costs such as the HTTP parser's start-up delay after its grant.
   */
  restartFrom(atMs: number): void;
  /**
   * Counts the smallest gap to the next start from when the last request really left (`atMs`), when
   * that is later than its grant: an event loop that stalled between the two must not let the next
   * request follow it closely.
   */
  leftAt(atMs: number): void;
  /** The nominal interval between request starts, 1000/rps, in ms. */
  readonly intervalMs: number;
  /** The interval actually kept: the nominal one plus the jitter margin, in ms. */
  readonly spacingMs: number;
}

/**
 * Requests leave a little later than they are granted, by a varying amount (event-loop and network
 * jitter of a few ms). A gateway that measures the gap between arrivals strictly would throttle a
 * request that arrives 2 ms early, so the gate keeps this margin on top of 1/rps: 0.5 % of the
 * interval, at most JITTER_MARGIN_MAX_MS (5 ms at 1 request/s). On the fixed timeline a constant
 * lateness cancels out; the margin absorbs how much the lateness varies from one start to the next.
 * It costs its own size in time (0.5 %), which is why it is not larger.
 */
export const JITTER_MARGIN_FRACTION = 0.005;
export const JITTER_MARGIN_MAX_MS = 5;
/**
 * Behind the timeline by more than this (ms) or a whole spacing, whichever is longer, the gate
 * starts a new timeline instead of catching up: a process that was suspended does not spend the next
 * minutes at full rate.
 */
export const CATCH_UP_LIMIT_MS = 1000;
/** Node's timers count whole milliseconds. */
const TIMER_TICK_MS = 1;

/** The jitter margin for a rate, in ms. */
export function computeJitterMarginMs(rps: number): number {
  return Math.min(JITTER_MARGIN_MAX_MS, (1000 / rps) * JITTER_MARGIN_FRACTION);
}

export interface RateGateOptions {
  /** Kept on top of 1/rps between starts, in ms; the CLI passes computeJitterMarginMs(rps). Default 0. */
  marginMs?: number;
}

export function createRateGate(rps: number, clock: Clock, options: RateGateOptions = {}): RateGate {
  if (!(rps > 0) || !Number.isFinite(rps)) {
    throw new TypeError(`rps must be a positive finite number, got ${rps}`);
  }
  const intervalMs = 1000 / rps;
  const marginMs = Math.max(0, options.marginMs ?? 0);
  const spacingMs = intervalMs + marginMs;
  /**
   * The closest two starts may be: after a late start, the next ones catch up at this spacing. Less
   * two timer ticks: a timer fires up to a tick late, on a whole millisecond, so waiting out a
   * shortfall of a tick or two would cost a tick or two on every start (10 % and more at 100
   * requests/s) and leave nothing to catch up with. At 1 request/s it is still 1000.5 ms.
   */
  const minGapMs = Math.max(intervalMs / 2, intervalMs + marginMs / 2 - 2 * TIMER_TICK_MS);
  const catchUpLimitMs = Math.max(spacingMs, CATCH_UP_LIMIT_MS);
  /** The next slot on the timeline. */
  let nextSlot = Number.NEGATIVE_INFINITY;
  /** When the previous start was granted (or the first request really left, restartFrom). */
  let lastStart = Number.NEGATIVE_INFINITY;
  let pausedUntil = Number.NEGATIVE_INFINITY;
  let queue: Promise<void> = Promise.resolve();

  const waitTurn = async (calledAt: number, signal?: AbortSignal): Promise<void> => {
    for (;;) {
      signal?.throwIfAborted();
      const now = clock.now();
      // After a pause the timeline restarts at its end.
      const slot = Math.max(nextSlot, pausedUntil);
      // Aim at the slot, then keep the gap from the previous start: a timer that fires late every
      // time delays every start alike, so the gaps stay whole and nothing drifts.
      const wait = now < slot ? slot - now : lastStart + minGapMs - now;
      if (wait > 0) {
        await clock.sleep(wait, signal);
        continue;
      }
      // Waiting since before its slot, or come within a spacing of the previous start (a pipeline
      // that runs late, not an idle one): the slot stays on the timeline, however late this start is
      // (a late timer, a stalled loop), and the next starts catch up. Came after its slot with the
      // gate unused for a whole spacing (idle), or far behind: a new timeline from now.
      const waiting = calledAt <= slot || calledAt - lastStart < spacingMs;
      const onTimeline = waiting && now - slot < catchUpLimitMs;
      nextSlot = (onTimeline ? slot : now) + spacingMs;
      lastStart = now;
      return;
    }
  };

  return {
    intervalMs,
    spacingMs,
    acquire(signal) {
      const calledAt = clock.now();
      const turn = queue.then(() => waitTurn(calledAt, signal));
      queue = turn.catch(() => undefined);
      if (!signal) return turn;
      // An aborted waiter leaves at once; its turn, when it comes, takes no slot.
      return raceAbort(turn, signal);
    },
    pauseUntil(untilMs) {
      pausedUntil = Math.max(pausedUntil, untilMs);
    },
    restartFrom(atMs) {
      nextSlot = Math.max(nextSlot, atMs + spacingMs);
      lastStart = Math.max(lastStart, atMs);
    },
    leftAt(atMs) {
      lastStart = Math.max(lastStart, atMs);
    },
  };
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
