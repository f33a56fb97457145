import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS, { type Worksheet } from 'exceljs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PreviousReport } from '../../src/core/previous-report.js';
import { createErrorRow } from '../../src/report/error-row.js';
import { DISK_SIZE_FORMAT } from '../../src/report/format-bytes.js';
import {
  COMPARE_COLUMNS,
  LINEAGE_COLUMNS,
  MODEL_COLUMNS,
  type ReportField,
} from '../../src/core/report-field.js';
import { loadTemplate } from '../../src/templates/load-template.js';
import type { Template } from '../../src/templates/template.js';
import { REPORT_COLUMNS, type ReportRow } from '../../src/core/row.js';
import type { ReportDocument } from '../../src/writers/report-document.js';
import { writeXlsx } from '../../src/writers/xlsx.js';
import { buildDocument } from './document.js';
import { EXAMPLE_ROW, makeRow } from './fixtures.js';
import { readConditionalFormats, readTables } from './read-workbook.js';

const FORMULA_NAME = '=HYPERLINK("http://evil.example","click")';
const KOREAN_NAME = '구매 의도 예측 모델 (한국어 이름이 긴 태스크)';

const ROWS: ReportRow[] = [
  EXAMPLE_ROW,
  makeRow({
    task_id: 'b2',
    task_name: FORMULA_NAME,
    status: 'failed',
    created_at: '2024-11-27 08:00:00',
    completed_at: 'soon',
    fail_message: 'NUM_OF_LABEL_INSUFFICIENT',
  }),
  makeRow({ task_id: 'c3', task_name: KOREAN_NAME, status: 'completed', auroc: 0.91 }),
  createErrorRow('d4', 'HTTP 404: task not found'),
];

const PREVIOUS: PreviousReport = {
  source: 'last-month.csv',
  format: 'csv',
  generatedAt: '2025-12-01T00:00:00.000Z',
  rows: [
    { task_id: 'C3', task_name: KOREAN_NAME, status: 'completed', auroc: 0.81, fetchError: false },
    { task_id: 'b2', task_name: FORMULA_NAME, status: 'in_progress', auroc: null, fetchError: false },
    { task_id: 'z9', task_name: 'retired model', status: 'completed', auroc: 0.7, fetchError: false },
  ],
};

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'xlsx-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function writeAndRead(document: ReportDocument): Promise<ExcelJS.Workbook> {
  const path = join(folder, 'report.xlsx');
  await writeXlsx(path, document);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

function sheet(workbook: ExcelJS.Workbook, name: string): Worksheet {
  const found = workbook.getWorksheet(name);
  if (found === undefined) {
    throw new Error(`no sheet ${name}`);
  }
  return found;
}

const COMPARE_FIELDS: ReadonlySet<ReportField> = new Set([...COMPARE_COLUMNS, ...LINEAGE_COLUMNS]);

let defaultTemplate: Template;
let koTemplate: Template;
beforeAll(async () => {
  defaultTemplate = await loadTemplate('default');
  koTemplate = await loadTemplate('ko');
});

/** The Tasks sheet cell of a row (1 = header) and a field, found by the template's header (default). */
function taskCell(tasks: Worksheet, rowNumber: number, field: ReportField, template = defaultTemplate) {
  const label = template.columns.find((column) => column.field === field)?.label;
  const headers = (tasks.getRow(1).values as unknown[]).slice(1);
  const index = headers.indexOf(label);
  if (index < 0) {
    throw new Error(`no ${field} column (${String(label)}) on the Tasks sheet`);
  }
  return tasks.getRow(rowNumber).getCell(index + 1);
}

