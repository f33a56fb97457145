import type { Clock } from './clock.js';

/**
 * The rate gate: every request, retries included, passes through `acquire()` before it is sent.
 * Starts of any two requests are at least 1/rps apart (NCLUE asks for at most 1 request per second:
 * shared/reference/nclue-api.md §1), measured from the actual start, so a late timer never lets two
 * requests through closer than the interval. Waiters are served first come, first served.
 */
export interface RateGate {
  acquire(signal?: AbortSignal): Promise<void>;
  /** Holds back every request until `untilMs` (a 429 or Retry-After slows the whole run). */
  pauseUntil(untilMs: number): void;
  /** The interval between request starts, in ms. */
  readonly intervalMs: number;
}

export function createRateGate(rps: number, clock: Clock): RateGate {
  if (!(rps > 0) || !Number.isFinite(rps)) {
    throw new TypeError(`rps must be a positive finite number, got ${rps}`);
  }
  const intervalMs = 1000 / rps;
  let lastStart = Number.NEGATIVE_INFINITY;
  let pausedUntil = Number.NEGATIVE_INFINITY;
  let queue: Promise<void> = Promise.resolve();

  const waitTurn = async (signal?: AbortSignal): Promise<void> => {
    for (;;) {
      signal?.throwIfAborted();
      const now = clock.now();
      const ready = Math.max(lastStart + intervalMs, pausedUntil);
      if (now >= ready) {
        lastStart = now;
        return;
      }
      await clock.sleep(ready - now, signal);
    }
  };

  return {
    intervalMs,
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
