/** IEC binary units, each 1024 times the previous one. */
const IEC_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;
const IEC_STEP = 1024;

/**
 * A byte count as IEC units with one decimal (`42582684` → `40.6 MiB`); counts below 1 KiB stay whole
 * bytes (`512 B`). A value that would round to `1024.0` of a unit is shown in the next unit instead
 * (`1048575` → `1.0 MiB`), so the number shown is always below 1024 (EiB, the last unit, excepted).
 *
 * @throws RangeError for a negative or non-finite count.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) {
    throw new RangeError(`formatBytes: expected a finite byte count >= 0, got ${bytes}`);
  }
  const wholeBytes = Math.round(bytes);
  if (wholeBytes < IEC_STEP) {
    return `${wholeBytes} B`;
  }
  let unitIndex = 1;
  let value = bytes / IEC_STEP;
  let rounded = roundToTenth(value);
  while (rounded >= IEC_STEP && unitIndex < IEC_UNITS.length - 1) {
    unitIndex += 1;
    value /= IEC_STEP;
    rounded = roundToTenth(value);
  }
  return `${rounded.toFixed(1)} ${IEC_UNITS[unitIndex]}`;
}

function roundToTenth(value: number): number {
  return Math.round(value * 10) / 10;
}
