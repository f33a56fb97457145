import { UsageError } from '../core/errors.js';

/**
 * Largest CSV or JSON report read for `--compare`, in bytes. A month of a million tasks writes a CSV
 * of about 300 MB only with long names; read whole, the text costs up to twice its size in memory, so
 * past this a file is no report of one run, and reading it would only exhaust memory.
 */
export const MAX_COMPARE_TEXT_BYTES = 256 * 1024 * 1024;

function formatMiB(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
}

/**
 * The error of a `--compare` file refused for its size: says so, with the size when known and the
 * cap, so that "cannot be read" never hides the reason. Every size limit on --compare files words
 * its refusal through here.
 */
export function createTooLargeError(path: string, sizeBytes: number | null, capBytes: number): UsageError {
  const size = sizeBytes === null ? '' : `${formatMiB(sizeBytes)}, `;
  return new UsageError(
    `--compare ${path} is too large (${size}over the cap of ${formatMiB(capBytes)}); give a report one run wrote`,
  );
}
