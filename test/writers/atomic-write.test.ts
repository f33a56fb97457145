import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/writers/atomic-write.js';

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'atomic-write-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes through a hidden temporary file in the same folder, then renames it', async () => {
    const finalPath = join(folder, 'report.csv');
    let seenTempPath = '';
    await writeFileAtomic(finalPath, async (tempPath) => {
      seenTempPath = tempPath;
      await writeFile(tempPath, 'new');
      expect(await readdir(folder)).toEqual([basename(tempPath)]);
    });
    expect(dirname(seenTempPath)).toBe(folder);
    expect(basename(seenTempPath)).toMatch(
      new RegExp(`^\\.report\\.csv\\.${process.pid}\\.[0-9a-f]+\\.tmp$`),
    );
    expect(await readFile(finalPath, 'utf8')).toBe('new');
    expect(await readdir(folder)).toEqual(['report.csv']);
  });

  it('keeps the mode of the file it replaces', async () => {
    const finalPath = join(folder, 'report.csv');
    await writeFile(finalPath, 'old');
    await chmod(finalPath, 0o600);
    await writeFileAtomic(finalPath, (tempPath) => writeFile(tempPath, 'new'));
    expect((await stat(finalPath)).mode & 0o777).toBe(0o600);
    await chmod(finalPath, 0o640);
    await writeFileAtomic(finalPath, (tempPath) => writeFile(tempPath, 'newer'));
    expect((await stat(finalPath)).mode & 0o777).toBe(0o640);
    expect(await readFile(finalPath, 'utf8')).toBe('newer');
  });

  it('replaces an existing file', async () => {
    const finalPath = join(folder, 'report.csv');
    await writeFile(finalPath, 'old');
    await writeFileAtomic(finalPath, (tempPath) => writeFile(tempPath, 'new'));
    expect(await readFile(finalPath, 'utf8')).toBe('new');
  });

  it('leaves the previous file intact and no temporary file when the writer fails', async () => {
    const finalPath = join(folder, 'report.csv');
    await writeFile(finalPath, 'old');
    const failure = new Error('disk full');
    await expect(
      writeFileAtomic(finalPath, async (tempPath) => {
        await writeFile(tempPath, 'half');
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await readFile(finalPath, 'utf8')).toBe('old');
    expect(await readdir(folder)).toEqual(['report.csv']);
  });

  it('rethrows when the writer fails before creating the file', async () => {
    const finalPath = join(folder, 'report.csv');
    await expect(writeFileAtomic(finalPath, () => Promise.reject(new Error('no data')))).rejects.toThrow(
      'no data',
    );
    expect(await readdir(folder)).toEqual([]);
  });

  it('cleans up when the rename fails (the final name is a folder)', async () => {
    const finalPath = join(folder, 'taken');
    await mkdir(join(finalPath, 'inside'), { recursive: true });
    await expect(writeFileAtomic(finalPath, (tempPath) => writeFile(tempPath, 'x'))).rejects.toThrow();
    expect(await readdir(folder)).toEqual(['taken']);
  });
});
