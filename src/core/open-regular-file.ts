import { closeSync, constants, fstatSync, openSync, readFileSync, statSync, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { UsageError } from './errors.js';

/**
 * Opening for reading never waits: a named pipe (FIFO) swapped in after the check opens at once
 * instead of blocking a thread until some writer appears (which no Ctrl-C could interrupt).
 */
const READ_NOW = constants.O_RDONLY | constants.O_NONBLOCK;

/**
 * What a path is, in words, when it is something reading could hang on or never finish; null for a
 * regular file, and for a folder (reading one fails at once with EISDIR, which callers word themselves).
 */
export function describeNonRegular(info: Stats): string | null {
  if (info.isFile() || info.isDirectory()) return null;
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

function refuse(what: string, path: string, kind: string): UsageError {
  return new UsageError(`${what} ${path} is ${kind}, not a regular file; pass a regular file`);
}

/**
 * Opens a file the user named (`what` says which, e.g. `--ids`) for reading, refusing with a
 * UsageError (exit 2) anything but a regular file: reading a FIFO with no writer would hang, and
 * `/dev/zero` never ends. Checked before opening and again on the open file. Other errors (ENOENT,
 * EACCES) are thrown as they are, for the caller's own message.
 */
export async function openRegularFile(path: string, what: string): Promise<FileHandle> {
  const kind = describeNonRegular(await stat(path));
  if (kind !== null) throw refuse(what, path, kind);
  const handle = await open(path, READ_NOW);
  try {
    const again = describeNonRegular(await handle.stat());
    if (again !== null) throw refuse(what, path, again);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** openRegularFile's synchronous twin, for readers yargs calls synchronously (--config). */
export function readRegularFileSync(path: string, what: string): string {
  const kind = describeNonRegular(statSync(path));
  if (kind !== null) throw refuse(what, path, kind);
  const fd = openSync(path, READ_NOW);
  try {
    const again = describeNonRegular(fstatSync(fd));
    if (again !== null) throw refuse(what, path, again);
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}
