import { randomBytes } from 'node:crypto';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';

/**
 * Creates the output folder if missing and proves it writable with a probe file, so a run that would
 * fail at the very end (after an hour of requests) fails before sending anything.
 */
export async function prepareOutDir(dir: string): Promise<void> {
  try {
    const info = await stat(dir);
    if (!info.isDirectory())
      throw new UsageError(`--out ${dir} exists and is not a folder; choose another path`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    try {
      await mkdir(dir, { recursive: true });
    } catch (inner) {
      const code = (inner as NodeJS.ErrnoException).code ?? 'error';
      throw new UsageError(`cannot create output folder ${dir} (${code}); choose a writable --out`);
    }
  }
  // A name no one can guess, created exclusively (`wx` fails on anything already there, a planted
  // symbolic link included), so the probe can never truncate a file through a link.
  const probe = join(dir, `.nclue-report-probe-${process.pid}-${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(probe, '', { flag: 'wx' });
    await rm(probe, { force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`output folder ${dir} is not writable (${code}); choose a writable --out`);
  }
}
