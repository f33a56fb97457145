import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DETAIL_FIELDS, type PreviousReport, type PreviousRow } from '../../src/core/previous-report.js';
import { readPreviousReport } from '../../src/history/read-previous-report.js';
import { parseCsv } from '../../src/input/parse-csv.js';
import { createErrorRow } from '../../src/report/error-row.js';
import { createModelNamer, DEFAULT_MODEL_NAMING } from '../../src/models/model-naming.js';
import { COMPARE_COLUMNS, LINEAGE_COLUMNS, MODEL_COLUMNS } from '../../src/core/report-field.js';
import { roundChange } from '../../src/report/round-change.js';
import { REPORT_COLUMNS, type ReportRow } from '../../src/core/row.js';
import { listTemplateNames, loadTemplate } from '../../src/templates/load-template.js';
import type { Template } from '../../src/templates/template.js';
import { writeReports } from '../../src/writers/write-reports.js';
import { buildReport } from '../writers/document.js';
import { makeRow } from '../report/fixtures/make-row.js';

/** Values that break naive readers: formula-looking text, quotes, line breaks, Hangul, emoji, float noise. */
const LAST_MONTH: ReportRow[] = [
  makeRow({
    task_id: 'F5AEBC0C-0000-4000-8000-B201BC64B1C9',
    task_name: '=1+2',
    status: 'completed',
    auroc: 0.7681659649879657,
  }),
  makeRow({ task_id: 'a1', task_name: "'=already quoted", status: 'completed', auroc: 0.30000000000000004 }),
  makeRow({ task_id: 'a2', task_name: 'say "hi",\r\nthen 모델 🛒', status: 'completed', auroc: 1e-7 }),
  makeRow({ task_id: 'a3', task_name: ' @SUM(A1)', status: 'in_progress', auroc: null }),
  makeRow({ task_id: 'a4', task_name: '-2+3', status: 'completed', auroc: 0.9999999999999999 }),
  makeRow({ task_id: 'a5', task_name: 'retired', status: 'failed', fail_message: 'COMMON_ERROR' }),
  createErrorRow('a6', 'HTTP 404'),
];

const THIS_MONTH: ReportRow[] = [
  makeRow({
    task_id: 'f5aebc0c-0000-4000-8000-b201bc64b1c9',
    task_name: '=1+2',
    status: 'completed',
    auroc: 0.8112,
  }),
  makeRow({ task_id: 'a1', task_name: "'=already quoted", status: 'completed', auroc: 0.30000000000000004 }),
  makeRow({ task_id: 'a2', task_name: 'say "hi",\r\nthen 모델 🛒', status: 'completed', auroc: 0.5 }),
  makeRow({ task_id: 'a3', task_name: ' @SUM(A1)', status: 'completed', auroc: 0.7 }),
  makeRow({ task_id: 'a4', task_name: '-2+3', status: 'completed', auroc: 0.9 }),
  makeRow({ task_id: 'a6', task_name: 'found again', status: 'completed', auroc: 0.6 }),
  makeRow({ task_id: 'a7', task_name: '새 모델', status: 'pending' }),
];

const namer = createModelNamer(DEFAULT_MODEL_NAMING);
/** What reading back gives: the row's fields, and the model the run named for each fetched task. */
const expectedRows = (rows: ReportRow[]): PreviousRow[] =>
  rows.map((row) => ({
    task_id: row.task_id,
    task_name: row.task_name,
    status: row.status,
    auroc: row.auroc,
    fetchError: row.fetch_error !== null,
    ...(row.fetch_error === null ? { model: namer(row).name } : {}),
    // What the model view compares month over month comes back too, empty cells as null.
    ...Object.fromEntries(DETAIL_FIELDS.map((field) => [field, row[field]])),
  }));

let folder: string;
let templates: Template[];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'round-trip-'));
  templates = await Promise.all((await listTemplateNames()).map((name) => loadTemplate(name)));
  const base = { outDir: folder, bom: true, escapeFormulas: true } as const;
  const report = buildReport(LAST_MONTH);
  await writeReports(report, { ...base, name: 'default', formats: ['csv', 'xlsx', 'json'] });
  await writeReports(report, { ...base, name: 'ko', formats: ['xlsx'], template: await loadTemplate('ko') });
  await writeReports(report, { ...base, name: 'nobom', formats: ['csv'], bom: false });
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const byId = (rows: PreviousRow[]): PreviousRow[] =>
  [...rows].sort((a, b) => a.task_id.localeCompare(b.task_id));

describe('reading back a report this tool wrote', () => {
  it.each(['default.csv', 'nobom.csv', 'default.json'])(
    '%s round-trips exactly, in input order',
    async (file) => {
      const previous = await readPreviousReport(join(folder, file), templates);
      expect(previous.rows).toEqual(expectedRows(LAST_MONTH));
      expect(previous.format).toBe(file.split('.')[1]);
      expect(previous.generatedAt).toBe(file.endsWith('.json') ? '2026-01-02T03:04:05.678Z' : null);
    },
  );

  // XML turns a CR in cell text into LF when it is read, so a name's CRLF comes back as LF; IDs, statuses
  // and AUROC are exact. ko.xlsx is sorted best AUROC first and headed in Korean.
  it.each(['default.xlsx', 'ko.xlsx'])('%s round-trips IDs, statuses and AUROC exactly', async (file) => {
    const previous = await readPreviousReport(join(folder, file), templates);
    const expected = expectedRows(LAST_MONTH).map((row) => ({
      ...row,
      task_name: row.task_name?.replace(/\r\n/g, '\n') ?? null,
    }));
    expect(byId(previous.rows)).toEqual(byId(expected));
    expect(previous.format).toBe('xlsx');
    expect(previous.generatedAt).toBe('2026-01-02T03:04:05.000Z');
  });
});

