import type { Clock } from '../client/clock.js';
import type { TextSink } from './logger.js';

/** Not on a TTY: one plain line every 10 % of the tasks or every 30 s, whichever comes first. */
export const PLAIN_PROGRESS_INTERVAL_MS = 30_000;

export interface ProgressSink extends TextSink {
  isTTY?: boolean;
  columns?: number;
}

export interface Progress {
  /** More work became known (e.g. listing found more tasks). */
  addTotal(count: number): void;
  /** One task is done; `failed` when it ended with a fetch_error. */
  tick(failed: boolean): void;
  /** Clears any live bar before the final lines are printed. */
  finish(): void;
}

export interface ProgressOptions {
  stream: ProgressSink;
  clock: Clock;
  total: number;
  /** false with --no-progress or --quiet. */
  enabled: boolean;
}

export function createProgress(options: ProgressOptions): Progress {
  const { stream, clock } = options;
  let total = options.total;
  let done = 0;
  let failures = 0;
  let nextFraction = 0.1;
  let lastLineAt = clock.now();

  return {
    addTotal(count) {
      total += count;
    },
    tick(failed) {
      done++;
      if (failed) failures++;
      if (!options.enabled || total <= 0) return;
      const now = clock.now();
      if (done / total >= nextFraction || now - lastLineAt >= PLAIN_PROGRESS_INTERVAL_MS) {
        while (done / total >= nextFraction) nextFraction += 0.1;
        lastLineAt = now;
        stream.write(`progress: ${done}/${total} tasks (${Math.floor((100 * done) / total)}%), ${failures} failed\n`);
      }
    },
    finish() {
      // Plain lines need no clean-up.
    },
  };
}
