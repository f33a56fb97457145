import { describe, expect, it } from 'vitest';
import { parseWallClock, toEpochMs, wallClockToUtcDate } from '../../src/report/parse-wall-clock.js';

describe('parseWallClock', () => {
  it.each([
    ['2024-11-26T11:48:16', { y: 2024, m: 11, d: 26, hh: 11, mm: 48, ss: 16, ms: 0, offsetMinutes: null }],
    ['2024-11-26 11:48:16', { y: 2024, m: 11, d: 26, hh: 11, mm: 48, ss: 16, ms: 0, offsetMinutes: null }],
    ['2024-11-26T11:48:16Z', { y: 2024, m: 11, d: 26, hh: 11, mm: 48, ss: 16, ms: 0, offsetMinutes: 0 }],
    [
      '2024-11-26T11:48:16.5',
      { y: 2024, m: 11, d: 26, hh: 11, mm: 48, ss: 16, ms: 500, offsetMinutes: null },
    ],
    [
      '2024-11-26T11:48:16.123456+09:00',
      { y: 2024, m: 11, d: 26, hh: 11, mm: 48, ss: 16, ms: 123, offsetMinutes: 540 },
    ],
    [
      '2024-11-26T11:48:16.999-05:30',
      { y: 2024, m: 11, d: 26, hh: 11, mm: 48, ss: 16, ms: 999, offsetMinutes: -330 },
    ],
    ['2024-02-29T00:00:00', { y: 2024, m: 2, d: 29, hh: 0, mm: 0, ss: 0, ms: 0, offsetMinutes: null }],
    ['2000-02-29T23:59:59', { y: 2000, m: 2, d: 29, hh: 23, mm: 59, ss: 59, ms: 0, offsetMinutes: null }],
  ])('parses %s', (text, expected) => {
    expect(parseWallClock(text)).toEqual(expected);
  });

  it.each([
    '',
    'not a date',
    '2024-11-26', // date only
    '2024-11-26T11:48', // no seconds
    '24-11-26T11:48:16',
    '2024-13-01T00:00:00', // month 13
    '2024-00-10T00:00:00',
    '2024-04-31T00:00:00', // April has 30 days
    '2023-02-29T00:00:00', // not a leap year
    '1900-02-29T00:00:00', // century, not a leap year
    '2024-11-00T00:00:00',
    '2024-11-26T24:00:00',
    '2024-11-26T11:60:00',
    '2024-11-26T11:48:60',
    '2024-11-26T11:48:16+24:00',
    '2024-11-26T11:48:16+09:60',
    '2024-11-26T11:48:16+0900',
    '2024-11-26T11:48:16 Z',
    '2024-11-26T11:48:16.',
  ])('rejects %j', (text) => {
    expect(parseWallClock(text)).toBeNull();
  });
});

describe('wallClockToUtcDate', () => {
  it('puts the wall-clock digits into the UTC fields, whatever the machine zone', () => {
    expect(wallClockToUtcDate('2024-11-26T11:48:16')?.getTime()).toBe(Date.UTC(2024, 10, 26, 11, 48, 16));
  });

  it('ignores an offset so the sheet shows the API text', () => {
    expect(wallClockToUtcDate('2024-11-26T11:48:16+09:00')?.getTime()).toBe(
      Date.UTC(2024, 10, 26, 11, 48, 16),
    );
  });

  it('drops the fraction (the sheet format shows whole seconds)', () => {
    expect(wallClockToUtcDate('2024-11-26T11:48:16.900')?.getTime()).toBe(Date.UTC(2024, 10, 26, 11, 48, 16));
  });

  it('keeps years below 100 as written', () => {
    expect(wallClockToUtcDate('0050-01-02T03:04:05')?.getUTCFullYear()).toBe(50);
  });

  it('returns null for unparsable text', () => {
    expect(wallClockToUtcDate('2024-02-30T00:00:00')).toBeNull();
  });
});

describe('toEpochMs', () => {
  it.each([
    ['2024-11-26T11:48:16', Date.UTC(2024, 10, 26, 11, 48, 16)],
    ['2024-11-26T11:48:16Z', Date.UTC(2024, 10, 26, 11, 48, 16)],
    ['2024-11-26T11:48:16+09:00', Date.UTC(2024, 10, 26, 2, 48, 16)],
    ['2024-11-26T11:48:16-05:30', Date.UTC(2024, 10, 26, 17, 18, 16)],
    ['2024-11-26T11:48:16.250', Date.UTC(2024, 10, 26, 11, 48, 16, 250)],
  ])('%s → %d', (text, expected) => {
    expect(toEpochMs(text)).toBe(expected);
  });

  it('returns null for unparsable text', () => {
    expect(toEpochMs('yesterday')).toBeNull();
  });
});

describe('parseWallClock on the plain API form', () => {
  // `.000` sends the same time through the regular expression: both paths must agree.
  it.each([
    '2026-01-31T09:15:00',
    '2026-01-31t09:15:00',
    '2026-01-31 09:15:00',
    '2024-02-29T23:59:59',
    '0099-12-31T00:00:00',
    '9999-12-31T23:59:59',
  ])('reads %s as the full parser does', (text) => {
    const plain = parseWallClock(text);
    expect(plain).not.toBeNull();
    expect(plain).toEqual(parseWallClock(`${text}.000`));
    expect(toEpochMs(text)).toBe(toEpochMs(`${text}.000`));
  });

  it.each([
    '2026-02-29T00:00:00',
    '2026-13-01T00:00:00',
    '2026-00-10T00:00:00',
    '2026-01-00T00:00:00',
    '2026-01-31T24:00:00',
    '2026-01-31T23:60:00',
    '2026-01-31T23:59:60',
    '2026/01/31T09:15:00',
    '2026-01-31X09:15:00',
    '2026-01-3aT09:15:00',
    '2026-01-31T09-15-00',
  ])('refuses %s as the full parser does', (text) => {
    expect(parseWallClock(text)).toBeNull();
    expect(parseWallClock(`${text}.000`)).toBeNull();
  });

  it('still trims and reads a 19-character text with blanks around it', () => {
    expect(parseWallClock(' 2026-01-31T09:15:0')).toBeNull();
    expect(parseWallClock('  2026-01-31 09:15  ')).toBeNull();
    expect(parseWallClock(' 2026-01-31T09:15:00 ')).toEqual(parseWallClock('2026-01-31T09:15:00'));
  });
});
