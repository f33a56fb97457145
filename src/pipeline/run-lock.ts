import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, lstat, open, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../errors.js';
import { isProcessRunning } from '../is-process-running.js';

/** The lock of a run on one `--out`/`--name`: `<out>/<name>.lock`, holding the pid of its run. */
export interface RunLock {
  readonly path: string;
  /** Removes the lock if it is still this run's. Never throws. */
  release(): Promise<void>;
}

/** How often a lock left by a process that is gone is taken over before giving up (another run races). */
const TAKEOVER_ATTEMPTS = 3;

async function readHolder(path: string): Promise<number | null> {
  const info = await lstat(path).catch(() => null);
  if (info === null) return null;
  if (!info.isFile()) {
    throw new UsageError(
      `the lock ${path} is not a regular file (a link or a folder); remove it and run again`,
    );
  }
  const text = await readFile(path, {
    encoding: 'utf8',
    flag: constants.O_RDONLY | constants.O_NOFOLLOW,
  }).catch(() => '');
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}

/**
 * Takes the lock at `path` so that two runs on the same `--out`/`--name` cannot clobber each other's
 * checkpoint and reports. Taken atomically: the pid is written to a private file that is then
 * hard-linked to `path`, which fails if `path` exists, so the lock is never seen empty. A lock whose
 * process is gone (kill -9, a power cut) is taken over; one whose process runs is refused with exit 2,
 * naming its pid.
 */
export async function takeRunLock(
  path: string,
  isRunning: (pid: number) => boolean = isProcessRunning,
): Promise<RunLock> {
  // Named like writeFileAtomic's temporary files, so a draft left by kill -9 is cleared by the next run.
  const draft = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  await writeFile(draft, `${process.pid}\n`, { flag: 'wx', mode: 0o644 });
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await link(draft, path);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = await readHolder(path);
      // Our own pid counts too: another run in this process (tests run the CLI in-process) holds it.
      if (holder !== null && isRunning(holder)) {
        throw new UsageError(
          `another run (pid ${holder}) is using this --out and --name (lock ${path}); wait for it to finish, or choose another --name`,
        );
      }
      if (attempt >= TAKEOVER_ATTEMPTS) {
        throw new UsageError(`cannot take the lock ${path}: other runs keep taking it; try again`);
      }
      // Its process is gone: take the lock over.
      await rm(path, { force: true });
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`cannot take the lock ${path} (${code}); choose a writable --out`);
  } finally {
    await rm(draft, { force: true }).catch(() => undefined);
  }
  return {
    path,
    async release() {
      try {
        const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
        let mine: boolean;
        try {
          mine = Number((await handle.readFile('utf8')).trim()) === process.pid;
        } finally {
          await handle.close();
        }
        if (mine) await rm(path, { force: true });
      } catch {
        // Already gone, or not ours any more: nothing to release.
      }
    },
  };
}
