import fs from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WRITE_BUFFER_BYTES } from '../../src/writers/atomic-write.js';
import { renderCsv, writeCsv } from '../../src/writers/csv.js';
import { renderModelsCsv, writeModelsCsv } from '../../src/writers/models-csv.js';
import { IN_MEMORY_ZIP_OPTIONS } from '../../src/writers/xlsx-sheet.js';
import { writeXlsx } from '../../src/writers/xlsx.js';
import { computeCellStyle, writeLines, type SheetLine } from '../../src/writers/xlsx-lines.js';
import { toAurocCell, toTextCell } from '../../src/writers/xlsx-cells.js';
import type { CellStyle, CellValue, SheetWriter } from '../../src/writers/xlsx-sheet.js';
import { buildDocument, buildModels, buildReport } from './document.js';
import { makeRow } from './fixtures.js';

// exceljs's own writer class, the one its Workbook's `xlsx` property makes (same module instance).
const require = createRequire(import.meta.url);
const XlsxWriter = require('exceljs/lib/xlsx/xlsx.js') as {
  prototype: { writeFile(path: string, options?: unknown): Promise<void> };
};

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'xlsx-speed-'));
});

afterEach(async () => {
  vi.restoreAllMocks();
  syncBuiltinESMExports();
  await rm(folder, { recursive: true, force: true });
});

describe('the in-memory workbook', () => {
  it('is deflated at level 1 through exceljs zip option, and still reads back', async () => {
    expect(IN_MEMORY_ZIP_OPTIONS).toEqual({ compression: 'DEFLATE', compressionOptions: { level: 1 } });
    const writeFile = vi.spyOn(XlsxWriter.prototype, 'writeFile');
    const rows = Array.from({ length: 30 }, (_, i) =>
      makeRow({ task_id: `t${i}`, task_name: `model ${i % 3} 2024-11`, auroc: 0.5 + i / 100 }),
    );
    const path = join(folder, 'memory.xlsx');
    await writeXlsx(path, await buildDocument(rows, { models: true }), { mode: 'in-memory' });
    expect(writeFile).toHaveBeenCalledTimes(1);
    expect(writeFile.mock.calls[0]?.[1]).toEqual({ zip: IN_MEMORY_ZIP_OPTIONS });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    expect(workbook.getWorksheet('Tasks')?.rowCount).toBe(31);
  });

  it('is not given the in-memory zip options when streamed', async () => {
    const writeFile = vi.spyOn(XlsxWriter.prototype, 'writeFile');
    const path = join(folder, 'stream.xlsx');
    await writeXlsx(path, await buildDocument([makeRow({ task_id: 'a1' })]), { mode: 'streaming' });
    expect(writeFile).not.toHaveBeenCalled();
  });
});

describe('writeLines', () => {
  /** A SheetWriter that keeps what it is given. */
  function recordingSheet(): { sheet: SheetWriter; styles: (CellStyle | undefined)[][] } {
    const styles: (CellStyle | undefined)[][] = [];
    const sheet = {
      writeRow: (_row: number, _values: readonly CellValue[], given: readonly (CellStyle | undefined)[]) => {
        styles.push([...given]);
      },
    } as unknown as SheetWriter;
    return { sheet, styles };
  }

  it('gives cells of the same look one style object, equal to the computed style', () => {
    const font = { name: 'Malgun Gothic', size: 11 };
    const lines: SheetLine[] = Array.from({ length: 50 }, (_, i) => ({
      style: 'body' as const,
      cells: [toTextCell(`model ${i}`), toAurocCell(0.5 + i / 100), toTextCell('regressed', { tone: 'bad' })],
    }));
    const { sheet, styles } = recordingSheet();
    writeLines(sheet, lines, font);
    expect(styles).toHaveLength(50);
    const first = styles[0] ?? [];
    for (const row of styles) {
      row.forEach((style, column) => expect(style).toBe(first[column]));
    }
    expect(first[0]).toEqual(computeCellStyle('body', toTextCell('model 0'), font));
    expect(first[1]).toEqual(computeCellStyle('body', toAurocCell(0.5), font));
    expect(first[2]).toEqual(computeCellStyle('body', toTextCell('regressed', { tone: 'bad' }), font));
    // Different looks stay different.
    expect(first[2]).not.toEqual(first[0]);
    expect(first[1]).not.toEqual(first[0]);
  });

  it('keeps an empty cell and a filled one of a line apart', () => {
    // A filled cell gets the template's font name, an empty one the body font.
    const font = { name: 'Malgun Gothic', size: 11 };
    const { sheet, styles } = recordingSheet();
    writeLines(sheet, [{ style: 'header', cells: [toTextCell('Model'), toTextCell(null)] }], font);
    const [filled, empty] = styles[0] ?? [];
    expect(filled).toEqual(computeCellStyle('header', toTextCell('Model'), font));
    expect(empty).toEqual(computeCellStyle('header', toTextCell(null), font));
    expect(filled).not.toEqual(empty);
  });
});

describe('the report streams', () => {
  /** Spies on fs.createWriteStream as the writers import it (a named import of node:fs). */
  function spyOnWriteStreams(): ReturnType<typeof vi.spyOn> {
    const spy = vi.spyOn(fs, 'createWriteStream');
    syncBuiltinESMExports();
    return spy;
  }

  it('write the task CSV, the models CSV and the streamed workbook through a 1 MiB buffer', async () => {
    expect(WRITE_BUFFER_BYTES).toBe(1024 * 1024);
    const rows = Array.from({ length: 20 }, (_, i) =>
      makeRow({ task_id: `t${i}`, task_name: `model ${i % 4} 2024-11`, auroc: 0.5 + i / 100 }),
    );
    const spy = spyOnWriteStreams();
    const csvPath = join(folder, 'run.csv');
    const modelsPath = join(folder, 'run.models.csv');
    const xlsxPath = join(folder, 'run.xlsx');
    await writeCsv(csvPath, rows);
    const models = buildModels(buildReport(rows));
    await writeModelsCsv(modelsPath, models, { bom: true, escapeFormulas: true });
    await writeXlsx(xlsxPath, await buildDocument(rows, { models: true }), { mode: 'streaming' });
    expect(spy).toHaveBeenCalledTimes(3);
    for (const call of spy.mock.calls) {
      expect(call[1]).toEqual({ highWaterMark: WRITE_BUFFER_BYTES });
    }
    // The bytes are those of the text renderers.
    expect(await readFile(csvPath, 'utf8')).toBe(renderCsv(rows));
    expect(await readFile(modelsPath, 'utf8')).toBe(
      renderModelsCsv(models, { bom: true, escapeFormulas: true }),
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsxPath);
    expect(workbook.getWorksheet('Tasks')?.rowCount).toBe(21);
  });
});
