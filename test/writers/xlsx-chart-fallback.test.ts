import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it, vi } from 'vitest';
import { writeXlsx } from '../../src/writers/xlsx.js';
import { buildDocument } from './document.js';
import { EXAMPLE_ROW } from './fixtures.js';

// A platform without a prebuilt resvg binary: loading the renderer fails.
vi.mock('../../src/writers/chart-png.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/writers/chart-png.js')>()),
  renderChartPng: () => Promise.reject(new Error('Cannot find native binding\nstack…')),
}));

describe('writeXlsx without the chart renderer', () => {
  it('still writes the workbook, and the Summary says why the chart is missing', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'xlsx-no-chart-'));
    try {
      const path = join(folder, 'r.xlsx');
      await writeXlsx(path, await buildDocument([EXAMPLE_ROW]));
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(path);
      const summary = workbook.getWorksheet('Summary');
      expect(summary?.getImages()).toHaveLength(0);
      expect(summary?.getRow(2).getCell(8).value).toBe(
        'Chart not drawn: the chart renderer is not available here (Cannot find native binding)',
      );
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
