import { UsageError } from '../core/errors.js';

/** The largest --timeout, in ms: one day. Longer would overflow Node's timers (2^31−1 ms). */
export const MAX_TIMEOUT_MS = 86_400_000;

/** Parses a flag value that must be a positive finite number (e.g. --rps 0.5). */
export function parsePositiveNumber(flag: string, value: unknown): number {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : NaN;
  if (!Number.isFinite(n) || n <= 0) {
    throw new UsageError(`--${flag} must be a positive number, got "${String(value)}"`);
  }
  return n;
}

/** Parses a flag value that must be a whole number from min (1 unless said) to max. */
export function parseWholeNumber(
  flag: string,
  value: unknown,
  min = 1,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*\d+\s*$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isSafeInteger(n) || n < min) {
    const what = min === 0 ? 'a whole number (0 or more)' : `a whole number of at least ${min}`;
    throw new UsageError(`--${flag} must be ${what}, got "${String(value)}"`);
  }
  if (n > max) {
    throw new UsageError(`--${flag} must be at most ${max}, got ${n}`);
  }
  return n;
}
