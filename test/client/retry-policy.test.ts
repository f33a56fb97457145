import { describe, expect, it } from 'vitest';
import {
  BACKOFF_CAP_MS,
  RETRY_AFTER_MAX_MS,
  classifyResponse,
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
    [403, 'permission'],
    [404, 'not-found'],
    [400, 'client'],
    [409, 'client'],
    [422, 'client'],
    [501, 'client'],
  ] as const)('%i is %s', (status, kind) => {
    expect(classifyStatus(status)).toBe(kind);
  });
});

describe('classifyResponse: by status and the gateway errorCode (docs/api.md, "Errors")', () => {
  it.each([
    [401, '200', 'auth'],
    [401, null, 'auth'],
    [401, '210', 'permission'],
    [401, '10100', 'permission'],
    [401, ' 210 ', 'permission'],
    [404, '300', 'not-found'],
    [413, '430', 'client'],
    [429, '400', 'quota'],
    [429, '410', 'throttled'],
    [429, '420', 'throttled'],
    [429, null, 'throttled'],
    [503, '500', 'transient'],
    [504, '510', 'transient'],
    [500, '900', 'transient'],
    [400, '100', 'client'],
    [200, '400', 'ok'],
  ] as const)('HTTP %i with errorCode %j → %s', (status, code, kind) => {
    expect(classifyResponse(status, code)).toBe(kind);
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
