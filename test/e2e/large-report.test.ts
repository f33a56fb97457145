import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createErrorRow } from '../../src/report/error-row.js';
import type { ReportRow } from '../../src/report/row.js';
import { writeReports } from '../../src/writers/write-reports.js';
import { buildReport } from '../writers/document.js';

/**
 * A large report (the size that once switched to a streaming writer without table or chart): the same
 * workbook as a small one, with its table and chart, and a complete, readable file with every row.
 */
const COUNT = 50_001;

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
  it('has its table part and its chart image (zip entry names are stored uncompressed)', async () => {
    const bytes = await readFile(path);
    expect(bytes.includes('xl/worksheets/sheet1.xml')).toBe(true);
    expect(bytes.includes('xl/tables/table1.xml')).toBe(true);
    expect(bytes.includes('xl/media/image1.png')).toBe(true);
    expect(bytes.includes('xl/sharedStrings.xml')).toBe(true);
  });

  it('reads back complete: the Summary first, then every task row in order with typed AUROC', async () => {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'ignore',
    });
    // The streaming reader may meet a sheet before the workbook part that names it (the writer puts
    // that part last, and writes the Tasks sheet first), so sheets are told apart by their first cell.
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
