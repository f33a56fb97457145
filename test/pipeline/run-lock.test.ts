import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { takeRunLock } from '../../src/pipeline/run-lock.js';
import { readProcessStart } from '../../src/core/read-process-start.js';
import { ROOT } from '../support/cli.js';

async function lockPath(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'nclue-lock-')), 'r.lock');
}

describe('takeRunLock', () => {
  it('writes its pid, refuses a second taker naming that pid, and is gone after release', async () => {
    const path = await lockPath();
    const lock = await takeRunLock(path);
    expect((await readFile(path, 'utf8')).split(' ')[0]).toBe(`${process.pid}`);
    await expect(takeRunLock(path)).rejects.toThrow(`another run (pid ${process.pid})`);
    await lock.release();
    expect(await readdir(join(path, '..'))).toEqual([]);
  });

  it('takes over a lock whose process is gone', async () => {
    const path = await lockPath();
    await writeFile(path, '4242\n');
    const lock = await takeRunLock(path, { isRunning: (pid) => pid !== 4242, readStart: () => null });
    expect((await readFile(path, 'utf8')).split(' ')[0]).toBe(`${process.pid}`);
    await lock.release();
    expect(await readdir(join(path, '..'))).toEqual([]);
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

  it('records when its process started beside the pid', async () => {
    const path = await lockPath();
    const lock = await takeRunLock(path, { isRunning: () => true, readStart: () => 'boot-1:777' });
    expect((await readFile(path, 'utf8')).split(' ').slice(0, 2)).toEqual([`${process.pid}`, 'boot-1:777']);
    await lock.release();
  });

  it.each([
    ['a pid alone (echo 1 > out/r.lock)', '1\n'],
    ['a pid alone, with spaces around', '  1  \n'],
    ['a pid and another start', '1 boot-0:1 0123\n'],
  ])('takes over a lock naming a live process that is not its run: %s', async (_name, text) => {
    if (readProcessStart(1) === null) return expect(process.platform).not.toBe('linux');
    const path = await lockPath();
    await writeFile(path, text);
    const lock = await takeRunLock(path);
    expect((await readFile(path, 'utf8')).split(' ')[0]).toBe(`${process.pid}`);
    await lock.release();
    expect(await readdir(join(path, '..'))).toEqual([]);
  });

  it('refuses a lock naming a live process with its own start', async () => {
    const start = readProcessStart(process.ppid);
    const path = await lockPath();
    await writeFile(path, `${process.ppid} ${start ?? '-'} 00\n`);
    await expect(takeRunLock(path)).rejects.toThrow(`another run (pid ${process.ppid})`);
    expect(await readFile(path, 'utf8')).toBe(`${process.ppid} ${start ?? '-'} 00\n`);
  });

  it('a reused pid: same pid, another start, is stale; the same start is held', async () => {
    const path = await lockPath();
    await writeFile(path, '4242 boot-1:100 aa\n');
    const probe = (start: string) => ({ isRunning: () => true, readStart: () => start });
    await expect(takeRunLock(path, probe('boot-1:100'))).rejects.toThrow('another run (pid 4242)');
    const lock = await takeRunLock(path, probe('boot-1:101'));
    expect((await readFile(path, 'utf8')).split(' ')[0]).toBe(`${process.pid}`);
    await lock.release();
  });
});

/**
 * Starts `count` processes that wait for one signal, then all take the lock at `path` at once and
 * keep what they got: each prints `held` or `refused`, and exits when its stdin closes.
 */
async function raceForLock(path: string, count: number): Promise<string[]> {
  const module = join(ROOT, 'dist', 'pipeline', 'run-lock.js');
  const script = `
    const { takeRunLock } = await import(${JSON.stringify(module)});
    process.stdout.write('ready\\n');
    process.stdin.once('data', async () => {
      try { await takeRunLock(${JSON.stringify(path)}); process.stdout.write('held\\n'); }
      catch (e) { process.stdout.write(/another run|keep taking/.test(e.message) ? 'refused\\n' : 'error ' + e.message + '\\n'); }
    });
    process.stdin.once('end', () => process.exit(0));`;
  const children = Array.from({ length: count }, () =>
    spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] }),
  );
  const lines = children.map((child) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    return () => out;
  });
  const until = async (done: () => boolean): Promise<void> => {
    for (let i = 0; i < 2000 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  try {
    await until(() => lines.every((read) => read().includes('ready')));
    for (const child of children) child.stdin.write('go\n');
    await until(() => lines.every((read) => /held|refused|error/.test(read())));
    return lines.map((read) => read().replace('ready\n', '').trim());
  } finally {
    for (const child of children) child.stdin.end();
    await Promise.all(children.map((child) => new Promise((resolve) => child.once('exit', resolve))));
  }
}

describe('takeRunLock raced by real processes', () => {
  it('of runs taking over one stale lock at once, exactly one holds it', async () => {
    for (let trial = 0; trial < 6; trial++) {
      const path = await lockPath();
      // The pid of a process that is gone: this test's own child, once it has exited.
      const gone = spawn(process.execPath, ['-e', '']);
      await new Promise((resolve) => gone.once('exit', resolve));
      await writeFile(path, `${gone.pid}\n`);
      const outcomes = await raceForLock(path, 4);
      expect(
        outcomes.filter((o) => o === 'held'),
        `trial ${trial}: ${outcomes.join(', ')}`,
      ).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'refused')).toHaveLength(3);
      const names = await readdir(join(path, '..'));
      expect(names.filter((n) => n.includes('takeover'))).toEqual([]);
    }
  });
});
