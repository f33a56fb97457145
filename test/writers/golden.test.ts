import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTemplate } from '../../src/templates/load-template.js';
import type { Template } from '../../src/templates/template.js';
import { selectChartBars } from '../../src/report/select-chart-bars.js';
import { renderAurocChartSvg } from '../../src/writers/chart-svg.js';
import { writeReports } from '../../src/writers/write-reports.js';
import { buildModels, buildReport } from './document.js';
import { readConditionalFormats, readTables } from './read-workbook.js';
import { GOLDEN_PREVIOUS, GOLDEN_ROWS } from './fixtures/golden-report.js';

/**
 * Golden files: each template × format is written from one fixed report (fixed generation time) and
 * compared with the file checked in under fixtures/golden. A workbook is compared as a JSON dump of what
 * it holds (values, types, formats, widths, tables, conditional formats, images), not as zip bytes.
 * After an intended change, regenerate with `UPDATE_GOLDEN=1 npx vitest run test/writers/golden.test.ts`
 * and review the diff.
 */
const GOLDEN_DIR = join(import.meta.dirname, 'fixtures', 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'golden-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Golden files end in `.golden` so that formatters (prettier) leave their bytes alone. */
async function expectGolden(name: string, actual: string): Promise<void> {
  const path = join(GOLDEN_DIR, `${name}.golden`);
  if (UPDATE) {
    await writeFile(path, actual);
  }
  expect(actual, `${name} differs from its golden file (UPDATE_GOLDEN=1 to regenerate)`).toBe(
    await readFile(path, 'utf8'),
  );
}

async function writeAll(name: string, template: Template, compare: boolean): Promise<void> {
  const report = buildReport(GOLDEN_ROWS, { endpoint: 'https://nclue.apigw.ntruss.com/api/v1' });
  await writeReports(report, {
    outDir: folder,
    name,
    formats: ['csv', 'xlsx', 'json', 'html'],
    bom: true,
    escapeFormulas: true,
    template,
    previous: compare ? GOLDEN_PREVIOUS : null,
    models: buildModels(report, compare ? [GOLDEN_PREVIOUS] : []),
  });
}

/** What a workbook holds, as stable JSON. */
async function dumpWorkbook(path: string): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheets = workbook.worksheets.map((sheet) => {
    const rows: unknown[] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const cells: unknown[] = [];
      row.eachCell({ includeEmpty: true }, (cell) => {
        const value = cell.value instanceof Date ? { date: cell.value.toISOString() } : cell.value;
        cells.push(cell.numFmt === undefined ? value : { value, numFmt: cell.numFmt });
      });
      rows.push(cells);
    });
    const columns = Array.from({ length: sheet.columnCount }, (_, index) => {
      const column = sheet.getColumn(index + 1);
      return column.hidden ? { width: column.width, hidden: true } : column.width;
    });
    return {
      name: sheet.name,
      views: sheet.views,
      columns,
      tables: readTables(sheet).map((table) => `${table.name} ${table.tableRef}`),
      autoFilter: sheet.autoFilter ?? null,
      conditionalFormats: readConditionalFormats(sheet).map((format) => ({
        ref: format.ref,
        rules: format.rules.map((rule) =>
          'formulae' in rule ? `${rule.type} ${rule.formulae?.join(' ')}` : rule.type,
        ),
      })),
      images: sheet.getImages().length,
      rows,
    };
  });
  return `${JSON.stringify({ activeTab: workbook.views[0]?.activeTab, sheets }, null, 1)}\n`;
}

describe.each([
  ['default', false],
  ['ko', false],
  ['default', true],
])('golden files: template %s, --compare %s', (templateName, compare) => {
  const name = `${templateName}${compare ? '-compare' : ''}`;

  beforeAll(async () => {
    await writeAll(name, await loadTemplate(templateName), compare);
  });

  it.each(['csv', 'models.csv', 'json', 'html'])('%s', async (format) => {
    await expectGolden(`${name}.${format}`, await readFile(join(folder, `${name}.${format}`), 'utf8'));
  });

  it('xlsx', async () => {
    await expectGolden(`${name}.xlsx.json`, await dumpWorkbook(join(folder, `${name}.xlsx`)));
  });
});

describe('golden files: a template whose CSV follows it', () => {
  it('writes visible columns in template order and sort, headed by labels', async () => {
    const path = join(folder, 'layout.json');
    await writeFile(
      path,
      JSON.stringify({
        columns: [
          { field: 'task_name', label: '=Name' },
          { field: 'task_id' },
          { field: 'auroc', label: 'Score' },
          { field: 'status', visible: false },
        ],
        sort: [{ field: 'auroc', direction: 'desc' }],
        csv: { followTemplate: true, header: 'label' },
      }),
    );
    await writeAll('templated', await loadTemplate(path), false);
    await expectGolden('templated.csv', await readFile(join(folder, 'templated.csv'), 'utf8'));
  });
});

describe('golden files: the AUROC chart', () => {
  it('is the same SVG for the same report', async () => {
    const { svg } = renderAurocChartSvg(
      selectChartBars(GOLDEN_ROWS),
      {
        title: 'AUROC by task, best first',
        subtitle: 'Best 4 of 4 tasks with an AUROC',
        description: 'chart',
        empty: 'none',
      },
      { fontFamily: 'Noto Sans KR', omitPictographs: true },
    );
    await expectGolden('chart.svg', `${svg}\n`);
  });
});
