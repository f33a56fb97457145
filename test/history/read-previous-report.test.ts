import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPreviousReport } from '../../src/history/read-previous-report.js';
import { UsageError } from '../../src/core/errors.js';
import { loadTemplate } from '../../src/templates/load-template.js';
import type { Template } from '../../src/templates/template.js';

let folder: string;
let templates: Template[];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'previous-'));
  templates = [await loadTemplate('default')];
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function failure(path: string): Promise<Error> {
  const error = await readPreviousReport(path, templates).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(UsageError);
  return error as Error;
}

describe('readPreviousReport', () => {
  it('tells the format by the first bytes when the extension says nothing', async () => {
    const json = join(folder, 'report-json');
    await writeFile(json, ' {"rows":[{"task_id":"x","auroc":0.5}]}');
    expect((await readPreviousReport(json, templates)).format).toBe('json');
    const csv = join(folder, 'report-csv');
    await writeFile(csv, '\uFEFFtask_id,auroc\r\nx,0.5\r\n');
    expect((await readPreviousReport(csv, templates)).rows).toEqual([
      { task_id: 'x', task_name: null, status: null, auroc: 0.5, fetchError: false },
    ]);
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Tasks').addRows([
      ['Task ID', 'AUROC'],
      ['x', 0.5],
    ]);
    const xlsx = join(folder, 'report-xlsx');
    await workbook.xlsx.writeFile(xlsx);
    expect((await readPreviousReport(xlsx, templates)).format).toBe('xlsx');
  });

  it('names a missing file, a folder and an unreadable workbook, as UsageErrors', async () => {
    expect((await failure(join(folder, 'nope.csv'))).message).toMatch(/nope\.csv: the file does not exist/);
    const dir = join(folder, 'dir.csv');
    await mkdir(dir);
    expect((await failure(dir)).message).toMatch(/is a folder/);
    const broken = join(folder, 'broken.xlsx');
    await writeFile(broken, 'not a zip');
    expect((await failure(broken)).message).toMatch(/broken\.xlsx is not a readable xlsx workbook/);
  });

  it('rejects a workbook whose first sheet is not a Tasks sheet', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Notes').addRows([
      ['Name', 'Score'],
      ['x', 1],
    ]);
    const path = join(folder, 'other.xlsx');
    await workbook.xlsx.writeFile(path);
    expect((await failure(path)).message).toMatch(/no sheet has task_id and auroc columns/);
  });

  it.each(['big.csv', 'big.json', 'big-no-extension'])(
    'refuses %s over the size cap before reading it, saying it is too large and naming the cap',
    async (name) => {
      const path = join(folder, name);
      await writeFile(path, 'task_id,auroc\n');
      // Sparse: 300 MiB long, nothing written on disk.
      await truncate(path, 300 * 1024 * 1024);
      const message = (await failure(path)).message;
      expect(message).toBe(
        `--compare ${path} is too large (300 MiB, over the cap of 256 MiB); give a report one run wrote`,
      );
      await rm(path);
    },
  );
});
