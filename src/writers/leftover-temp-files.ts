import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isProcessRunning } from '../core/is-process-running.js';

/** writeFileAtomic's temporary names: `.<file name>.<pid>.<12 hex digits>.tmp`. */
const TEMP_FILE_NAME = /^\.[^/\\]+\.(\d+)\.[0-9a-f]{12}\.tmp$/;

/** The pid in a temporary file name of this tool, or null for any other name. */
export function parseTempFileName(name: string): number | null {
  const pid = TEMP_FILE_NAME.exec(name)?.[1];
  return pid === undefined ? null : Number(pid);
}

/**
 * Removes the temporary files a killed run left in `dir` (kill -9 gives writeFileAtomic no chance to
 * clean up). Only names of this tool's pattern, only regular files, and only when the process that
 * made them is gone: a run still writing in the same folder keeps its files. Returns the names removed.
 */
export async function removeLeftoverTempFiles(
  dir: string,
  isRunning: (pid: number) => boolean = isProcessRunning,
): Promise<string[]> {
  const removed: string[] = [];
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const pid = parseTempFileName(name);
    if (pid === null || pid === process.pid || isRunning(pid)) continue;
    const path = join(dir, name);
    const info = await lstat(path).catch(() => null);
    if (info === null || !info.isFile()) continue;
    await rm(path, { force: true }).then(
      () => removed.push(name),
      () => undefined,
    );
  }
  return removed;
}
