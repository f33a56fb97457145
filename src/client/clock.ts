import { setTimeout as delay } from 'node:timers/promises';

/**
 * Time as a dependency: the client never reads Date.now() or sets timers itself, so tests can run
 * hours of pacing and backoff in virtual time without sleeping.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The longest single timer Node keeps, in ms. */
const MAX_TIMER_MS = 2_147_483_647;

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms, signal) => {
    if (ms <= 0) {
      signal?.throwIfAborted();
      return;
    }
    // Node's timers overflow above 2^31−1 ms and then fire at once: wait long sleeps out in pieces.
    let left = ms;
    while (left > 0) {
      const step = Math.min(left, MAX_TIMER_MS);
      await delay(step, undefined, signal ? { signal } : undefined);
      left -= step;
    }
  },
};

interface Sleeper {
  wakeAt: number;
  seq: number;
  resolve: () => void;
}

export interface FakeClock extends Clock {
  /** Timers still pending. */
  readonly pending: number;
  /**
   * Keeps virtual time still until `work` settles. Tests wrap real I/O (an HTTP request to the
   * emulator) in it, so that time does not jump ahead while an answer is on its way.
   */
  hold<T>(work: Promise<T>): Promise<T>;
}

/**
 * A virtual clock: `sleep` never waits for real. Sleepers are woken one at a time, earliest first,
 * each on a later macrotask, so every piece of concurrent code has run its microtasks (and registered
 * its own sleeps) before time moves on.
 */
export function createFakeClock(startMs = 0): FakeClock {
  let now = startMs;
  let seq = 0;
  const sleepers: Sleeper[] = [];
  let scheduled = false;
  let holds = 0;

  const schedule = (): void => {
    if (scheduled || holds > 0) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (holds > 0) return;
      sleepers.sort((a, b) => a.wakeAt - b.wakeAt || a.seq - b.seq);
      const next = sleepers.shift();
      if (!next) return;
      now = Math.max(now, next.wakeAt);
      next.resolve();
      if (sleepers.length > 0) schedule();
    });
  };

  return {
    now: () => now,
    get pending() {
      return sleepers.length;
    },
    async hold(work) {
      holds++;
      try {
        return await work;
      } finally {
        holds--;
        if (holds === 0 && sleepers.length > 0) schedule();
      }
    },
    sleep(ms, signal) {
      signal?.throwIfAborted();
      return new Promise<void>((resolve, reject) => {
        const sleeper: Sleeper = { wakeAt: now + Math.max(0, ms), seq: seq++, resolve };
        const onAbort = (): void => {
          const i = sleepers.indexOf(sleeper);
          if (i >= 0) sleepers.splice(i, 1);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        sleeper.resolve = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        sleepers.push(sleeper);
        schedule();
      });
    },
  };
}
