import { copyFile, mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeHistory, readHistory } from '../../src/history/read-history.js';
import { UsageError } from '../../src/core/errors.js';
import { createErrorRow } from '../../src/report/error-row.js';
import { loadTemplate } from '../../src/templates/load-template.js';
import type { Template } from '../../src/templates/template.js';
import { writeReports } from '../../src/writers/write-reports.js';
import { makeRow } from '../report/fixtures/make-row.js';
import { buildModels, buildReport } from '../writers/document.js';

let folder: string;
let templates: Template[];

const JANUARY = [
  makeRow({
    task_id: 'a1',
    task_name: 'churn 2026-01',
    status: 'completed',
    auroc: 0.85,
    created_at: '2026-01-05T09:00:00',
  }),
  makeRow({
    task_id: 'b1',
    task_name: 'ltv 2026-01',
    status: 'completed',
    auroc: 0.7,
    created_at: '2026-01-06T09:00:00',
  }),
  createErrorRow('c1', 'not found (HTTP 404)'),
];
const DECEMBER = [
  makeRow({
    task_id: 'a0',
    task_name: 'churn 2025-12',
    status: 'completed',
    auroc: 0.8,
    created_at: '2025-12-05T09:00:00',
  }),
];

async function writeRun(
  name: string,
  rows: typeof JANUARY,
  formats: Array<'csv' | 'xlsx' | 'json'>,
  generatedAt: string,
) {
  const report = buildReport(rows, { generatedAt });
  await writeReports(report, {
    outDir: join(folder, 'reports'),
    name,
    formats,
    bom: true,
    escapeFormulas: true,
    models: buildModels(report),
  });
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'nclue-history-'));
  templates = [await loadTemplate('default'), await loadTemplate('ko')];
  await mkdir(join(folder, 'reports'));
  await writeRun('nclue-2025-12', DECEMBER, ['csv'], '2026-01-01T00:00:00.000Z');
  await writeRun('nclue-2026-01', JANUARY, ['csv', 'xlsx', 'json'], '2026-02-01T00:00:00.000Z');
  // The CSV has no run time: its file time orders it, so make it December's.
  const old = new Date('2026-01-01T00:00:00Z');
  await utimes(join(folder, 'reports', 'nclue-2025-12.csv'), old, old);
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('readHistory', () => {
  it('reads every run of a folder once, oldest first, the newest as the one to compare tasks with', async () => {
    const history = await readHistory([join(folder, 'reports')], templates);
    expect(history.warnings).toEqual([]);
    expect(history.reports.map((report) => report.format)).toEqual(['csv', 'json']);
    expect(history.latest?.source).toBe(join(folder, 'reports', 'nclue-2026-01.json'));
    const january = history.reports[1];
    expect(january?.rows.map((row) => [row.task_id, row.model ?? null, row.period ?? null])).toEqual([
      ['a1', 'churn', '2026-01'],
      ['b1', 'ltv', '2026-01'],
      ['c1', null, null],
    ]);
    expect(january?.rows[0]?.created_at).toBe('2026-01-05T09:00:00');
  });

  it('falls back to the next format of a run when one is broken, and warns about foreign files', async () => {
    const mixed = join(folder, 'mixed');
    await mkdir(mixed);
    await writeFile(join(mixed, 'nclue-2026-01.json'), '{ broken');
    await copyFile(join(folder, 'reports', 'nclue-2026-01.xlsx'), join(mixed, 'nclue-2026-01.xlsx'));
    await writeFile(join(mixed, 'notes.csv'), 'when,what\n2026-01-02,meeting\n');
    await writeFile(join(mixed, 'nclue-2026-01.models.csv'), 'model,auroc\nchurn,0.8\n');
    await writeFile(join(mixed, '.nclue-2026-01.csv.123.abc.tmp'), 'half a file');
    const history = await readHistory([mixed], templates);
    expect(history.reports.map((report) => report.format)).toEqual(['xlsx']);
    expect(history.reports[0]?.rows.map((row) => row.model ?? null)).toEqual(['churn', 'ltv', null]);
    expect(history.warnings).toHaveLength(2);
    expect(history.warnings[0]).toMatch(/^skipped .*nclue-2026-01\.json: .*not valid JSON/);
    expect(history.warnings[1]).toMatch(/^skipped .*notes\.csv: .*has no task_id column/);
  });

  it('leaves out the run being written now, and warns when a folder holds no report', async () => {
    const history = await readHistory([join(folder, 'reports')], templates, 'nclue-2026-01');
    expect(history.reports.map((report) => report.source)).toEqual([
      join(folder, 'reports', 'nclue-2025-12.csv'),
    ]);
    const empty = join(folder, 'empty');
    await mkdir(empty);
    expect((await readHistory([empty], templates)).warnings).toEqual([
      `--compare ${empty}: the folder holds no report written by nclue-report`,
    ]);
  });

  it('reads named files as before: a broken one is a UsageError, the same file twice counts once', async () => {
    const csv = join(folder, 'reports', 'nclue-2026-01.csv');
    const history = await readHistory([csv, csv, join(folder, 'reports')], templates);
    // The folder's January run is its JSON, another file than the CSV named: both are read, and the
    // model view counts each task ID once.
    expect(history.reports.map((report) => report.source).sort()).toEqual(
      [
        csv,
        join(folder, 'reports', 'nclue-2025-12.csv'),
        join(folder, 'reports', 'nclue-2026-01.json'),
      ].sort(),
    );
    const broken = join(folder, 'broken.json');
    await writeFile(broken, '[');
    await expect(readHistory([broken], templates)).rejects.toThrow(UsageError);
  });
});

describe('describeHistory', () => {
  it('counts the reports and their tasks and names the newest', async () => {
    const history = await readHistory([join(folder, 'reports')], templates);
    expect(describeHistory(history)).toBe(
      `2 earlier reports (4 tasks), the newest ${join(folder, 'reports', 'nclue-2026-01.json')}`,
    );
    expect(describeHistory({ reports: [], latest: null, warnings: [] })).toBe('no earlier report found');
  });
});
