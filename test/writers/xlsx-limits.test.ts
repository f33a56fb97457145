import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS, { type Worksheet } from 'exceljs';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PreviousReport } from '../../src/core/previous-report.js';
import { createErrorRow } from '../../src/report/error-row.js';
import type { ReportRow } from '../../src/core/row.js';
import { MAX_CELL_TEXT_CHARS } from '../../src/writers/xlsx-sheet.js';
import {
  chooseWorkbookMode,
  IN_MEMORY_MAX_TASKS,
  nameTasksSheet,
  writeXlsx,
} from '../../src/writers/xlsx.js';
import { buildDocument } from './document.js';
import { makeRow } from './fixtures.js';
import { readTables } from './read-workbook.js';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'xlsx-limits-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function read(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

function sheetRows(worksheet: Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  worksheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

function column(worksheet: Worksheet, label: string): number {
  const index = (worksheet.getRow(1).values as unknown[]).indexOf(label);
  if (index < 1) throw new Error(`no column ${label}`);
  return index;
}

const MODES = ['in-memory', 'streaming'] as const;

describe('chooseWorkbookMode', () => {
  it('keeps the in-memory workbook up to the threshold and streams above it', () => {
    expect(chooseWorkbookMode(0)).toBe('in-memory');
    expect(chooseWorkbookMode(IN_MEMORY_MAX_TASKS)).toBe('in-memory');
    expect(chooseWorkbookMode(IN_MEMORY_MAX_TASKS + 1)).toBe('streaming');
  });
});

describe('nameTasksSheet', () => {
  it('numbers the sheets after the first, within Excel’s 31 characters', () => {
    expect(nameTasksSheet('Tasks', 1)).toBe('Tasks');
    expect(nameTasksSheet('Tasks', 2)).toBe('Tasks (2)');
    expect(nameTasksSheet('태스크', 12)).toBe('태스크 (12)');
    const long = 'x'.repeat(31);
    expect(nameTasksSheet(long, 3)).toBe(`${'x'.repeat(27)} (3)`);
    expect(nameTasksSheet(long, 3)).toHaveLength(31);
  });
});

describe.each(MODES)('the %s workbook', (mode) => {
  const rows: ReportRow[] = Array.from({ length: 7 }, (_, index) =>
    makeRow({ task_id: `t${index}`, task_name: `task ${index}`, auroc: index / 10 }),
  );

  it('splits the Tasks sheet at the row limit: Tasks, Tasks (2), … each with its header, never past it', async () => {
    const path = join(folder, 'split.xlsx');
    await writeXlsx(path, await buildDocument(rows), { mode, maxSheetRows: 4 });
    const workbook = await read(path);
    const names = workbook.worksheets.map((sheet) => sheet.name);
    expect(names).toEqual(['Summary', 'Tasks', 'Tasks (2)', 'Tasks (3)']);
    const tasks = names.slice(1).map((name) => workbook.getWorksheet(name) as Worksheet);
    const counts = tasks.map((sheet) => sheet.rowCount);
    expect(counts).toEqual([4, 4, 2]);
    const nameColumn = column(tasks[0] as Worksheet, 'Task name');
    const written = tasks.flatMap((sheet) =>
      sheetRows(sheet)
        .slice(1)
        .map((values) => values[nameColumn - 1]),
    );
    // In the template's order, as one sheet would be.
    expect(written).toEqual(rows.map((row) => row.task_name));
    for (const sheet of tasks) {
      expect(sheet.getRow(1).getCell(nameColumn).value).toBe('Task name');
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    }
    if (mode === 'in-memory') {
      expect(tasks.map((sheet) => readTables(sheet).map((table) => [table.name, table.tableRef]))).toEqual([
        [['Tasks', expect.stringMatching(/^A1:[A-Z]+4$/)]],
        [['Tasks2', expect.stringMatching(/^A1:[A-Z]+4$/)]],
        [['Tasks3', expect.stringMatching(/^A1:[A-Z]+2$/)]],
      ]);
    } else {
      expect(tasks.map((sheet) => sheet.autoFilter)).toEqual([
        expect.stringMatching(/^A1:[A-Z]+4$/),
        expect.stringMatching(/^A1:[A-Z]+4$/),
        expect.stringMatching(/^A1:[A-Z]+2$/),
      ]);
    }
  });

  it('clips every text cell to 32,767 characters, the status column too', async () => {
    const huge = 's'.repeat(100_000);
    const path = join(folder, 'clip.xlsx');
    await writeXlsx(
      path,
      await buildDocument([makeRow({ task_id: 'c1', task_name: huge, status: huge, fail_message: huge })]),
      { mode },
    );
    const workbook = await read(path);
    const tasks = workbook.getWorksheet('Tasks') as Worksheet;
    for (const label of ['Task name', 'Status', 'Fail message']) {
      const value = tasks.getRow(2).getCell(column(tasks, label)).value;
      expect(typeof value).toBe('string');
      expect((value as string).length, label).toBe(MAX_CELL_TEXT_CHARS);
    }
    workbook.eachSheet((sheet) => {
      sheet.eachRow((row) => {
        row.eachCell((cell) => {
          if (typeof cell.value === 'string')
            expect(cell.value.length).toBeLessThanOrEqual(MAX_CELL_TEXT_CHARS);
        });
      });
    });
  });

  it('writes a date outside 1900-01-01…9999-12-31 as its text, never as a negative serial', async () => {
    const path = join(folder, 'dates.xlsx');
    await writeXlsx(
      path,
      await buildDocument([
        makeRow({ task_id: 'd1', created_at: '0000-01-01T00:00:00', completed_at: '1899-12-31T23:59:59' }),
        makeRow({ task_id: 'd2', created_at: '1900-01-01T00:00:00', completed_at: '2024-11-26T11:48:16' }),
      ]),
      { mode },
    );
    const tasks = (await read(path)).getWorksheet('Tasks') as Worksheet;
    const created = column(tasks, 'Created at');
    const completed = column(tasks, 'Completed at');
    const byId = new Map<unknown, ExcelJS.Row>();
    tasks.eachRow((row) => byId.set(row.getCell(column(tasks, 'Task ID')).value, row));
    expect(byId.get('d1')?.getCell(created).value).toBe('0000-01-01T00:00:00');
    expect(byId.get('d1')?.getCell(completed).value).toBe('1899-12-31T23:59:59');
    expect(byId.get('d2')?.getCell(created).value).toEqual(new Date(Date.UTC(1900, 0, 1)));
    expect(byId.get('d2')?.getCell(completed).value).toEqual(new Date(Date.UTC(2024, 10, 26, 11, 48, 16)));
  });
});

describe.each(MODES)('the %s workbook’s print area', (mode) => {
  it('is absolute, rows included, so LibreOffice keeps it too', async () => {
    const path = join(folder, 'print.xlsx');
    await writeXlsx(path, await buildDocument([makeRow({ task_id: 'p1' }), makeRow({ task_id: 'p2' })]), {
      mode,
    });
    const zip = await JSZip.loadAsync(await readFile(path));
    const workbookXml = (await zip.file('xl/workbook.xml')?.async('string')) ?? '';
    expect(workbookXml).toMatch(
      /<definedName name="_xlnm.Print_Area"[^>]*>&apos;Tasks&apos;!\$A\$1:\$[A-Z]+\$3</,
    );
  });
});

describe('the streaming workbook', () => {
  const PREVIOUS: PreviousReport = {
    source: 'last.csv',
    format: 'csv',
    generatedAt: null,
    rows: [{ task_id: 'a1', task_name: 'model 2024-10', status: 'completed', auroc: 0.5, fetchError: false }],
  };

  it('has every sheet of the in-memory one, a filter for each table and a note for each chart', async () => {
    const rows = [
      makeRow({ task_id: 'a1', task_name: 'model 2024-11', auroc: 0.7, created_at: '2024-11-02T00:00:00' }),
      createErrorRow('gone', 'HTTP 404: task not found'),
    ];
    const document = await buildDocument(rows, { previous: PREVIOUS, models: true });
    const memoryPath = join(folder, 'memory.xlsx');
    const streamPath = join(folder, 'stream.xlsx');
    await writeXlsx(memoryPath, document, { mode: 'in-memory' });
    await writeXlsx(streamPath, document, { mode: 'streaming' });
    const memory = await read(memoryPath);
    const stream = await read(streamPath);
    expect(stream.worksheets.map((sheet) => sheet.name)).toEqual(
      memory.worksheets.map((sheet) => sheet.name),
    );
    expect(stream.worksheets.map((sheet) => sheet.name)).toEqual([
      'Summary',
      'Models',
      'Tasks',
      'Changes',
      'Errors',
    ]);
    for (const sheet of stream.worksheets) {
      expect(readTables(sheet), sheet.name).toEqual([]);
      expect(sheet.getImages(), sheet.name).toEqual([]);
    }
    const memoryChanges = memory.getWorksheet('Changes') as Worksheet;
    const streamChanges = stream.getWorksheet('Changes') as Worksheet;
    expect(streamChanges.autoFilter).toBe(readTables(memoryChanges)[0]?.tableRef);
    expect((stream.getWorksheet('Tasks') as Worksheet).autoFilter).toBe(
      readTables(memory.getWorksheet('Tasks') as Worksheet)[0]?.tableRef,
    );
    const note = document.template.labels.chartOnPage;
    for (const name of ['Summary', 'Models']) {
      const texts = sheetRows(stream.getWorksheet(name) as Worksheet).flat();
      expect(texts, name).toContain(note);
    }
    // Apart from the notes, every cell is the same.
    const filled = (sheet: Worksheet): unknown[] =>
      sheetRows(sheet)
        .flat()
        .filter((value) => value !== undefined && value !== null && value !== note);
    for (const sheet of memory.worksheets) {
      expect(filled(stream.getWorksheet(sheet.name) as Worksheet), sheet.name).toEqual(filled(sheet));
    }
    expect(await readdir(folder)).toEqual(['memory.xlsx', 'stream.xlsx']);
  });
});
