import { readFile, stat } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { parseTaskIdText, type TaskIdEntry } from './parse-task-ids.js';

/** Bounds an ID file: a million UUID lines is ~37 MB; anything far larger is a mistake. */
export const MAX_ID_FILE_BYTES = 256 * 1024 * 1024;

/**
 * Decodes an ID file's bytes, refusing what is plainly not a text list of IDs:
 * NUL bytes (binary) or invalid UTF-8. An empty file is refused too: it would make an empty report.
 */
export function decodeIdBytes(bytes: Uint8Array, source: string): string {
  if (bytes.includes(0)) {
    throw new UsageError(
      `${source} looks binary (it contains NUL bytes); pass a text file with one task ID per line`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`${source} is not valid UTF-8; save it as UTF-8 (with or without BOM) and retry`);
  }
  return text;
}

async function readStdin(stdin: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks);
}

/** Reads `--ids FILE` (or `-` for stdin) into entries, with a clear UsageError for every bad case. */
export async function readTaskIdFile(
  file: string,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<TaskIdEntry[]> {
  const source = file === '-' ? 'stdin' : file;
  let bytes: Uint8Array;
  if (file === '-') {
    bytes = await readStdin(stdin);
  } else {
    let info;
    try {
      info = await stat(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new UsageError(`ID file ${file} does not exist; check the --ids path`);
      throw new UsageError(`cannot read ID file ${file} (${code ?? 'error'}); check the --ids path`);
    }
    if (info.isDirectory()) {
      throw new UsageError(`--ids ${file} is a directory; pass a file with one task ID per line`);
    }
    if (info.size > MAX_ID_FILE_BYTES) {
      throw new UsageError(`ID file ${file} is larger than ${MAX_ID_FILE_BYTES} bytes; split it`);
    }
    try {
      bytes = await readFile(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new UsageError(`cannot read ID file ${file} (${code}); check its permissions`);
    }
  }
  const entries = parseTaskIdText(decodeIdBytes(bytes, source), source);
  if (entries.length === 0) {
    throw new UsageError(
      `${source} lists no task IDs (only blank or # comment lines); put one task ID per line`,
    );
  }
  return entries;
}
