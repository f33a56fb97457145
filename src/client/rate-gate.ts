import type { Clock } from './clock.js';

/**
 * The rate gate: every request, retries included, passes through `acquire()` before it is sent.
 * NCLUE asks for at most 1 request per second (docs/api.md, "Rate limit"). Starts are scheduled on a
 * fixed timeline, start k at t0 + k × spacing (1/rps, a jitter margin and a little catch-up room),
 * never earlier, so a timer that fires late delays one start without pushing every later one back
 * (drift would otherwise accumulate over a run). No two starts are ever closer than the smallest gap
 * (at 1 request/s: 1/rps plus the whole margin, 1010 ms): after a late start (a stalled event loop)
 * the next ones catch up with the timeline at that spacing, never with a burst. A request that
 * arrives after its slot with the gate unused for a whole spacing restarts the timeline at its own
 * start, so idle time is never spent as a burst. Waiters are served first come, first served.
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
  /** The interval actually kept on the timeline: the nominal one, the jitter margin and the catch-up room, in ms. */
  readonly spacingMs: number;
  /** The closest two starts ever are, in ms (1010 at 1 request/s with the CLI's margin). */
  readonly minGapMs: number;
}

/**
 * Requests leave a little later than they are granted, by a varying amount, and reach the gateway
 * after a network whose delay varies too; the gateway measures the gap between arrivals by its own
 * clock. A request that arrives a few ms early is throttled, and a 429 costs a whole Retry-After
 * pause. So the gate keeps this margin on top of 1/rps: 1 % of the interval, 10 ms at 1 request/s
 * (an emulator allowing no slack at all still throttled 2 of 5 runs with 0.5 %, once at a 1000.5 ms
 * gap). At 1 request/s no two requests leave closer than 1/rps plus the whole margin, measured at the
 * socket (the transport reports when a request's headers are written). It costs about its own size
 * in time (1 %).
 */
export const JITTER_MARGIN_FRACTION = 0.01;
/**
 * Room on the timeline beyond the margin, in timer ticks, where the smallest gap keeps the whole
 * margin: after a late start the next ones catch up with the timeline by this much each, without
 * ever coming closer than 1/rps plus the margin. 2 ms at 1 request/s, so the spacing there is
 * 1012 ms. Where the margin is smaller than that plus two ticks (faster than 2.5 requests/s), the
 * room shrinks to nothing: there the smallest gap is two ticks below the spacing anyway.
 */
export const CATCH_UP_TICKS = 2;
/**
 * Behind the timeline by more than this (ms) or a whole spacing, whichever is longer, the gate
 * starts a new timeline instead of catching up: a process that was suspended does not spend the next
 * minutes at full rate.
 */
export const CATCH_UP_LIMIT_MS = 1000;
/** Node's timers count whole milliseconds. */
const TIMER_TICK_MS = 1;

/** The jitter margin for a rate, in ms: 1 % of the interval (10 ms at 1 request/s). */
export function computeJitterMarginMs(rps: number): number {
  return (1000 / rps) * JITTER_MARGIN_FRACTION;
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
  const catchUpMs = Math.min(
    CATCH_UP_TICKS * TIMER_TICK_MS,
    Math.max(0, marginMs - CATCH_UP_TICKS * TIMER_TICK_MS),
  );
  const spacingMs = intervalMs + marginMs + catchUpMs;
  /**
   * The closest two starts may be: after a late start, the next ones catch up at this spacing. It is
   * 1/rps plus the whole margin where the timeline leaves two timer ticks above that (2.5 requests/s
   * and slower: 1010 ms at 1/s); at faster rates, where the margin is a tick or less, two ticks less
   * than the spacing: a timer fires up to a tick late, on a whole millisecond, so waiting out a
   * shortfall of a tick or two would cost a tick or two on every start (10 % and more at 100
   * requests/s) and leave nothing to catch up with.
   */
  const minGapMs = Math.max(
    intervalMs / 2,
    Math.min(intervalMs + marginMs, spacingMs - CATCH_UP_TICKS * TIMER_TICK_MS),
  );
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
    minGapMs,
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
