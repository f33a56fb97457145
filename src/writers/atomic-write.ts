import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, chown, lstat, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * How much a report file's stream takes before it asks its writer to wait: 1 MiB rather than Node's
 * 16 KiB, so records keep being formatted while earlier ones are written to disk (with 16 KiB a
 * profiled 100,000-task CSV run sat idle, waiting on the file, for 1.4 s of its writing phase). Used
 * by the task CSV, the models CSV and the streamed workbook.
 */
export const WRITE_BUFFER_BYTES = 1024 * 1024;

/**
 * Writes a file so that readers see either the previous complete file or the new complete file,
 * never a half-written one: `write` fills a temporary file in the same folder (same file system, so
 * the rename is atomic), which is fsynced and then renamed over `finalPath`. On any error the temporary
 * file is removed, the previous file of that name is left untouched, and the error is rethrown.
 *
 * @param write fills the file at the path it is given (it may create or overwrite it).
 */
export async function writeFileAtomic(
  finalPath: string,
  write: (tempPath: string) => Promise<void>,
): Promise<void> {
  const tempPath = createTempPath(finalPath);
  try {
    // Created exclusively first: nothing already at that name (a planted link) is ever written through.
    await (await open(tempPath, 'wx')).close();
    await write(tempPath);
    await keepOwnership(finalPath, tempPath);
    await fsyncFile(tempPath);
    await rename(tempPath, finalPath);
  } catch (error) {
    await rm(tempPath, { force: true }).catch(() => undefined);
    throw error;
  }
  await fsyncDirectory(dirname(finalPath));
}

/**
 * The new file takes the mode (and, where allowed, the group and owner) of the file it replaces: a
 * report someone restricted with `chmod 600` must not become readable by others after the next run.
 */
async function keepOwnership(finalPath: string, tempPath: string): Promise<void> {
  const previous = await lstat(finalPath).catch(() => null);
  if (previous === null || !previous.isFile()) return;
  await chmod(tempPath, previous.mode & 0o7777);
  // Only root may give a file away; a group the user belongs to is allowed too. Otherwise keep ours.
  await chown(tempPath, previous.uid, previous.gid).catch(() =>
    chown(tempPath, -1, previous.gid).catch(() => undefined),
  );
}

/** `.<base>.<pid>.<random>.tmp` beside the final file: hidden, unique per process and call. */
function createTempPath(finalPath: string): string {
  const random = randomBytes(6).toString('hex');
  return join(dirname(finalPath), `.${basename(finalPath)}.${process.pid}.${random}.tmp`);
}

/** Flushes the data to disk before the rename, so a crash cannot leave a renamed but empty file. */
async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, constants.O_RDWR | constants.O_NOFOLLOW);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes the rename itself durable. Best effort: some platforms (Windows) cannot open a folder. */
async function fsyncDirectory(path: string): Promise<void> {
  try {
    const handle = await open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // The file is in place; only durability across a power cut is not guaranteed here.
  }
}
