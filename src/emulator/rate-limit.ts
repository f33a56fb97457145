/** Default arrival jitter tolerated by the rate check, in ms. */
export const DEFAULT_RATE_TOLERANCE_MS = 50;

export type RateDecision = { accepted: true } | { accepted: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Decides on a request arriving at `nowMs`; only accepted requests move the window. */
  check(nowMs: number): RateDecision;
}

/**
 * NCLUE asks callers to stay at ≤ 1 request per second (docs/api.md "Rate limit"). A request arriving less than
 * `1000/rps − toleranceMs` after the previously *accepted* one is rejected; rejected requests do not
 * reset the window, so a client hammering the server is not starved forever.
 * `rps` undefined or 0 disables the limit.
 */
export function createRateLimiter(
  rps: number | undefined,
  toleranceMs = DEFAULT_RATE_TOLERANCE_MS,
): RateLimiter {
  if (rps !== undefined && (!Number.isFinite(rps) || rps < 0)) {
    throw new TypeError(`rps must be a finite number ≥ 0, got ${rps}`);
  }
  if (!Number.isFinite(toleranceMs) || toleranceMs < 0) {
    throw new TypeError(`rateToleranceMs must be a finite number ≥ 0, got ${toleranceMs}`);
  }
  if (rps === undefined || rps === 0) return { check: () => ({ accepted: true }) };

  const minGapMs = 1000 / rps - toleranceMs;
  let lastAcceptedMs: number | undefined;
  return {
    check(nowMs) {
      if (lastAcceptedMs !== undefined && nowMs - lastAcceptedMs < minGapMs) {
        const waitMs = lastAcceptedMs + minGapMs - nowMs;
        return { accepted: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
      }
      lastAcceptedMs = nowMs;
      return { accepted: true };
    },
  };
}
