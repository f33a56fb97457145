import { mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { takeRunLock } from '../../src/pipeline/run-lock.js';

async function lockPath(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'nclue-lock-')), 'r.lock');
}

describe('takeRunLock', () => {
  it('writes its pid, refuses a second taker naming that pid, and is gone after release', async () => {
    const path = await lockPath();
    const lock = await takeRunLock(path);
    expect(await readFile(path, 'utf8')).toBe(`${process.pid}\n`);
    await expect(takeRunLock(path)).rejects.toThrow(`another run (pid ${process.pid})`);
    await lock.release();
    expect(await readdir(join(path, '..'))).toEqual([]);
  });

  it('takes over a lock whose process is gone', async () => {
    const path = await lockPath();
    await writeFile(path, '4242\n');
    const lock = await takeRunLock(path, (pid) => pid !== 4242);
    expect(await readFile(path, 'utf8')).toBe(`${process.pid}\n`);
    await lock.release();
  });

  it('release leaves a lock that another run has taken since', async () => {
    const path = await lockPath();
    const lock = await takeRunLock(path);
    await writeFile(path, '4242\n');
    await lock.release();
    expect(await readFile(path, 'utf8')).toBe('4242\n');
  });

  it('refuses a lock that is a symbolic link', async () => {
    const path = await lockPath();
    await symlink('/nonexistent', path);
    await expect(takeRunLock(path)).rejects.toThrow(/not a regular file/);
  });
});
