import { describe, expect, it } from 'vitest';
import { formatSeconds } from '../../src/report/format-seconds.js';

describe('formatSeconds', () => {
  it.each([
    [0, '0 s'],
    [30.2, '31 s'],
    [119.6, '2 min 0 s'],
    [200, '3 min 20 s'],
    [3599.5, '1 h 0 min'],
    [10_000, '2 h 46 min'],
  ])('%f s → %s', (seconds, text) => {
    expect(formatSeconds(seconds)).toBe(text);
  });
});
