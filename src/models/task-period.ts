import { UsageError } from '../core/errors.js';
import { parseWallClock } from '../report/parse-wall-clock.js';

/** A report period: a calendar month, `YYYY-MM`. */
const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;
/** A date whose time or zone is off the API's usual form still names its month: `2026-01-15`. */
const LEADING_MONTH = /^(\d{4})-(0[1-9]|1[0-2])(?:-\d{2})?(?:[Tt ]|$)/;

/**
 * The period of a task: the month of its `created_at` as the API wrote it (`2026-01-31T23:30:00` →
 * `2026-01`; an offset is not applied, the month is the one the API's clock showed). Null when the
 * task has no creation time, or one that names no month. Pure.
 */
export function periodOf(createdAt: string | null): string | null {
  if (createdAt === null) {
    return null;
  }
  const wallClock = parseWallClock(createdAt);
  if (wallClock !== null) {
    return `${String(wallClock.y).padStart(4, '0')}-${String(wallClock.m).padStart(2, '0')}`;
  }
  const match = LEADING_MONTH.exec(createdAt.trim());
  return match === null ? null : `${match[1]}-${match[2]}`;
}

/** How the report's period was asked for: a month, or one relative to the day the run started. */
export interface PeriodChoice {
  month: string;
  /** Why this month: shown beside the period in every report and the closing lines. */
  reason: string;
}

/** `YYYY-MM` of a local calendar month, `offset` months from the one `now` falls in (local time). */
export function localMonth(now: Date, offset = 0): string {
  const shifted = new Date(now.getFullYear(), now.getMonth() + offset, 1);
  return `${String(shifted.getFullYear()).padStart(4, '0')}-${String(shifted.getMonth() + 1).padStart(2, '0')}`;
}

/**
 * `--period YYYY-MM | previous | current`, checked. `previous` is the calendar month before the day the
 * run started and `current` the month it started in, both in local time (a cron job on the 1st asks for
 * the month that just ended).
 *
 * @throws UsageError naming the value and the forms it takes.
 */
export function parsePeriod(text: string, now: Date): PeriodChoice {
  const value = text.trim();
  const lower = value.toLowerCase();
  if (lower === 'previous') {
    return { month: localMonth(now, -1), reason: '--period previous: the month before today' };
  }
  if (lower === 'current') {
    return { month: localMonth(now), reason: '--period current: this month' };
  }
  if (!PERIOD.test(value)) {
    throw new UsageError(
      `--period "${text}" is not a month; write it as YYYY-MM (e.g. --period 2026-02), previous (the month before today) or current`,
    );
  }
  return { month: value, reason: `--period ${value}` };
}

/** True while `period` has not ended at `now` (local time): the current month or a later one. */
export function isPeriodOpen(period: string, now: Date): boolean {
  return period >= localMonth(now);
}

/** `2026-01` → `auroc_2026_01`, the column of that period in `<name>.models.csv`. */
export function periodColumn(period: string): string {
  return `auroc_${period.replace('-', '_')}`;
}
