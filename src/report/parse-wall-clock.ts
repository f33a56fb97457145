/** The parts of an ISO 8601 date-time exactly as written, plus its UTC offset when one is given. */
export interface WallClock {
  y: number;
  /** 1–12 */
  m: number;
  /** 1–31 */
  d: number;
  hh: number;
  mm: number;
  ss: number;
  /** Milliseconds from the fraction (truncated to 3 digits, never rounded up into the next second). */
  ms: number;
  /** Minutes east of UTC (`Z` → 0, `+09:00` → 540); null when the text has no zone. */
  offsetMinutes: number | null;
}

/**
 * `YYYY-MM-DDTHH:MM:SS`, optional `.fraction`, optional `Z` or `±HH:MM`; a space may replace the `T`
 * (RFC 3339 §5.6 allows both, and lower-case `t`/`z`). The API's own example has no zone:
 * `2024-11-26T11:48:16` (docs/api.md "Get task").
 */
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))?$/;

const MS_PER_MINUTE = 60_000;

/** Parses an API timestamp; null when the text is not of the accepted form or not a real calendar time. */
export function parseWallClock(text: string): WallClock | null {
  if (text.length === PLAIN_LENGTH) {
    const plain = parsePlainWallClock(text);
    if (plain !== null) return plain;
  }
  const match = ISO_DATE_TIME.exec(text.trim());
  if (match === null) {
    return null;
  }
  const [, year, month, day, hour, minute, second, fraction, zulu, sign, offsetHour, offsetMinute] = match;
  const wallClock: WallClock = {
    y: Number(year),
    m: Number(month),
    d: Number(day),
    hh: Number(hour),
    mm: Number(minute),
    ss: Number(second),
    ms: fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0')),
    offsetMinutes: null,
  };
  if (zulu !== undefined) {
    wallClock.offsetMinutes = 0;
  } else if (sign !== undefined) {
    const hours = Number(offsetHour);
    const minutes = Number(offsetMinute);
    if (hours > 23 || minutes > 59) {
      return null;
    }
    wallClock.offsetMinutes = (sign === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  const { y, m, d, hh, mm, ss } = wallClock;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) || hh > 23 || mm > 59 || ss > 59) {
    return null;
  }
  return wallClock;
}

/**
 * A Date whose UTC fields are the text's wall-clock digits (seconds precision), ignoring any offset.
 * exceljs stores a Date by its UTC value, so the sheet shows exactly the API's wall-clock time on every
 * machine, whatever its TZ (exceljs README, "Dates"). Null when the text does not parse.
 */
/** `2026-01-31T09:15:00`: the API's own form, the one nearly every time has. */
const PLAIN_LENGTH = 19;
/** Where the digits of that form are, and the separator each other position must hold. */
const PLAIN_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18] as const;
const PLAIN_SEPARATORS: ReadonlyArray<readonly [number, string]> = [
  [4, '-'],
  [7, '-'],
  [13, ':'],
  [16, ':'],
];

/**
 * The API's plain form read without the regular expression (a report reads each of 100,000 times
 * several times over): the same wall clock ISO_DATE_TIME gives, or null to let it decide.
 */
function parsePlainWallClock(text: string): WallClock | null {
  for (const index of PLAIN_DIGITS) {
    const code = text.charCodeAt(index);
    if (code < 48 || code > 57) return null;
  }
  for (const [index, separator] of PLAIN_SEPARATORS) {
    if (text[index] !== separator) return null;
  }
  const t = text[10];
  if (t !== 'T' && t !== 't' && t !== ' ') return null;
  const digits = (at: number, count: number): number => {
    let value = 0;
    for (let i = at; i < at + count; i++) value = value * 10 + (text.charCodeAt(i) - 48);
    return value;
  };
  const wallClock: WallClock = {
    y: digits(0, 4),
    m: digits(5, 2),
    d: digits(8, 2),
    hh: digits(11, 2),
    mm: digits(14, 2),
    ss: digits(17, 2),
    ms: 0,
    offsetMinutes: null,
  };
  const { y, m, d, hh, mm, ss } = wallClock;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) || hh > 23 || mm > 59 || ss > 59) {
    return null;
  }
  return wallClock;
}

export function wallClockToUtcDate(text: string): Date | null {
  const wallClock = parseWallClock(text);
  if (wallClock === null) {
    return null;
  }
  return new Date(computeUtcMs({ ...wallClock, ms: 0 }));
}

/**
 * The instant the text denotes, in ms since the Unix epoch: an offset is honoured; zone-less text is
 * read as UTC, so two zone-less times from the API subtract to the right duration. Null when it does
 * not parse.
 */
export function toEpochMs(text: string): number | null {
  const wallClock = parseWallClock(text);
  if (wallClock === null) {
    return null;
  }
  return computeUtcMs(wallClock) - (wallClock.offsetMinutes ?? 0) * MS_PER_MINUTE;
}

function computeUtcMs({ y, m, d, hh, mm, ss, ms }: WallClock): number {
  if (y >= 100) {
    // The common case, without a Date object: Date.UTC takes such a year as it is.
    return Date.UTC(y, m - 1, d, hh, mm, ss, ms);
  }
  const date = new Date(Date.UTC(2000, 0, 1, hh, mm, ss, ms));
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
  date.setUTCFullYear(y, m - 1, d);
  return date.getTime();
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysInMonth(year: number, month: number): number {
  const isLeapYear = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 ? (isLeapYear ? 29 : 28) : (DAYS_IN_MONTH[month - 1] ?? 0);
}
