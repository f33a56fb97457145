import type { Clock } from './clock.js';

/**
 * The rate gate: every request, retries included, passes through `acquire()` before it is sent.
 * NCLUE asks for at most 1 request per second (shared/reference/nclue-api.md §1). Starts are scheduled
 * on a fixed timeline, start k at t0 + k × (1/rps + a small jitter margin) and never earlier, so a
 * timer that fires late delays one start without pushing every later one back (drift would otherwise
 * accumulate over a run). A request that arrives after its slot with nobody waiting restarts the
 * timeline at its own start, so idle time is never spent as a burst. Waiters are served first come,
 * first served.
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
  /** The nominal interval between request starts, 1000/rps, in ms. */
  readonly intervalMs: number;
  /** The interval actually kept: the nominal one plus the jitter margin, in ms. */
  readonly spacingMs: number;
}

/**
 * Requests leave a little later than they are granted, by a varying amount (event-loop and network
 * jitter of a few ms). A gateway that measures the gap between arrivals strictly would throttle a
 * request that arrives 2 ms early, so the gate keeps this margin on top of 1/rps: 1 % of the interval,
 * at most JITTER_MARGIN_MAX_MS (10 ms at 1 request/s). On the fixed timeline a constant lateness
 * cancels out; the margin absorbs how much the lateness varies from one start to the next.
 */
export const JITTER_MARGIN_FRACTION = 0.01;
export const JITTER_MARGIN_MAX_MS = 10;

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
  /** The earliest start of the next slot on the timeline. */
  let nextSlot = Number.NEGATIVE_INFINITY;
  let pausedUntil = Number.NEGATIVE_INFINITY;
  let queue: Promise<void> = Promise.resolve();

  const waitTurn = async (signal?: AbortSignal): Promise<void> => {
    let slept = false;
    for (;;) {
      signal?.throwIfAborted();
      const now = clock.now();
      // After a pause the timeline restarts at its end.
      const ready = Math.max(nextSlot, pausedUntil);
      if (now >= ready) {
        // Woken for this slot, however late the timer was (within one spacing): the slot itself is the
        // start on the timeline. Arrived after it (idle, or a timer stalled a whole spacing): start a
        // new timeline now instead of catching up with a burst.
        const start = slept && now - ready < spacingMs ? ready : now;
        nextSlot = start + spacingMs;
        return;
      }
      await clock.sleep(ready - now, signal);
      slept = true;
    }
  };

  return {
    intervalMs,
    spacingMs,
    acquire(signal) {
      const turn = queue.then(() => waitTurn(signal));
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
