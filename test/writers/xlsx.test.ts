import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS, { type Worksheet } from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createErrorRow } from '../../src/report/error-row.js';
import { rankAuroc } from '../../src/report/rank-auroc.js';
import { REPORT_COLUMNS, type Report, type ReportRow, type RunFacts } from '../../src/report/row.js';
import { summarise } from '../../src/report/summarise.js';
import { COLUMN_LABELS } from '../../src/writers/column-labels.js';
import { writeXlsx } from '../../src/writers/xlsx.js';
import { EXAMPLE_ROW, makeRow } from './fixtures.js';

const FACTS: RunFacts = {
  generatedAt: '2026-01-02T03:04:05.678Z',
  endpoint: 'https://nclue.apigw.ntruss.com/api/v1',
  requested: 4,
  fetched: 3,
  failed: 1,
};

const FORMULA_NAME = '=HYPERLINK("http://evil.example","click")';

function buildReport(rows: ReportRow[]): Report {
  const ranked = rankAuroc(rows);
  return { rows: ranked, summary: summarise(ranked, FACTS) };
}

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
  makeRow({
    task_id: 'c3',
    task_name: '구매 의도 예측 모델 (한국어 이름이 긴 태스크)',
    status: 'completed',
    auroc: 0.91,
  }),
  createErrorRow('d4', 'HTTP 404: task not found'),
];

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'xlsx-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function writeAndRead(report: Report): Promise<ExcelJS.Workbook> {
  const path = join(folder, 'report.xlsx');
  await writeXlsx(path, report);
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

/** The Tasks sheet cell of a row (1 = header) and a report column. */
function taskCell(tasks: Worksheet, rowNumber: number, column: (typeof REPORT_COLUMNS)[number]) {
  return tasks.getRow(rowNumber).getCell(REPORT_COLUMNS.indexOf(column) + 1);
}

/** The Summary rows as arrays of cell values (column A first), for content checks. */
function summaryRows(summary: Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  summary.eachRow({ includeEmpty: true }, (row) => {
    const values = row.values as unknown[];
    rows.push(values.slice(1));
  });
  return rows;
}