describe('a second run compared with the first', () => {
  let previous: PreviousReport;
  let csv: string[][];
  let json: {
    columns: string[];
    rows: Array<Record<string, unknown>>;
    changes: Array<Record<string, unknown>>;
    comparedWith: unknown;
  };

  beforeAll(async () => {
    previous = await readPreviousReport(join(folder, 'default.csv'), templates);
    await writeReports(buildReport(THIS_MONTH), {
      outDir: folder,
      name: 'second',
      formats: ['csv', 'json'],
      bom: true,
      escapeFormulas: true,
      previous,
    });
    csv = parseCsv(await readFile(join(folder, 'second.csv'), 'utf8')).map((record) => record.fields);
    json = JSON.parse(await readFile(join(folder, 'second.json'), 'utf8')) as typeof json;
  });

  it('appends auroc_previous, auroc_delta and status_previous after fetch_error in the CSV', () => {
    expect(csv[0]).toEqual([...REPORT_COLUMNS, ...COMPARE_COLUMNS, ...MODEL_COLUMNS, ...LINEAGE_COLUMNS]);
  });

  it('has every delta exactly: current minus previous, rounded to 6 decimals', () => {
    const at = (field: string) => (csv[0] ?? []).indexOf(field);
    const compared = csv
      .slice(1)
      .map((fields) => [
        fields[0],
        fields[at('auroc_previous')],
        fields[at('auroc_delta')],
        fields[at('status_previous')],
      ]);
    expect(compared).toEqual([
      [
        'f5aebc0c-0000-4000-8000-b201bc64b1c9',
        '0.7681659649879657',
        String(roundChange(0.8112 - 0.7681659649879657)),
        'completed',
      ],
      ['a1', '0.30000000000000004', '0', 'completed'],
      ['a2', '1e-7', String(roundChange(0.5 - 1e-7)), 'completed'],
      ['a3', '', '', 'in_progress'],
      ['a4', '0.9999999999999999', String(roundChange(0.9 - 0.9999999999999999)), 'completed'],
      ['a6', '', '', ''],
      ['a7', '', '', ''],
    ]);
    expect(json.rows.map((row) => row.auroc_delta)).toEqual([
      roundChange(0.8112 - 0.7681659649879657),
      0,
      roundChange(0.5 - 1e-7),
      null,
      roundChange(0.9 - 0.9999999999999999),
      null,
      null,
    ]);
  });

  it('lists new, gone, status and AUROC changes, largest moves first', () => {
    expect(json.changes).toEqual([
      {
        kind: 'auroc',
        task_id: 'a2',
        task_name: 'say "hi",\r\nthen 모델 🛒',
        status: 'completed',
        status_previous: 'completed',
        auroc: 0.5,
        auroc_previous: 1e-7,
        auroc_delta: roundChange(0.5 - 1e-7),
        previous_task_id: 'a2',
      },
      {
        kind: 'auroc',
        task_id: 'a4',
        task_name: '-2+3',
        status: 'completed',
        status_previous: 'completed',
        auroc: 0.9,
        auroc_previous: 0.9999999999999999,
        auroc_delta: roundChange(0.9 - 0.9999999999999999),
        previous_task_id: 'a4',
      },
      {
        kind: 'auroc',
        task_id: 'f5aebc0c-0000-4000-8000-b201bc64b1c9',
        task_name: '=1+2',
        status: 'completed',
        status_previous: 'completed',
        auroc: 0.8112,
        auroc_previous: 0.7681659649879657,
        auroc_delta: roundChange(0.8112 - 0.7681659649879657),
        // As the previous report wrote it.
        previous_task_id: 'F5AEBC0C-0000-4000-8000-B201BC64B1C9',
      },
      {
        kind: 'status',
        task_id: 'a3',
        task_name: ' @SUM(A1)',
        status: 'completed',
        status_previous: 'in_progress',
        auroc: 0.7,
        auroc_previous: null,
        auroc_delta: null,
        previous_task_id: 'a3',
      },
      {
        kind: 'status',
        task_id: 'a6',
        task_name: 'found again',
        status: 'completed',
        status_previous: '(fetch error)',
        auroc: 0.6,
        auroc_previous: null,
        auroc_delta: null,
        previous_task_id: 'a6',
      },
      {
        kind: 'new',
        task_id: 'a7',
        task_name: '새 모델',
        status: 'pending',
        status_previous: null,
        auroc: null,
        auroc_previous: null,
        auroc_delta: null,
        previous_task_id: null,
      },
      {
        kind: 'gone',
        task_id: 'a5',
        task_name: 'retired',
        status: null,
        status_previous: 'failed',
        auroc: null,
        auroc_previous: null,
        auroc_delta: null,
        previous_task_id: 'a5',
      },
    ]);
    expect(json.comparedWith).toEqual({
      source: join(folder, 'default.csv'),
      generatedAt: null,
      rows: LAST_MONTH.length,
    });
  });
});
