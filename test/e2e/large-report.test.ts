import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createErrorRow } from '../../src/report/error-row.js';
import type { ReportRow } from '../../src/core/row.js';
import { writeReports } from '../../src/writers/write-reports.js';
import { IN_MEMORY_MAX_TASKS } from '../../src/writers/xlsx.js';
import { buildReport } from '../writers/document.js';

/**
 * A large report, above IN_MEMORY_MAX_TASKS: written by exceljs's streaming writer, so the Tasks header
 * has a filter instead of a table and the Summary says the charts are on the HTML page; every row is
 * there, in order.
 */
const COUNT = IN_MEMORY_MAX_TASKS + 1;

let folder: string;
let path: string;

function createRow(index: number): ReportRow {
  return {
    ...createErrorRow(`task-${index}`, ''),
    fetch_error: null,
    task_name: `모델 ${index}`,
    status: index % 2 === 0 ? 'completed' : 'failed',
    auroc: index % 2 === 0 ? (index % 1000) / 1000 : null,
  };
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'large-xlsx-'));
  const report = buildReport(Array.from({ length: COUNT }, (_, index) => createRow(index)));
  const written = await writeReports(report, {
    outDir: folder,
    name: 'large',
    formats: ['xlsx'],
    bom: true,
    escapeFormulas: true,
  });
  path = written[0]?.path ?? '';
}, 60_000);

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe(`a report of ${COUNT} rows`, () => {
  it('has shared strings, no table part and no image (zip entry names are stored uncompressed)', async () => {
    const bytes = await readFile(path);
    expect(bytes.includes('xl/worksheets/sheet1.xml')).toBe(true);
    expect(bytes.includes('xl/sharedStrings.xml')).toBe(true);
    expect(bytes.includes('xl/tables/')).toBe(false);
    expect(bytes.includes('xl/media/')).toBe(false);
  });

  it('filters the Tasks header instead of a table, and the Summary says where the charts are', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Summary', 'Tasks']);
    const tasks = workbook.getWorksheet('Tasks');
    expect(tasks?.autoFilter).toMatch(new RegExp(`^A1:[A-Z]+${COUNT + 1}$`));
    expect(tasks?.getTables()).toEqual([]);
    expect(tasks?.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 1 });
    const texts: string[] = [];
    workbook.getWorksheet('Summary')?.eachRow((row) => {
      row.eachCell((cell) => {
        if (typeof cell.value === 'string') texts.push(cell.value);
      });
    });
    expect(texts.some((text) => text.includes('the charts are on the HTML page'))).toBe(true);
  }, 60_000);

  it('reads back complete: the Summary first, then every task row in order with typed AUROC', async () => {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'ignore',
    });
    // The streaming reader may meet a sheet before the workbook part that names it (exceljs's
    // streaming writer puts that part last), so sheets are told apart by their first cell.
    const firstCells: unknown[] = [];
    let rows = 0;
    let last: unknown[] = [];
    for await (const sheet of reader) {
      let first: unknown = undefined;
      for await (const row of sheet) {
        const values = (row.values as unknown[]).slice(1);
        if (first === undefined) {
          first = values[0];
          firstCells.push(first);
        }
        if (first === 'Task name') {
          rows += 1;
          last = values.slice(0, 4);
        }
      }
    }
    expect([...firstCells].sort()).toEqual(['NCLUE task report', 'Task name']);
    expect(rows).toBe(COUNT + 1);
    // Name, model, status in the template's words, AUROC.
    expect(last).toEqual([
      `모델 ${COUNT - 1}`,
      `모델 ${COUNT - 1}`,
      'Available',
      ((COUNT - 1) % 1000) / 1000,
    ]);
  });
});