describe('writeXlsx', () => {
  it('writes Tasks, Summary and Errors sheets in that order', async () => {
    const workbook = await writeAndRead(buildReport(ROWS));
    expect(workbook.worksheets.map((ws) => ws.name)).toEqual(['Tasks', 'Summary', 'Errors']);
    expect(await readdir(folder)).toEqual(['report.xlsx']);
  });

  it('has no Errors sheet when every task was fetched', async () => {
    const workbook = await writeAndRead(buildReport([EXAMPLE_ROW]));
    expect(workbook.worksheets.map((ws) => ws.name)).toEqual(['Tasks', 'Summary']);
  });

  it('labels the Tasks columns in REPORT_COLUMNS order, bold, frozen, with an autofilter', async () => {
    const tasks = sheet(await writeAndRead(buildReport(ROWS)), 'Tasks');
    const header = tasks.getRow(1);
    expect((header.values as unknown[]).slice(1)).toEqual(
      REPORT_COLUMNS.map((column) => COLUMN_LABELS[column]),
    );
    expect(header.getCell(1).value).toBe('Task ID');
    expect(header.getCell(4).value).toBe('AUROC');
    expect(header.getCell(REPORT_COLUMNS.length).value).toBe('Fetch error');
    expect(header.getCell(1).font?.bold).toBe(true);
    expect(tasks.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(tasks.autoFilter).toBe(`A1:U${ROWS.length + 1}`);
    expect(tasks.rowCount).toBe(ROWS.length + 1);
  });

  it('writes AUROC as a number at full precision with format 0.0000', async () => {
    const tasks = sheet(await writeAndRead(buildReport(ROWS)), 'Tasks');
    const auroc = taskCell(tasks, 2, 'auroc');
    expect(auroc.type).toBe(ExcelJS.ValueType.Number);
    expect(auroc.value).toBe(0.7681659649879657);
    expect(auroc.numFmt).toBe('0.0000');
    const rank = taskCell(tasks, 2, 'auroc_rank');
    expect(rank.value).toBe(2);
    expect(taskCell(tasks, 4, 'auroc_rank').value).toBe(1);
  });

  it('writes counts and bytes as numbers with a thousands separator', async () => {
    const tasks = sheet(await writeAndRead(buildReport(ROWS)), 'Tasks');
    for (const [column, expected] of [
      ['duration_seconds', 99],
      ['line_count', 93734],
      ['disk_usage_bytes', 42582684],
    ] as const) {
      const cell = taskCell(tasks, 2, column);
      expect(cell.value, column).toBe(expected);
      expect(cell.numFmt, column).toBe('#,##0');
    }
    expect(taskCell(tasks, 2, 'disk_usage').value).toBe('40.6 MiB');
  });

  it('writes API times as dates with the same wall clock, whatever the machine zone', async () => {
    const tasks = sheet(await writeAndRead(buildReport(ROWS)), 'Tasks');
    const created = taskCell(tasks, 2, 'created_at');
    expect(created.type).toBe(ExcelJS.ValueType.Date);
    expect(created.value).toBeInstanceOf(Date);
    expect((created.value as Date).getTime()).toBe(Date.UTC(2024, 10, 26, 11, 48, 16));
    expect(created.numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect((taskCell(tasks, 2, 'completed_at').value as Date).getTime()).toBe(
      Date.UTC(2024, 10, 26, 11, 49, 55),
    );
    expect((taskCell(tasks, 3, 'created_at').value as Date).getTime()).toBe(Date.UTC(2024, 10, 27, 8, 0, 0));
  });

  it('falls back to text for a time that does not parse', async () => {
    const tasks = sheet(await writeAndRead(buildReport(ROWS)), 'Tasks');
    const completed = taskCell(tasks, 3, 'completed_at');
    expect(completed.type).toBe(ExcelJS.ValueType.String);
    expect(completed.value).toBe('soon');
  });

  it('keeps formula-looking text a plain string cell', async () => {
    const tasks = sheet(await writeAndRead(buildReport(ROWS)), 'Tasks');
    const name = taskCell(tasks, 3, 'task_name');
    expect(name.type).toBe(ExcelJS.ValueType.String);
    expect(name.value).toBe(FORMULA_NAME);
    expect(name.formula).toBeUndefined();
  });

  it('leaves null cells empty and keeps Korean text', async () => {
    const tasks = sheet(await writeAndRead(buildReport(ROWS)), 'Tasks');
    expect(taskCell(tasks, 2, 'test_bucket').type).toBe(ExcelJS.ValueType.Null);
    expect(taskCell(tasks, 5, 'task_name').type).toBe(ExcelJS.ValueType.Null);
    expect(taskCell(tasks, 5, 'fetch_error').value).toBe('HTTP 404: task not found');
    expect(taskCell(tasks, 4, 'task_name').value).toBe('구매 의도 예측 모델 (한국어 이름이 긴 태스크)');
  });

  it('sizes columns to their content, counting Hangul double, within 8..60', async () => {
    const tasks = sheet(await writeAndRead(buildReport(ROWS)), 'Tasks');
    const widthOf = (column: (typeof REPORT_COLUMNS)[number]) =>
      tasks.getColumn(REPORT_COLUMNS.indexOf(column) + 1).width;
    // Longest task name: 18 Hangul syllables × 2 + 7 spaces + 2 parentheses = 45, + 2 padding.
    expect(widthOf('task_name')).toBe(47);
    expect(widthOf('task_id')).toBe('f5aebc0c-****-****-****-b201bc64b1c9'.length + 2);
    expect(widthOf('status')).toBe(11); // "completed" (9) + 2
    expect(widthOf('created_at')).toBe(21); // "yyyy-mm-dd hh:mm:ss" (19) + 2
    expect(widthOf('test_bucket')).toBe(13); // header "Test bucket"
    expect(widthOf('auroc_rank')).toBe(12); // header "AUROC rank"
  });

  it('caps very long text at 60 characters wide', async () => {
    const tasks = sheet(
      await writeAndRead(buildReport([makeRow({ task_id: 'x', fail_message: 'E'.repeat(500) })])),
      'Tasks',
    );
    expect(tasks.getColumn(REPORT_COLUMNS.indexOf('fail_message') + 1).width).toBe(60);
    expect(taskCell(tasks, 2, 'fail_message').value).toBe('E'.repeat(500));
  });

  it('summarises run facts, statuses, AUROC statistics and the top tasks', async () => {
    const report = buildReport(ROWS);
    const summary = sheet(await writeAndRead(report), 'Summary');
    const rows = summaryRows(summary);
    const find = (label: string) => rows.find((row) => row[0] === label);

    expect(rows[0]?.[0]).toBe('Run');
    expect(summary.getCell('A1').font?.bold).toBe(true);
    const generatedAt = find('Generated at')?.[1];
    expect(generatedAt).toBeInstanceOf(Date);
    expect((generatedAt as Date).getTime()).toBe(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(find('Endpoint')?.[1]).toBe('https://nclue.apigw.ntruss.com/api/v1');
    expect(find('Requested')?.[1]).toBe(4);
    expect(find('Fetched')?.[1]).toBe(3);
    expect(find('Failed')?.[1]).toBe(1);

    const statusTitle = rows.findIndex((row) => row[0] === 'Tasks by status');
    expect(rows.slice(statusTitle + 1, statusTitle + 5)).toEqual([
      ['Status', 'Tasks'],
      ['completed', 2],
      ['failed', 1],
      ['(fetch error)', 1],
    ]);

    expect(find('Tasks with AUROC')?.[1]).toBe(2);
    expect(find('Best')?.[1]).toBe(0.91);
    expect(find('Worst')?.[1]).toBe(0.7681659649879657);
    expect(find('Mean')?.[1]).toBeCloseTo((0.91 + 0.7681659649879657) / 2, 15);
    expect(find('Median')?.[1]).toBeCloseTo((0.91 + 0.7681659649879657) / 2, 15);

    const topTitle = rows.findIndex((row) => typeof row[0] === 'string' && row[0].startsWith('Top '));
    expect(rows[topTitle]?.[0]).toBe('Top 2 by AUROC');
    expect(rows.slice(topTitle + 1, topTitle + 4)).toEqual([
      ['Rank', 'Task ID', 'Task name', 'AUROC'],
      [1, 'c3', '구매 의도 예측 모델 (한국어 이름이 긴 태스크)', 0.91],
      [2, EXAMPLE_ROW.task_id, 'YOUR_TASK_NAME', 0.7681659649879657],
    ]);
    // rows[i] is sheet row i + 1: title, header, then the first task.
    expect(summary.getRow(topTitle + 1).getCell(1).font?.bold).toBe(true);
    expect(summary.getRow(topTitle + 2).getCell(2).font?.bold).toBe(true);
    expect(summary.getRow(topTitle + 3).getCell(4).numFmt).toBe('0.0000');
    expect(summary.getColumn(3).width).toBe(47);
  });

  it('says so when no task has an AUROC', async () => {
    const summary = sheet(await writeAndRead(buildReport([createErrorRow('x', 'timeout')])), 'Summary');
    expect(summaryRows(summary).some((row) => row[0] === 'No task has an AUROC')).toBe(true);
  });

  it('lists fetch errors on the Errors sheet', async () => {
    const errors = sheet(await writeAndRead(buildReport(ROWS)), 'Errors');
    expect(summaryRows(errors)).toEqual([
      ['Task ID', 'Reason'],
      ['d4', 'HTTP 404: task not found'],
    ]);
    expect(errors.getCell('A1').font?.bold).toBe(true);
    expect(errors.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('never writes credentials found in the endpoint', async () => {
    const path = join(folder, 'report.xlsx');
    const report = buildReport(ROWS);
    report.summary.facts = {
      ...FACTS,
      endpoint: 'https://AKID:SECRET1234@host.example/api/v1?signature=SIG999',
    };
    await writeXlsx(path, report);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const endpoint = summaryRows(sheet(workbook, 'Summary')).find((row) => row[0] === 'Endpoint')?.[1];
    expect(endpoint).toBe('https://host.example/api/v1?signature=REDACTED');
  });

  it('leaves no temporary file behind when the file cannot be replaced', async () => {
    const path = join(folder, 'report.xlsx');
    await mkdir(join(path, 'occupied'), { recursive: true });
    await expect(writeXlsx(path, buildReport(ROWS))).rejects.toThrow();
    expect(await readdir(folder)).toEqual(['report.xlsx']);
    expect(await readdir(path)).toEqual(['occupied']);
  });
});
