import { open, type FileHandle } from 'node:fs/promises';
import { inflateRawSync, constants as zlibConstants } from 'node:zlib';
import { UsageError } from '../core/errors.js';

/**
 * Limits a workbook read for `--compare` must keep before exceljs sees it. exceljs inflates every
 * part it meets and caches every shared string, so a small file can hold gigabytes (a 4.5 MB workbook
 * of 30 million shared strings; a 1.7 MB one whose sheets come before `workbook.xml`, which exceljs
 * spills into temporary files). A report this tool writes stays far inside them.
 */
export const XLSX_LIMITS = {
  /** Uncompressed parts at most this many times the file's size. */
  maxExpansion: 64,
  /** Uncompressed parts at most 512 MiB in all. */
  maxUncompressedBytes: 512 * 1024 * 1024,
  /** Parts (ZIP entries): a report has about twenty. */
  maxEntries: 10_000,
  /** Shared strings: two per cell of a full 1,048,576-row sheet would already be far more than any report. */
  maxSharedStrings: 5_000_000,
  /**
   * Sheets exceljs's streaming reader meets before the shared strings and the workbook's relations
   * are written to temporary files: at most 64 MiB of them.
   */
  maxSpilledBytes: 64 * 1024 * 1024,
} as const;

export type XlsxLimits = { readonly [K in keyof typeof XLSX_LIMITS]: number };

/**
 * ZIP records (PKWARE APPNOTE.TXT, https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT):
 * the signatures as their bytes in the file, which is how they are searched for.
 */
const END_OF_DIRECTORY = Buffer.from('PK\x05\x06', 'latin1');
const ZIP64_END_LOCATOR = Buffer.from('PK\x06\x07', 'latin1');
const ZIP64_END_OF_DIRECTORY = Buffer.from('PK\x06\x06', 'latin1');
const DIRECTORY_ENTRY = Buffer.from('PK\x01\x02', 'latin1');
const LOCAL_HEADER = Buffer.from('PK\x03\x04', 'latin1');
/** The end-of-directory record is 22 bytes plus a comment of at most 65,535. */
const END_OF_DIRECTORY_MAX_BYTES = 22 + 0xffff;
const ZIP64_EXTRA_ID = 0x0001;
const DEFLATE = 8;
/** Compressed bytes of sharedStrings.xml inflated to find its count (the `<sst …>` tag is at the start). */
const SHARED_STRINGS_HEAD_BYTES = 4096;

interface DirectoryEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

/**
 * Reads a workbook's ZIP directory (only the directory and the start of its shared strings, never the
 * sheets) and refuses what exceljs could not read within bounded memory and disk: uncompressed parts
 * over 64 × the file size or over 512 MiB, an implausible number of parts or shared strings, or more
 * than 64 MiB of sheets stored before the parts exceljs needs to read them as they come.
 *
 * @param source names the file in messages (`--compare last.xlsx`).
 * @param instead what to give instead, for the message (the same run's JSON when it exists).
 * @throws UsageError saying which limit the file passes and what to give instead.
 */
export async function checkXlsxDirectory(
  path: string,
  source: string,
  instead = 'the JSON or CSV report of the same run',
  limits: XlsxLimits = XLSX_LIMITS,
): Promise<void> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const refuse = (why: string): UsageError => new UsageError(`${source}: ${why}; give ${instead} instead`);
    const entries = await readDirectory(handle, source, size, refuse, limits);
    let total = 0;
    for (const entry of entries) total += entry.uncompressedSize;
    const cap = Math.min(limits.maxUncompressedBytes, limits.maxExpansion * size);
    if (total > cap) {
      throw refuse(
        `its parts unpack to ${formatMiB(total)}, more than ${total > limits.maxUncompressedBytes ? `${formatMiB(limits.maxUncompressedBytes)}` : `${limits.maxExpansion} × its size of ${formatMiB(size)}`} (not a report this tool wrote, or a ZIP bomb)`,
      );
    }
    let spilled = 0;
    const needed = new Set(['xl/sharedStrings.xml', 'xl/_rels/workbook.xml.rels']);
    for (const entry of [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset)) {
      if (needed.size === 0) break;
      needed.delete(entry.name);
      if (/^xl\/worksheets\/sheet\d+\.xml$/.test(entry.name)) spilled += entry.uncompressedSize;
    }
    if (spilled > limits.maxSpilledBytes) {
      throw refuse(
        `its sheets come before its shared strings and would be unpacked to ${formatMiB(spilled)} of temporary files, more than ${formatMiB(limits.maxSpilledBytes)}`,
      );
    }
    const strings = entries.find((entry) => entry.name === 'xl/sharedStrings.xml');
    if (strings !== undefined) {
      const count = await readSharedStringCount(handle, strings);
      if (count !== null && count > limits.maxSharedStrings) {
        throw refuse(
          `it declares ${count.toLocaleString('en-US')} shared strings, more than ${limits.maxSharedStrings.toLocaleString('en-US')}`,
        );
      }
    }
  } finally {
    await handle.close();
  }
}

