import { describe, expect, it } from 'vitest';
import { classifyStatus } from '../../src/report/status-tone.js';

describe('classifyStatus', () => {
  it.each([
    ['completed', null, 'good'],
    ['complete', null, 'good'],
    ['failed', null, 'bad'],
    ['registered', null, 'busy'],
    ['pending', null, 'busy'],
    ['in_progress', null, 'busy'],
    ['archived', null, 'unknown'],
    [null, null, 'unknown'],
    [null, 'HTTP 404', 'error'],
    ['completed', 'timeout', 'error'],
  ] as const)('%j (fetch error %j) → %s', (status, fetchError, tone) => {
    expect(classifyStatus(status, fetchError)).toBe(tone);
  });
});
