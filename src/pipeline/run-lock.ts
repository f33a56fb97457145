import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, lstat, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { UsageError } from '../core/errors.js';
import { isProcessRunning } from '../core/is-process-running.js';
import { readProcessStart } from '../core/read-process-start.js';

/** The lock of a run on one `--out`/`--name`: `<out>/<name>.lock`, naming the process of its run. */
export interface RunLock {
  readonly path: string;
  /** Removes the lock if it is still this run's. Never throws. */
  release(): Promise<void>;
}

/** How the lock tells a live holder from a stale lock; injected by tests. */
export interface LockProbe {
  /** Whether a process of this pid exists. */
  isRunning(pid: number): boolean;
  /** When the process of this pid started (readProcessStart), or null where that cannot be told. */
  readStart(pid: number): string | null;
}

const SYSTEM_PROBE: LockProbe = { isRunning: isProcessRunning, readStart: readProcessStart };

/**
 * How often the lock is tried before giving up: other runs may be taking over the same stale lock,
 * and each try after the first waits a little longer (LOCK_RETRY_STEP_MS × the tries so far).
 */
const LOCK_ATTEMPTS = 10;
const LOCK_RETRY_STEP_MS = 10;

/** What a lock says: `<pid> <start> <nonce>`, start `-` where it could not be read. */
interface LockHolder {
  pid: number;
  start: string | null;
}

/** One lock's text: unique to this taking (the nonce), so a takeover can tell one lock from the next. */
function formatLock(pid: number, start: string | null): string {
  return `${pid} ${start ?? '-'} ${randomBytes(8).toString('hex')}\n`;
}

/** The holder a lock names; a lock of an earlier version holds the pid alone (start null). */
function parseLock(text: string): LockHolder | null {
  const [pidText = '', start] = text.trim().split(/\s+/);
  const pid = Number(pidText);
  if (!/^\d+$/.test(pidText) || !Number.isSafeInteger(pid) || pid <= 0) return null;
  return { pid, start: start === undefined || start === '-' ? null : start };
}

/**
 * Whether the holder's run still runs: its pid is alive and, where the start of a process can be read,
 * that process is the one that took the lock. A pid now used by another process (the lock of a run
 * before a reboot, or `echo 1 > out/r.lock`) is stale, and so is a lock that names no start there.
 */
function isHeld(holder: LockHolder | null, probe: LockProbe): holder is LockHolder {
  if (holder === null || !probe.isRunning(holder.pid)) return false;
  const live = probe.readStart(holder.pid);
  return live === null || live === holder.start;
}

/** The lock's text, or null when it is gone; refuses anything but a regular file. */
async function readLockText(path: string): Promise<string | null> {
  const info = await lstat(path).catch(() => null);
  if (info === null) return null;
  if (!info.isFile()) {
    throw new UsageError(
      `the lock ${path} is not a regular file (a link or a folder); remove it and run again`,
    );
  }
  return readFile(path, { encoding: 'utf8', flag: constants.O_RDONLY | constants.O_NOFOLLOW }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    },
  );
}

async function linkExclusive(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Takes the lock at `path` so that two runs on the same `--out`/`--name` cannot clobber each other's
 * checkpoint and reports. Taken atomically: the lock's text (pid, process start, nonce) is written to
 * a private file that is then hard-linked to `path`, which fails if `path` exists, so the lock is
 * never seen empty. A lock whose process is gone (kill -9, a power cut) or whose pid now belongs to
 * another process is taken over; one whose process runs is refused with exit 2, naming its pid.
 *
 * A takeover is atomic too: only the run that creates the takeover marker of that very stale lock
 * (`.<name>.lock.takeover-<hash of its text>`, hard-linked like the lock) may replace it, and only
 * after checking, marker held, that the lock is still that stale one; it then renames its own lock
 * over it. Runs racing for one stale lock therefore end with one holder, the others see it held.
 */
export async function takeRunLock(path: string, probe: LockProbe = SYSTEM_PROBE): Promise<RunLock> {
  const text = formatLock(process.pid, probe.readStart(process.pid));
  // Named like writeFileAtomic's temporary files, so a draft left by kill -9 is cleared by the next run.
  const draft = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  await writeFile(draft, text, { flag: 'wx', mode: 0o644 });
  try {
    for (let attempt = 1; ; attempt++) {
      if (attempt > LOCK_ATTEMPTS) {
        throw new UsageError(`cannot take the lock ${path}: other runs keep taking it; try again`);
      }
      if (attempt > 1) await delay(LOCK_RETRY_STEP_MS * attempt);
      if (await linkExclusive(draft, path)) break;
      const stale = await readLockText(path);
      if (stale === null) continue;
      const holder = parseLock(stale);
      // Our own pid counts too: another run in this process (tests run the CLI in-process) holds it.
      if (isHeld(holder, probe)) {
        throw new UsageError(
          `another run (pid ${holder.pid}) is using this --out and --name (lock ${path}); wait for it to finish, or choose another --name`,
        );
      }
      if (await takeOver(path, stale, draft, probe)) break;
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
          mine = (await handle.readFile('utf8')) === text;
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

/**
 * Replaces the stale lock whose text is `stale` by `draft`, if this run is the one to take it over.
 * False when another run is at it (or was: the lock changed), so the caller looks at the lock again.
 */
async function takeOver(path: string, stale: string, draft: string, probe: LockProbe): Promise<boolean> {
  const hash = createHash('sha256').update(stale).digest('hex').slice(0, 16);
  const marker = join(dirname(path), `.${basename(path)}.takeover-${hash}`);
  if (!(await linkExclusive(draft, marker))) {
    const taker = parseLock((await readLockText(marker)) ?? '');
    if (taker === null || isHeld(taker, probe)) return false;
    // The run taking it over died in between (a window of microseconds): say what to remove.
    if ((await readLockText(path)) !== stale) return false;
    throw new UsageError(
      `a takeover of the stale lock ${path} was interrupted; remove ${path} and ${marker}, then run again`,
    );
  }
  try {
    if ((await readLockText(path)) !== stale) return false;
    await rename(draft, path);
    return true;
  } finally {
    await rm(marker, { force: true });
  }
}
