import type { FileHandle } from 'node:fs/promises';
import { extname } from 'node:path';
import { UsageError } from '../core/errors.js';
import { openRegularFile } from '../core/open-regular-file.js';
import type { Template } from '../templates/template.js';
import { createTooLargeError, MAX_COMPARE_TEXT_BYTES } from './compare-file-too-large.js';
import { createHeaderMatcher, createStatusMatcher } from './match-header.js';
import { parsePreviousCsv } from './parse-previous-csv.js';
import { parsePreviousJson } from './parse-previous-json.js';
import type { PreviousFormat, PreviousReport } from '../core/previous-report.js';
import { readPreviousXlsx } from './read-previous-xlsx.js';

/** An xlsx file is a zip archive: it starts with the local-file-header signature `PK\x03\x04`. */
const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * Reads a report an earlier run wrote, for `--compare`: CSV, xlsx or JSON, told apart by the file's
 * extension, or by its first bytes when the extension is none of those.
 *
 * @param templates templates whose labels may head the columns (the current one and the bundled ones).
 * @throws UsageError when the file is missing or is not such a report — before any request is sent.
 */
export async function readPreviousReport(
  path: string,
  templates: readonly Template[],
): Promise<PreviousReport> {
  const format = await detectFormat(path);
  const matchHeader = createHeaderMatcher(templates);
  switch (format) {
    case 'xlsx':
      return readPreviousXlsx(path, path, matchHeader, createStatusMatcher(templates));
    case 'json':
      return parsePreviousJson(await readText(path), path);
    case 'csv':
      return parsePreviousCsv(await readText(path), path, matchHeader);
  }
}

async function detectFormat(path: string): Promise<PreviousFormat> {
  const extension = extname(path).toLowerCase();
  const head = await readHead(path);
  if (
    extension === '.xlsx' ||
    (extension !== '.csv' && extension !== '.json' && head.subarray(0, 4).equals(ZIP_SIGNATURE))
  ) {
    return 'xlsx';
  }
  if (extension === '.json') {
    return 'json';
  }
  if (extension === '.csv') {
    return 'csv';
  }
  const firstCharacter = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .charAt(0);
  return firstCharacter === '{' || firstCharacter === '[' ? 'json' : 'csv';
}

async function readHead(path: string): Promise<Buffer> {
  return withReportFile(path, async (handle) => {
    const buffer = Buffer.alloc(64);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  });
}

/** Reads a CSV or JSON report whole, refusing one over MAX_COMPARE_TEXT_BYTES before reading it. */
async function readText(path: string): Promise<string> {
  return withReportFile(path, async (handle) => {
    const { size } = await handle.stat();
    if (size > MAX_COMPARE_TEXT_BYTES) throw createTooLargeError(path, size, MAX_COMPARE_TEXT_BYTES);
    return handle.readFile('utf8');
  });
}

/**
 * Opens the report `--compare` names and reads it with `read`, then closes it. A FIFO or a device is
 * refused on opening, before anything could wait on it; a failure to open or read becomes a
 * UsageError naming the file (describeReadError).
 */
async function withReportFile<T>(path: string, read: (handle: FileHandle) => Promise<T>): Promise<T> {
  let handle;
  try {
    handle = await openRegularFile(path, '--compare');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw describeReadError(path, error);
  }
  try {
    return await read(handle);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw describeReadError(path, error);
  } finally {
    await handle.close();
  }
}

/** Node's own refusals of a file or text too large to hold (a file grown since it was measured). */
const TOO_LARGE_CODES: ReadonlySet<string> = new Set(['ERR_FS_FILE_TOO_LARGE', 'ERR_STRING_TOO_LONG']);

function describeReadError(path: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  if (code === 'ENOENT') {
    return new UsageError(`--compare ${path}: the file does not exist; give a report an earlier run wrote`);
  }
  if (code === 'EISDIR') {
    return new UsageError(`--compare ${path} is a folder; give a report file (csv, xlsx or json)`);
  }
  if (TOO_LARGE_CODES.has(code)) return createTooLargeError(path, null, MAX_COMPARE_TEXT_BYTES);
  return new UsageError(`--compare ${path} cannot be read (${code})`);
}
