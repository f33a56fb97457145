/**
 * Makes the README pictures in docs/images from the sample tasks: each workbook sheet (rendered by
 * LibreOffice: xlsx → one PDF page per sheet → PNG), the chart image of the Korean workbook, and the
 * HTML page on a desktop and a phone (headless Chromium). Run by hand after a visible change:
 *
 *   apt-get install -y chromium libreoffice-calc-nogui poppler-utils fonts-noto-cjk pngquant
 *   npx tsx test/e2e/make-screenshots.ts
 *
 * LibreOffice shows conditional formats and fills but not Excel's table styles (banded rows, filter
 * buttons), so those are described in README.md rather than pictured.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import type { PreviousReport } from '../../src/compare/previous-report.js';
import { readTaskData } from '../../src/emulator/index.js';
import { createErrorRow } from '../../src/report/error-row.js';
import { flattenTask } from '../../src/report/flatten-task.js';
import { loadTemplate } from '../../src/templates/load-template.js';
import { writeReports } from '../../src/writers/write-reports.js';
import { buildReport } from '../writers/document.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..', '..');
const IMAGES = join(ROOT, 'docs', 'images');
/** Keep every picture small enough for a README. */
const MAX_IMAGE_BYTES = 300 * 1024;

const folder = await mkdtemp(join(tmpdir(), 'screenshots-'));
try {
  const tasks = await readTaskData(join(ROOT, 'samples', 'tasks.json'));
  const rows = [
    ...tasks.map((task) => flattenTask(task, String(task.task_id)).row),
    createErrorRow('d2ea7bb8-6012-476f-985f-2e3c029484b2', 'not found (HTTP 404)'),
  ];
  const report = buildReport(rows, { endpoint: 'https://nclue.apigw.ntruss.com/api/v1' });
  const previous = createLastMonth(rows);
  const base = { outDir: folder, bom: true, escapeFormulas: true, previous } as const;
  await writeReports(report, {
    ...base,
    name: 'en',
    formats: ['xlsx', 'html'],
    template: await loadTemplate('default'),
  });
  await writeReports(report, {
    ...base,
    name: 'ko',
    formats: ['xlsx', 'html'],
    template: await loadTemplate('ko'),
  });

  await renderSheets(join(folder, 'en.xlsx'), [
    'workbook-tasks',
    'workbook-summary',
    'workbook-errors',
    'workbook-changes',
  ]);
  await saveChartImage(join(folder, 'ko.xlsx'), join(IMAGES, 'chart-ko.png'));
  await screenshot(join(folder, 'en.html'), join(IMAGES, 'html-desktop.png'), 1200, 1500);
  await screenshot(join(folder, 'ko.html'), join(IMAGES, 'html-phone-ko.png'), 390, 1400);
} finally {
  await rm(folder, { recursive: true, force: true });
}

/** Last month, made up from this month: some AUROC values differ, one task was still running, one is gone. */
function createLastMonth(rows: ReturnType<typeof flattenTask>['row'][]): PreviousReport {
  const scored = rows.filter((row) => row.auroc !== null);
  const previousRows = rows.map((row) => ({
    task_id: row.task_id,
    task_name: row.task_name,
    status: row.status,
    auroc: row.auroc,
    fetchError: row.fetch_error !== null,
  }));
  const byId = new Map(previousRows.map((row) => [row.task_id, row]));
  const tweak = (index: number, change: Partial<(typeof previousRows)[number]>) => {
    const row = byId.get(scored[index]?.task_id ?? '');
    if (row !== undefined) Object.assign(row, change);
  };
  tweak(0, { auroc: 0.8612 });
  tweak(2, { auroc: 0.8811 });
  tweak(5, { auroc: 0.7012 });
  tweak(7, { status: 'in_progress', auroc: null });
  return {
    source: 'reports/nclue-tasks-2025-12-01.csv',
    format: 'csv',
    generatedAt: '2025-12-01T09:00:00.000Z',
    rows: [
      ...previousRows.filter((row) => row.task_id !== rows[1]?.task_id),
      {
        task_id: 'ffffffff-0000-4000-8000-000000000099',
        task_name: '지난달 모델 (삭제됨)',
        status: 'completed',
        auroc: 0.7,
        fetchError: false,
      },
    ],
  };
}

/** Each sheet as one PDF page (LibreOffice's SinglePageSheets), each page as a PNG. */
async function renderSheets(xlsx: string, names: string[]): Promise<void> {
  const filter = 'pdf:calc_pdf_Export:{"SinglePageSheets":{"type":"boolean","value":"true"}}';
  await run(
    'soffice',
    [
      '--headless',
      `-env:UserInstallation=${pathToFileURL(join(folder, 'lo-profile')).href}`,
      '--convert-to',
      filter,
      '--outdir',
      folder,
      xlsx,
    ],
    { timeout: 120_000 },
  );
  const pdf = xlsx.replace(/\.xlsx$/, '.pdf');
  for (const [index, name] of names.entries()) {
    const page = String(index + 1);
    const prefix = join(folder, name);
    await run('pdftoppm', [
      '-png',
      '-r',
      '72',
      '-f',
      page,
      '-l',
      page,
      '-singlefile',
      '-W',
      '1400',
      '-H',
      '900',
      pdf,
      prefix,
    ]);
    await keep(`${prefix}.png`, join(IMAGES, `${name}.png`));
  }
}

async function saveChartImage(xlsx: string, target: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(xlsx);
  const image = workbook.worksheets[1]?.getImages()[0];
  const png = workbook.getImage(Number(image?.imageId)).buffer as unknown as Buffer;
  await writeFile(join(folder, 'chart.png'), png);
  await keep(join(folder, 'chart.png'), target);
}

async function screenshot(html: string, target: string, width: number, height: number): Promise<void> {
  const png = join(folder, 'page.png');
  await run(
    '/usr/bin/chromium',
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--hide-scrollbars',
      `--user-data-dir=${join(folder, 'chromium')}`,
      `--window-size=${width},${height}`,
      `--screenshot=${png}`,
      pathToFileURL(html).href,
    ],
    { timeout: 60_000 },
  );
  await keep(png, target);
}

/** Quantises the picture to 256 colours (pngquant; screenshots of tables barely change) and checks its size. */
async function keep(source: string, target: string): Promise<void> {
  await run('pngquant', [
    '--force',
    '--skip-if-larger',
    '--strip',
    '--output',
    source,
    '256',
    '--',
    source,
  ]).catch((error: { code?: number }) => {
    // 98/99: the quantised file would not be smaller or good enough; keep the original.
    if (error.code !== 98 && error.code !== 99) throw error;
  });
  const { size } = await stat(source);
  if (size > MAX_IMAGE_BYTES) {
    throw new Error(
      `${target} would be ${Math.round(size / 1024)} KiB; keep pictures under ${MAX_IMAGE_BYTES / 1024} KiB`,
    );
  }
  await writeFile(target, await readFile(source));
  console.log(`${target} (${Math.round(size / 1024)} KiB)`);
}
