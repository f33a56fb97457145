/**
 * Retry policy, kept apart from the loop that applies it (as in the AWS SDK's StandardRetryStrategy):
 * classify an outcome, compute a delay. Pure functions.
 */

/** Statuses worth another attempt: throttling and transient server faults. Other 4xx never are. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** First backoff ceiling in ms; doubles per attempt (full jitter picks uniformly below it). */
export const BACKOFF_BASE_MS = 1000;
/** Largest backoff ceiling in ms. */
export const BACKOFF_CAP_MS = 20_000;
/** A Retry-After beyond this (ms) is clamped: a bad header must not stall a monthly run for hours. */
export const RETRY_AFTER_MAX_MS = 5 * 60_000;

export type OutcomeClass =
  'ok' | 'throttled' | 'quota' | 'transient' | 'auth' | 'permission' | 'not-found' | 'client';

/**
 * The gateway's errorCodes that change what a status means (docs/api.md, "Errors"): 401 with 210
 * (Permission Denied) or NCLUE's 10100 (ACCESS_DENIED) are keys that work but may not use NCLUE; 429
 * with 400 (Quota Exceeded) is a spent quota, which no retry clears, unlike 410 (Throttle Limited) and
 * 420 (Rate Limited).
 */
export const PERMISSION_ERROR_CODES: ReadonlySet<string> = new Set(['210', '10100']);
export const QUOTA_ERROR_CODE = '400';

/** Classifies an answer by its status alone (what a body without an errorCode leaves us). */
export function classifyStatus(status: number): OutcomeClass {
  return classifyResponse(status, null);
}

/**
 * Classifies an answer by its HTTP status and the body's errorCode (a string or a number in the body;
 * pass it as text, or null when the body had none). Pure.
 */
export function classifyResponse(status: number, errorCode: string | null): OutcomeClass {
  const code = errorCode?.trim() ?? null;
  if (status >= 200 && status < 300) return 'ok';
  if (status === 429) return code === QUOTA_ERROR_CODE ? 'quota' : 'throttled';
  if (RETRYABLE_STATUSES.has(status)) return 'transient';
  if (status === 403) return 'permission';
  if (status === 401) return code !== null && PERMISSION_ERROR_CODES.has(code) ? 'permission' : 'auth';
  if (status === 404) return 'not-found';
  return 'client';
}

/**
 * Full-jitter exponential backoff: uniform in [0, min(cap, base·2^retry)).
 * `retry` counts from 0 for the first retry; `random` is a number in [0, 1).
 */
export function computeBackoffMs(
  retry: number,
  random: number,
  baseMs = BACKOFF_BASE_MS,
  capMs = BACKOFF_CAP_MS,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, retry));
  return Math.floor(random * ceiling);
}

/**
 * Parses Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Returns ms to wait (≥ 0,
 * clamped to RETRY_AFTER_MAX_MS) or null when absent or unparsable.
 */
export function parseRetryAfterMs(value: string | undefined | null, nowMs: number): number | null {
  if (value === undefined || value === null) return null;
  const text = value.trim();
  if (text === '') return null;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(text)) {
    ms = Number(text) * 1000;
  } else {
    // An HTTP-date names its weekday and month (`Wed, 21 Oct 2015 07:28:00 GMT`); bare numbers are not dates.
    if (!/[a-z]{3}/i.test(text)) return null;
    const date = Date.parse(text);
    if (Number.isNaN(date)) return null;
    ms = date - nowMs;
  }
  return Math.min(RETRY_AFTER_MAX_MS, Math.max(0, Math.ceil(ms)));
}