function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MiB`;
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** The central directory's entries, found through the end-of-directory record (ZIP64 too). */
async function readDirectory(
  handle: FileHandle,
  source: string,
  size: number,
  refuse: (why: string) => UsageError,
  limits: XlsxLimits,
): Promise<DirectoryEntry[]> {
  const tailStart = Math.max(0, size - END_OF_DIRECTORY_MAX_BYTES);
  const tail = await readAt(handle, tailStart, size - tailStart);
  const endAt = tail.lastIndexOf(END_OF_DIRECTORY);
  if (endAt < 0 || endAt + 22 > tail.length) {
    throw new UsageError(
      `${source} is not a readable xlsx workbook (it is not a ZIP archive); give a report written by nclue-report`,
    );
  }
  let count = tail.readUInt16LE(endAt + 10);
  let directorySize = tail.readUInt32LE(endAt + 12);
  let directoryOffset = tail.readUInt32LE(endAt + 16);
  const locatorAt = endAt - 20;
  if (locatorAt >= 0 && tail.subarray(locatorAt, locatorAt + 4).equals(ZIP64_END_LOCATOR)) {
    const recordOffset = Number(tail.readBigUInt64LE(locatorAt + 8));
    const record = await readAt(handle, recordOffset, 56);
    if (record.length < 56 || !record.subarray(0, 4).equals(ZIP64_END_OF_DIRECTORY)) {
      throw refuse('its ZIP64 directory record is damaged');
    }
    count = Number(record.readBigUInt64LE(32));
    directorySize = Number(record.readBigUInt64LE(40));
    directoryOffset = Number(record.readBigUInt64LE(48));
  }
  if (count > limits.maxEntries) {
    throw refuse(
      `it has ${count.toLocaleString('en-US')} parts, more than ${limits.maxEntries.toLocaleString('en-US')}`,
    );
  }
  if (directoryOffset + directorySize > size) {
    throw refuse('its ZIP directory points past the end of the file (damaged or cut short)');
  }
  const directory = await readAt(handle, directoryOffset, directorySize);
  const entries: DirectoryEntry[] = [];
  let at = 0;
  for (let index = 0; index < count; index++) {
    if (at + 46 > directory.length || !directory.subarray(at, at + 4).equals(DIRECTORY_ENTRY)) {
      throw refuse('its ZIP directory is damaged');
    }
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    let compressedSize = directory.readUInt32LE(at + 20);
    let uncompressedSize = directory.readUInt32LE(at + 24);
    let localHeaderOffset = directory.readUInt32LE(at + 42);
    const name = directory.toString('utf8', at + 46, at + 46 + nameLength);
    // Sizes that do not fit 32 bits are in the ZIP64 extra field, in this order, only when 0xFFFFFFFF.
    const extra = directory.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
    for (let e = 0; e + 4 <= extra.length;) {
      const id = extra.readUInt16LE(e);
      const length = extra.readUInt16LE(e + 2);
      if (id === ZIP64_EXTRA_ID) {
        let field = e + 4;
        const next = (): number => {
          const value = field + 8 <= extra.length ? Number(extra.readBigUInt64LE(field)) : 0;
          field += 8;
          return value;
        };
        if (uncompressedSize === 0xffffffff) uncompressedSize = next();
        if (compressedSize === 0xffffffff) compressedSize = next();
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = next();
      }
      e += 4 + length;
    }
    entries.push({
      name,
      method: directory.readUInt16LE(at + 10),
      compressedSize,
      uncompressedSize,
      localHeaderOffset,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The `uniqueCount` (or `count`) that sharedStrings.xml declares, from its first few kilobytes. */
async function readSharedStringCount(handle: FileHandle, entry: DirectoryEntry): Promise<number | null> {
  const header = await readAt(handle, entry.localHeaderOffset, 30);
  if (header.length < 30 || !header.subarray(0, 4).equals(LOCAL_HEADER)) return null;
  const dataAt = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const head = await readAt(handle, dataAt, Math.min(entry.compressedSize, SHARED_STRINGS_HEAD_BYTES));
  let text: string;
  try {
    text =
      entry.method === DEFLATE
        ? inflateRawSync(head, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString('utf8')
        : head.toString('utf8');
  } catch {
    return null; // exceljs says what is wrong with the part
  }
  const tag = /<(?:\w+:)?sst\b[^>]*>/.exec(text)?.[0] ?? '';
  const declared = /\buniqueCount="(\d+)"/.exec(tag) ?? /\bcount="(\d+)"/.exec(tag);
  return declared === null ? null : Number(declared[1]);
}
