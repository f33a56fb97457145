import { UsageError } from '../errors.js';
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

/**
 * `--period YYYY-MM`, checked.
 *
 * @throws UsageError naming the value and the form it needs.
 */
export function parsePeriod(text: string): string {
  const value = text.trim();
  if (!PERIOD.test(value)) {
    throw new UsageError(`--period "${text}" is not a month; write it as YYYY-MM, e.g. --period 2026-02`);
  }
  return value;
}

/** `2026-01` → `auroc_2026_01`, the column of that period in `<name>.models.csv`. */
export function periodColumn(period: string): string {
  return `auroc_${period.replace('-', '_')}`;
}
