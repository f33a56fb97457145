import { describe, expect, it } from 'vitest';
import {
  BACKOFF_CAP_MS,
  RETRY_AFTER_MAX_MS,
  classifyStatus,
  computeBackoffMs,
  parseRetryAfterMs,
} from '../../src/client/retry-policy.js';

describe('classifyStatus', () => {
  it.each([
    [200, 'ok'],
    [429, 'throttled'],
    [500, 'transient'],
    [502, 'transient'],
    [503, 'transient'],
    [504, 'transient'],
    [401, 'auth'],
    [403, 'auth'],
    [404, 'not-found'],
    [400, 'client'],
    [409, 'client'],
    [422, 'client'],
    [501, 'client'],
  ] as const)('%i is %s', (status, kind) => {
    expect(classifyStatus(status)).toBe(kind);
  });
});

describe('computeBackoffMs (full jitter)', () => {
  it('stays below base·2^retry', () => {
    expect(computeBackoffMs(0, 0.999, 1000)).toBe(999);
    expect(computeBackoffMs(1, 0.999, 1000)).toBe(1998);
    expect(computeBackoffMs(3, 0.5, 1000)).toBe(4000);
  });
  it('is zero at random 0 and capped', () => {
    expect(computeBackoffMs(5, 0)).toBe(0);
    expect(computeBackoffMs(30, 0.999999)).toBeLessThan(BACKOFF_CAP_MS);
    expect(computeBackoffMs(30, 0.999999)).toBeGreaterThan(BACKOFF_CAP_MS - 10);
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.UTC(2026, 10, 29, 12, 0, 0);
  it.each([
    ['3', 3000],
    ['0', 0],
    [' 2 ', 2000],
    ['1.5', 1500],
    [new Date(now + 7000).toUTCString(), 7000],
    [new Date(now - 7000).toUTCString(), 0],
    ['999999', RETRY_AFTER_MAX_MS],
  ])('%s → %i ms', (value, ms) => {
    expect(parseRetryAfterMs(value, now)).toBe(ms);
  });
  it.each([undefined, null, '', 'soon', '-3'])('%s → null', (value) => {
    expect(parseRetryAfterMs(value, now)).toBeNull();
  });
});
