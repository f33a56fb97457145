/**
 * Decimal (SI) units, each 1000 times the previous one, as a spreadsheet's number format can show them:
 * a format scales a number by 1000 per trailing comma, never by 1024. The CSV's `disk_usage` and the
 * workbook's size cell (DISK_SIZE_FORMAT) therefore read the same.
 */
const KB = 1_000;
const MB = 1_000_000;
const GB = 1_000_000_000;

/**
 * The Excel number format of a byte count that shows it as formatBytes writes it: below 1 MB in KB,
 * below 1 GB in MB, else in GB, one decimal (ECMA-376 §18.8.31: `[condition]`, and `,` after the
 * digits divides by 1000).
 */
export const DISK_SIZE_FORMAT = '[<1000000]0.0," KB";[<1000000000]0.0,," MB";#,##0.0,,," GB"';

/**
 * A byte count with one decimal in decimal units, as the workbook shows it: `42582684` → `42.6 MB`,
 * `512` → `0.5 KB`, `3758096384` → `3.8 GB`. The unit is chosen by the count itself (below 1,000,000
 * bytes KB, below 1,000,000,000 MB, else GB), as the workbook's format conditions choose it.
 *
 * @throws RangeError for a negative or non-finite count.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) {
    throw new RangeError(`formatBytes: expected a finite byte count >= 0, got ${bytes}`);
  }
  if (bytes < MB) {
    return `${roundToTenth(bytes / KB).toFixed(1)} KB`;
  }
  if (bytes < GB) {
    return `${roundToTenth(bytes / MB).toFixed(1)} MB`;
  }
  return `${groupThousands(roundToTenth(bytes / GB).toFixed(1))} GB`;
}

/**
 * `1234567.8` → `1,234,567.8`, as `toLocaleString('en-US')` writes it. Done by hand: Intl formatting
 * costs about 18 µs a call, 1.8 s of a 100,000-row report.
 */
function groupThousands(fixed: string): string {
  const point = fixed.indexOf('.');
  const whole = point === -1 ? fixed : fixed.slice(0, point);
  if (whole.length <= 3) return fixed;
  return whole.replace(/\B(?=(\d{3})+$)/g, ',') + (point === -1 ? '' : fixed.slice(point));
}

/** Half away from zero, as a spreadsheet rounds what it shows. */
function roundToTenth(value: number): number {
  return Math.round(value * 10) / 10;
}
