import { UsageError } from '../core/errors.js';
import { openRegularFile } from '../core/open-regular-file.js';
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

/**
 * Reads a stream to its end, counting bytes as they arrive: past `maxBytes` it stops at once with a
 * UsageError, so an endless source (`/dev/zero`, `yes`) costs at most `maxBytes` of memory. A NUL byte
 * ends the read at the first chunk that has one: the input is binary, however long it is.
 */
async function readBounded(
  stream: AsyncIterable<string | Uint8Array>,
  source: string,
  maxBytes: number,
  stop: () => void,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const piece of stream) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
    size += chunk.byteLength;
    if (size > maxBytes) {
      stop();
      throw new UsageError(`${source} is larger than ${maxBytes} bytes; split it`);
    }
    if (chunk.includes(0)) {
      stop();
      decodeIdBytes(chunk, source);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Reads `--ids FILE` (or `-` for stdin) into entries, with a clear UsageError for every bad case. */
export async function readTaskIdFile(
  file: string,
  stdin: NodeJS.ReadableStream = process.stdin,
  maxBytes: number = MAX_ID_FILE_BYTES,
): Promise<TaskIdEntry[]> {
  const source = file === '-' ? 'stdin' : file;
  let bytes: Uint8Array;
  if (file === '-') {
    bytes = await readBounded(stdin as AsyncIterable<string | Uint8Array>, source, maxBytes, () =>
      stdin.pause(),
    );
  } else {
    let handle;
    try {
      handle = await openRegularFile(file, '--ids');
    } catch (error) {
      if (error instanceof UsageError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new UsageError(`ID file ${file} does not exist; check the --ids path`);
      throw new UsageError(`cannot read ID file ${file} (${code ?? 'error'}); check the --ids path`);
    }
    try {
      const info = await handle.stat();
      if (info.isDirectory()) {
        throw new UsageError(`--ids ${file} is a directory; pass a file with one task ID per line`);
      }
      if (info.size > maxBytes) {
        throw new UsageError(`ID file ${file} is larger than ${maxBytes} bytes; split it`);
      }
      const stream = handle.createReadStream({ autoClose: false });
      bytes = await readBounded(stream, `ID file ${file}`, maxBytes, () => stream.destroy());
    } catch (error) {
      if (error instanceof UsageError) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new UsageError(`cannot read ID file ${file} (${code}); check its permissions`);
    } finally {
      await handle.close();
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
