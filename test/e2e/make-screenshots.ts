/**
 * Makes the README pictures in docs/images from the sample tasks, as the demo runs them (November's
 * report compared with October's): each workbook sheet (rendered by LibreOffice: xlsx → one PDF page
 * per sheet → PNG), the chart images, and the HTML page on a desktop and a phone (headless Chromium). Run by hand after a visible change:
 *
 *   apt-get install -y chromium libreoffice-calc-nogui poppler-utils fonts-noto-cjk pngquant
 *   npx tsx test/e2e/make-screenshots.ts
 *
 * LibreOffice shows conditional formats and fills but not Excel's table styles (banded rows, filter
 * buttons), so those are described in README.md rather than pictured.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { readHistory } from '../../src/history/read-history.js';
import { readTaskData } from '../../src/emulator/index.js';
import { buildModelView } from '../../src/models/build-model-view.js';
import { createModelNamer, DEFAULT_MODEL_NAMING } from '../../src/models/model-naming.js';
import { periodOf } from '../../src/models/task-period.js';
import { createErrorRow } from '../../src/report/error-row.js';
import { flattenTask } from '../../src/report/flatten-task.js';
import { loadTemplate } from '../../src/templates/load-template.js';
import { writeReports } from '../../src/writers/write-reports.js';
import { buildModels, buildReport } from '../writers/document.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..', '..');
const IMAGES = join(ROOT, 'docs', 'images');
/** Keep every picture small enough for a README. */
const MAX_IMAGE_BYTES = 300 * 1024;

const folder = await mkdtemp(join(tmpdir(), 'screenshots-'));
try {
  // The demo's story: October's report (August to October), then November's compared with it.
  const tasks = await readTaskData(join(ROOT, 'samples', 'tasks.json'));
  // The demo's config joins the renamed LTV family with an alias.
  const config = JSON.parse(await readFile(join(ROOT, 'samples', 'demo-config.json'), 'utf8')) as {
    'model-aliases': Record<string, string>;
  };
  const naming = { ...DEFAULT_MODEL_NAMING, aliases: config['model-aliases'] };
  const flatten = (keep: (period: string | null) => boolean) =>
    tasks
      .map((task) => flattenTask(task, String(task.task_id)).row)
      .filter((row) => keep(periodOf(row.created_at)))
      .reverse();
  const endpoint = 'https://nclue.apigw.ntruss.com/api/v1';
  // Run from the temporary folder, so the pictures name the earlier report as a user would see it.
  process.chdir(folder);
  const history = 'reports';
  await mkdir(history);
  const october = buildReport(
    flatten((period) => period !== null && period <= '2026-10'),
    { endpoint, generatedAt: '2026-11-02T09:00:00.000Z' },
  );
  await writeReports(october, {
    outDir: history,
    name: 'nclue-2026-10',
    formats: ['json'],
    bom: true,
    escapeFormulas: true,
    models: buildModels(october),
  });
  // One ID the account does not have, so the Errors sheet has something to show.
  const november = buildReport(
    [
      ...flatten((period) => period === '2026-11'),
      createErrorRow('d2ea7bb8-6012-476f-985f-2e3c029484b2', 'not found (HTTP 404)'),
    ],
    { endpoint, generatedAt: '2026-12-01T09:00:00.000Z' },
  );
  const templates = [await loadTemplate('default'), await loadTemplate('ko')];
  const read = await readHistory([history], templates);
  const models = buildModelView(november.rows, read.reports, {
    naming,
    namer: createModelNamer(naming),
    period: null,
  }).models;
  const base = { outDir: folder, bom: true, escapeFormulas: true, previous: read.latest, models } as const;
  await writeReports(november, { ...base, name: 'en', formats: ['xlsx', 'html'], template: templates[0] });
  await writeReports(november, { ...base, name: 'ko', formats: ['xlsx', 'html'], template: templates[1] });

  // The sheets in workbook order: Summary, Models, Tasks, Changes, Errors.
  await renderSheets(join(folder, 'en.xlsx'), [
    'workbook-summary',
    'workbook-models',
    'workbook-tasks',
    'workbook-changes',
    'workbook-errors',
  ]);
  await saveChartImage(join(folder, 'ko.xlsx'), 0, join(IMAGES, 'chart-ko.png'));
  await saveChartImage(join(folder, 'en.xlsx'), 1, join(IMAGES, 'chart-trend.png'));
  await screenshot(join(folder, 'en.html'), join(IMAGES, 'html-desktop.png'), 1200, 1500);
  await screenshot(join(folder, 'ko.html'), join(IMAGES, 'html-phone-ko.png'), 390, 1400);
} finally {
  await rm(folder, { recursive: true, force: true });
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
    // The Models sheet is wide (its Why column wraps at 44 characters): show it up to its Runs column.
    const width = name === 'workbook-models' ? '1900' : '1400';
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
      width,
      '-H',
      '900',
      pdf,
      prefix,
    ]);
    await keep(`${prefix}.png`, join(IMAGES, `${name}.png`));
  }
}

/** The first image of the sheet at `sheetIndex` (the Summary's AUROC chart, the Models' trend chart). */
async function saveChartImage(xlsx: string, sheetIndex: number, target: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(xlsx);
  const image = workbook.worksheets[sheetIndex]?.getImages()[0];
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
