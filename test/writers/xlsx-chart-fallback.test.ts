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
  it('still writes the workbook, and the Summary and Models sheets say why the chart is missing', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'xlsx-no-chart-'));
    try {
      const path = join(folder, 'r.xlsx');
      await writeXlsx(path, await buildDocument([EXAMPLE_ROW], { models: true }));
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(path);
      const summary = workbook.getWorksheet('Summary');
      expect(summary?.getImages()).toHaveLength(0);
      expect(summary?.getRow(2).getCell(8).value).toBe(
        'Chart not drawn: the chart renderer is not available here (Cannot find native binding)',
      );
      // The Models sheet says it where its trend chart would be: one blank row below the models.
      const models = workbook.getWorksheet('Models');
      expect(models?.getImages()).toHaveLength(0);
      const last = models?.rowCount ?? 0;
      expect(models?.getRow(last).getCell(1).value).toBe(
        'Chart not drawn: the chart renderer is not available here (Cannot find native binding)',
      );
      expect(models?.getRow(last - 1).getCell(1).value ?? null).toBeNull();
      expect(String(models?.getRow(last - 2).getCell(1).value)).not.toBe('');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