/** A sheet's rows as arrays of cell values (column A first), for content checks. */
function sheetRows(worksheet: Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  worksheet.eachRow({ includeEmpty: true }, (row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

describe('writeXlsx', () => {
  it('writes Summary, Tasks and Errors sheets in that order and opens on the Summary', async () => {
    const workbook = await writeAndRead(await buildDocument(ROWS));
    expect(workbook.worksheets.map((ws) => ws.name)).toEqual(['Summary', 'Tasks', 'Errors']);
    expect(workbook.views[0]?.activeTab).toBe(0);
    expect(workbook.created.toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(await readdir(folder)).toEqual(['report.xlsx']);
  });

  it('has no Errors sheet when every task was fetched', async () => {
    const workbook = await writeAndRead(await buildDocument([EXAMPLE_ROW]));
    expect(workbook.worksheets.map((ws) => ws.name)).toEqual(['Summary', 'Tasks']);
  });

  it('makes the Tasks sheet an Excel table with filter buttons and banded rows, header frozen', async () => {
    const tasks = sheet(await writeAndRead(await buildDocument(ROWS)), 'Tasks');
    const [table] = readTables(tasks);
    if (table === undefined) {
      throw new Error('no table');
    }
    expect(table.name).toBe('Tasks');
    // The template's columns (the comparison ones only with --compare): the name first, IDs after.
    const shown = defaultTemplate.columns.filter((column) => !COMPARE_FIELDS.has(column.field));
    expect(table.tableRef).toBe(`A1:W${ROWS.length + 1}`);
    expect(table.headerRow).toBe(true);
    expect(table.columns.map((column) => column.name)).toEqual(shown.map((column) => column.label));
    expect(table.columns[0]?.name).toBe('Task name');
    expect(shown.map((column) => column.field)).toEqual(
      expect.arrayContaining([...REPORT_COLUMNS, ...MODEL_COLUMNS]),
    );
    expect(table.columns.every((column) => column.filterButton)).toBe(true);
    expect(table.style).toMatchObject({ theme: 'TableStyleMedium2', showRowStripes: true });
    // The header row and the name column stay in view.
    expect(tasks.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, xSplit: 1 });
    expect(tasks.rowCount).toBe(ROWS.length + 1);
  });

  it('adds a colour scale on AUROC, status colours and a red fetch error as conditional formats', async () => {
    const tasks = sheet(await writeAndRead(await buildDocument(ROWS)), 'Tasks');
    const byRef = new Map(readConditionalFormats(tasks).map((format) => [format.ref, format.rules]));
    const last = ROWS.length + 1;
    const auroc = byRef.get(`D2:D${last}`);
    expect(auroc?.[0]).toMatchObject({
      type: 'colorScale',
      cfvo: [{ type: 'min' }, { type: 'percentile' }, { type: 'max' }],
    });
    const status = byRef.get(`C2:C${last}`) ?? [];
    // Statuses in the template's words, as on every sheet.
    expect(status.map((rule) => ('formulae' in rule ? rule.formulae?.[0] : null))).toEqual(
      expect.arrayContaining(['"Available"', '"Failed"', '"Pending (queued)"', '"Creating"']),
    );
    expect(taskCell(tasks, 2, 'status').value).toBe('Available');
    expect(byRef.get(`N2:N${last}`)?.[0]).toMatchObject({ type: 'expression', formulae: ['LEN(N2)>0'] });
  });

  it('prints landscape: the key columns of Tasks on one page width, the header on every page', async () => {
    const workbook = await writeAndRead(await buildDocument(ROWS));
    const tasks = sheet(workbook, 'Tasks');
    // Name, model, status, AUROC, rank, created, disk usage (no change column without --compare).
    expect(tasks.pageSetup).toMatchObject({
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printArea: `A1:G${ROWS.length + 1}`,
      printTitlesRow: '1:1',
    });
    expect(sheet(workbook, 'Summary').pageSetup).toMatchObject({ orientation: 'landscape', fitToWidth: 1 });
  });

  it('embeds the AUROC chart as a PNG image on the Summary, right of its tables', async () => {
    const workbook = await writeAndRead(await buildDocument(ROWS));
    const images = sheet(workbook, 'Summary').getImages();
    expect(images).toHaveLength(1);
    const image = workbook.getImage(Number(images[0]?.imageId));
    expect(image.extension).toBe('png');
    const png = image.buffer as unknown as Buffer;
    expect([...png.subarray(1, 4)]).toEqual([...Buffer.from('PNG')]);
    // IHDR width: the 800 px chart at 2× pixel ratio.
    expect(png.readUInt32BE(16)).toBe(1600);
    expect(images[0]?.range.tl.nativeCol).toBe(7);
    expect((images[0]?.range as unknown as { ext: { width: number } }).ext).toMatchObject({ width: 800 });
  });

  it('writes AUROC as a number at full precision with format 0.0000', async () => {
    const tasks = sheet(await writeAndRead(await buildDocument(ROWS)), 'Tasks');
    const auroc = taskCell(tasks, 2, 'auroc');
    expect(auroc.type).toBe(ExcelJS.ValueType.Number);
    expect(auroc.value).toBe(0.7681659649879657);
    expect(auroc.numFmt).toBe('0.0000');
    expect(taskCell(tasks, 2, 'auroc_rank').value).toBe(2);
    expect(taskCell(tasks, 4, 'auroc_rank').value).toBe(1);
  });

  it('writes counts as numbers, disk usage as bytes shown with a unit, and the duration as a time', async () => {
    const tasks = sheet(await writeAndRead(await buildDocument(ROWS)), 'Tasks');
    expect(taskCell(tasks, 2, 'line_count')).toMatchObject({ value: 93734, numFmt: '#,##0' });
    // One numeric cell: it sorts and filters as a number and reads as 42.6 MB, as the CSV writes it.
    expect(taskCell(tasks, 2, 'disk_usage_bytes')).toMatchObject({
      value: 42582684,
      numFmt: DISK_SIZE_FORMAT,
    });
    expect(EXAMPLE_ROW.disk_usage).toBe('42.6 MB');
    // 99 s as a fraction of a day, shown 0:01:39.
    expect(taskCell(tasks, 2, 'duration_seconds').numFmt).toBe('[h]:mm:ss');
    // (A reader sees a time-formatted number as a date counted from 1899-12-30.)
    const duration = taskCell(tasks, 2, 'duration_seconds').value;
    const seconds =
      duration instanceof Date
        ? (duration.getTime() - Date.UTC(1899, 11, 30)) / 1000
        : Number(duration) * 86400;
    expect(seconds).toBeCloseTo(99, 3);
    // The text column stays in the workbook, hidden: the numeric one shows the same.
    expect(tasks.getColumn(Number(taskCell(tasks, 1, 'disk_usage').col)).hidden).toBe(true);
  });

  it('writes API times as dates with the same wall clock, whatever the machine zone', async () => {
    const tasks = sheet(await writeAndRead(await buildDocument(ROWS)), 'Tasks');
    const created = taskCell(tasks, 2, 'created_at');
    expect(created.type).toBe(ExcelJS.ValueType.Date);
    expect((created.value as Date).getTime()).toBe(Date.UTC(2024, 10, 26, 11, 48, 16));
    expect(created.numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect((taskCell(tasks, 3, 'created_at').value as Date).getTime()).toBe(Date.UTC(2024, 10, 27, 8, 0, 0));
    const unparsed = taskCell(tasks, 3, 'completed_at');
    expect(unparsed.type).toBe(ExcelJS.ValueType.String);
    expect(unparsed.value).toBe('soon');
  });

  it('keeps formula-looking text a plain string cell, and Korean text intact', async () => {
    const tasks = sheet(await writeAndRead(await buildDocument(ROWS)), 'Tasks');
    const name = taskCell(tasks, 3, 'task_name');
    expect(name.type).toBe(ExcelJS.ValueType.String);
    expect(name.value).toBe(FORMULA_NAME);
    expect(name.formula).toBeUndefined();
    expect(taskCell(tasks, 4, 'task_name').value).toBe(KOREAN_NAME);
    expect(taskCell(tasks, 2, 'test_bucket').type).toBe(ExcelJS.ValueType.Null);
    expect(taskCell(tasks, 5, 'fetch_error').value).toBe('HTTP 404: task not found');
  });

  it('drops the control characters XML forbids, keeps markup characters and emoji as text', async () => {
    const name = '<b>&amp;</b> "모델" \u0000\u0007\u001b[31m 🚀 \uffff';
    const tasks = sheet(
      await writeAndRead(await buildDocument([makeRow({ task_id: 'h', task_name: name })])),
      'Tasks',
    );
    const cell = taskCell(tasks, 2, 'task_name');
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe('<b>&amp;</b> "모델" [31m 🚀 ');
  });

  it('sizes columns to their content, counting Hangul double, within 8..60', async () => {
    const tasks = sheet(await writeAndRead(await buildDocument(ROWS)), 'Tasks');
    const widthOf = (field: ReportField) => tasks.getColumn(Number(taskCell(tasks, 1, field).col)).width;
    // Longest task name: 18 Hangul syllables × 2 + 7 spaces + 2 parentheses = 45, + 2 padding.
    expect(widthOf('task_name')).toBe(47);
    expect(widthOf('task_id')).toBe('f5aebc0c-****-****-****-b201bc64b1c9'.length + 2);
    expect(widthOf('status')).toBe(11); // "completed" (9) + 2
    expect(widthOf('created_at')).toBe(21); // "yyyy-mm-dd hh:mm:ss" (19) + 2
    expect(widthOf('test_bucket')).toBe(13); // header "Test bucket"
    expect(widthOf('disk_usage_bytes')).toBe(12); // header "Disk usage" (10) + 2, wider than "42.6 MB"
    // Empty in every row: hidden (the CSV keeps it).
    expect(tasks.getColumn(Number(taskCell(tasks, 1, 'test_bucket').col)).hidden).toBe(true);
    expect(tasks.getColumn(Number(taskCell(tasks, 1, 'task_name').col)).hidden).toBe(false);
  });

  it('caps very long text at 60 characters wide', async () => {
    const tasks = sheet(
      await writeAndRead(await buildDocument([makeRow({ task_id: 'x', fail_message: 'E'.repeat(500) })])),
      'Tasks',
    );
    expect(tasks.getColumn(Number(taskCell(tasks, 1, 'fail_message').col)).width).toBe(60);
    expect(taskCell(tasks, 2, 'fail_message').value).toBe('E'.repeat(500));
  });

  it('summarises run facts, statuses, AUROC statistics, the leaderboard and failed tasks with a hint', async () => {
    const summary = sheet(await writeAndRead(await buildDocument(ROWS)), 'Summary');
    const rows = sheetRows(summary);
    const find = (label: string) => rows.find((row) => row[0] === label);
    const after = (label: string) => rows.findIndex((row) => row[0] === label) + 1;

    expect(rows[0]?.[0]).toBe('NCLUE task report');
    expect(summary.getCell('A1').font?.bold).toBe(true);
    expect((find('Generated at')?.[1] as Date).getTime()).toBe(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(find('Endpoint')?.[1]).toBe('https://nclue.apigw.ntruss.com/api/v1');
    expect(find('Requested')?.[1]).toBe(4);
    expect(find('Fetched')?.[1]).toBe(3);
    expect(find('Fetch errors')?.[1]).toBe(1);

    const statusAt = after('Tasks by status');
    expect(rows.slice(statusAt, statusAt + 4)).toEqual([
      ['Status', 'Tasks'],
      ['Available', 2],
      ['Failed', 1],
      ['(fetch error)', 1],
    ]);
    expect(summary.getRow(statusAt + 2).getCell(1).fill).toMatchObject({ fgColor: { argb: 'FFC6EFCE' } });

    expect(find('Tasks with AUROC')?.[1]).toBe(2);
    expect(find('Best')?.[1]).toBe(0.91);
    expect(find('Worst')?.[1]).toBe(0.7681659649879657);
    expect(find('Median')?.[1]).toBeCloseTo((0.91 + 0.7681659649879657) / 2, 15);
    expect(find('Spread (standard deviation)')?.[1]).toBeCloseTo((0.91 - 0.7681659649879657) / 2, 15);

    const topAt = after('Top 2 by AUROC');
    expect(rows.slice(topAt, topAt + 3)).toEqual([
      ['Rank', 'Task name', 'AUROC', 'Train feature name', 'Disk usage', 'Task ID'],
      [1, KOREAN_NAME, 0.91, undefined, undefined, 'c3'],
      [2, 'YOUR_TASK_NAME', 0.7681659649879657, 'YOUR_FEATURE_NAME', '42.6 MB', EXAMPLE_ROW.task_id],
    ]);
    expect(summary.getRow(topAt + 2).getCell(3).numFmt).toBe('0.0000');

    const failedAt = after('Failed tasks');
    // The name first, the ID last.
    expect(rows[failedAt]).toEqual(['Task name', 'Fail message', 'What to do', 'Task ID']);
    expect(rows[failedAt + 1]?.slice(0, 2)).toEqual([FORMULA_NAME, 'NUM_OF_LABEL_INSUFFICIENT']);
    expect(rows[failedAt + 1]?.[2]).toMatch(/at least 100 rows of label 0 and 100 of label 1/);
    expect(rows[failedAt + 1]?.[3]).toBe('b2');
    expect(summary.getRow(failedAt + 2).getCell(3).alignment?.wrapText).toBe(true);
    // Values beside their labels, and every styled cell names the body font.
    expect(summary.getCell(`B${after('Run') + 2}`).alignment?.horizontal).toBe('left');
    expect(summary.getCell('A1').font?.name).toBe('Calibri');
  });

  it('says so when no task has an AUROC and none failed', async () => {
    const rows = sheetRows(
      sheet(await writeAndRead(await buildDocument([createErrorRow('x', 'timeout')])), 'Summary'),
    );
    expect(rows.some((row) => row[0] === 'No task has an AUROC')).toBe(true);
    expect(rows.some((row) => row[0] === 'No task failed')).toBe(true);
  });

  it('lists fetch errors on the Errors sheet', async () => {
    const errors = sheet(await writeAndRead(await buildDocument(ROWS)), 'Errors');
    expect(sheetRows(errors)).toEqual([
      ['Task ID', 'Reason'],
      ['d4', 'HTTP 404: task not found'],
    ]);
    expect(errors.getCell('A1').font?.bold).toBe(true);
    expect(errors.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('never writes credentials found in the endpoint', async () => {
    const document = await buildDocument(ROWS);
    document.report.summary.facts = {
      ...document.report.summary.facts,
      endpoint: 'https://AKID:SECRET1234@host.example/api/v1?signature=SIG999',
    };
    const endpoint = sheetRows(sheet(await writeAndRead(document), 'Summary')).find(
      (row) => row[0] === 'Endpoint',
    )?.[1];
    expect(endpoint).toBe('https://host.example/api/v1?signature=REDACTED');
  });

  it('follows the ko template: Korean sheet names and headers, hidden columns, best AUROC first', async () => {
    const workbook = await writeAndRead(await buildDocument(ROWS, { template: 'ko' }));
    expect(workbook.worksheets.map((ws) => ws.name)).toEqual(['요약', '태스크', '조회 오류']);
    const tasks = sheet(workbook, '태스크');
    expect(tasks.getRow(1).getCell(1).value).toBe('태스크 이름');
    const ids = sheetRows(tasks)
      .slice(1)
      .map((row) => row[Number(taskCell(tasks, 1, 'task_id', koTemplate).col) - 1]);
    expect(ids).toEqual(['c3', EXAMPLE_ROW.task_id, 'b2', 'd4']);
    expect(tasks.getColumn(Number(taskCell(tasks, 1, 'train_bucket', koTemplate).col)).hidden).toBe(true);
    expect(tasks.getColumn(Number(taskCell(tasks, 1, 'train_feature_name', koTemplate).col)).hidden).toBe(
      false,
    );
    // A font with Hangul, named on the header.
    expect(tasks.getRow(1).getCell(1).font?.name).toBe('Malgun Gothic');
    const summary = sheetRows(sheet(workbook, '요약'));
    expect(summary.find((row) => row[0] === '최고')?.[1]).toBe(0.91);
    expect(summary.find((row) => row[3] === 'b2')?.[2]).toContain('레이블 0과 1이 각각 100건 이상');
  });

  it('adds a Changes sheet and comparison columns with --compare', async () => {
    const workbook = await writeAndRead(await buildDocument(ROWS, { previous: PREVIOUS }));
    expect(workbook.worksheets.map((ws) => ws.name)).toEqual(['Summary', 'Tasks', 'Changes', 'Errors']);
    const tasks = sheet(workbook, 'Tasks');
    // The change beside the AUROC and its rank; the previous values further on.
    expect((tasks.getRow(1).values as unknown[]).slice(4, 7)).toEqual([
      'AUROC',
      'AUROC rank',
      'AUROC change',
    ]);
    expect(taskCell(tasks, 4, 'auroc_previous').value).toBe(0.81);
    expect(taskCell(tasks, 4, 'auroc_delta').value).toBe(0.1);
    expect(taskCell(tasks, 4, 'previous_task_id').value).toBe('C3');
    expect(taskCell(tasks, 4, 'auroc_delta').numFmt).toBe('+0.0000;-0.0000;0.0000');
    expect(taskCell(tasks, 4, 'status_previous').value).toBe('Available');

    const changes = sheet(workbook, 'Changes');
    const rows = sheetRows(changes);
    // Named by the report and the day its run started.
    expect(rows[0]?.[0]).toBe('Changes since last-month, written 2025-12-01');
    expect(rows[1]).toEqual(['Compared with', 'last-month.csv']);
    expect(rows[2]).toEqual([
      'Change',
      '2 compared · 1 AUROC moved · 1 status changed · 2 new · 1 not retrained',
    ]);
    expect(rows[4]).toEqual([
      'Task name',
      'Change',
      'Previous status',
      'Status',
      'Previous AUROC',
      'AUROC',
      'AUROC change',
      'Task ID',
    ]);
    expect(rows.slice(5).map((row) => [row[1], row[7]])).toEqual([
      ['AUROC moved', 'c3'],
      ['status changed', 'b2'],
      ['new', EXAMPLE_ROW.task_id],
      ['new', 'd4'],
      ['not retrained', 'z9'],
    ]);
    expect(readTables(changes).map((table) => table.name)).toEqual(['Changes']);
    expect(changes.views[0]).toMatchObject({ state: 'frozen', ySplit: 5 });
  });

  it('leaves no temporary file behind when the file cannot be replaced', async () => {
    const path = join(folder, 'report.xlsx');
    await mkdir(join(path, 'occupied'), { recursive: true });
    await expect(writeXlsx(path, await buildDocument(ROWS))).rejects.toThrow();
    expect(await readdir(folder)).toEqual(['report.xlsx']);
    expect(await readdir(path)).toEqual(['occupied']);
  });
});
