import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseTempFileName, removeLeftoverTempFiles } from '../../src/writers/leftover-temp-files.js';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'leftover-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('parseTempFileName', () => {
  it.each([
    ['.r.csv.4242.0123456789ab.tmp', 4242],
    ['.nclue-tasks-2026-11-01.xlsx.7.abcdefabcdef.tmp', 7],
    ['.r.csv.4242.0123456789a.tmp', null],
    ['r.csv.4242.0123456789ab.tmp', null],
    ['.r.csv.x.0123456789ab.tmp', null],
    ['.r.csv.4242.0123456789ab.tmp.bak', null],
    ['notes.tmp', null],
  ])('%s → %s', (name, pid) => {
    expect(parseTempFileName(name)).toBe(pid);
  });
});

describe('removeLeftoverTempFiles', () => {
  it("removes only this tool's temporary files whose process is gone", async () => {
    const gone = '.r.csv.111.0123456789ab.tmp';
    const alive = '.r.xlsx.222.0123456789ab.tmp';
    const ours = `.r.json.${process.pid}.0123456789ab.tmp`;
    const other = ['r.csv', 'notes.tmp', '.hidden', '.r.csv.111.xyz.tmp'];
    for (const name of [gone, alive, ours, ...other]) await writeFile(join(folder, name), 'x');
    await mkdir(join(folder, '.d.csv.111.0123456789ab.tmp'));
    const removed = await removeLeftoverTempFiles(folder, (pid) => pid === 222);
    expect(removed).toEqual([gone]);
    expect((await readdir(folder)).sort()).toEqual(
      [alive, ours, ...other, '.d.csv.111.0123456789ab.tmp'].sort(),
    );
  });

  it('is quiet about a folder that does not exist', async () => {
    expect(await removeLeftoverTempFiles(join(folder, 'missing'))).toEqual([]);
  });
});
