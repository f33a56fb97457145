import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createErrorRow } from '../../src/report/error-row.js';
import { REPORT_COLUMNS, type ReportRow } from '../../src/core/row.js';
import { formatCsvRecord, renderCsv, writeCsv } from '../../src/writers/csv.js';
import { EXAMPLE_ROW, makeRow } from './fixtures.js';

const BOM = '\uFEFF';
const HEADER = REPORT_COLUMNS.join(',');
const EXAMPLE_LINE =
  'f5aebc0c-****-****-****-b201bc64b1c9,YOUR_TASK_NAME,completed,0.7681659649879657,1,' +
  '2024-11-26T11:48:16,2024-11-26T11:49:55,99,0ccc59f9-****-****-****-7837ae76d046,YOUR_FEATURE_NAME,' +
  'YOUR_BUCKET_NAME,path/filename,,,,,93734,42.6 MB,42582684,,';

/** The data lines of a rendered CSV (without BOM, header and final CRLF). */
function dataLines(csv: string): string[] {
  return csv.replace(BOM, '').split('\r\n').slice(1, -1);
}

describe('renderCsv', () => {
  it('writes the BOM, the exact header and one CRLF-terminated record per row', () => {
    const csv = renderCsv([EXAMPLE_ROW]);
    expect(csv).toBe(`${BOM}${HEADER}\r\n${EXAMPLE_LINE}\r\n`);
  });

  it('omits the BOM when asked', () => {
    const csv = renderCsv([EXAMPLE_ROW], { bom: false });
    expect(csv.startsWith('task_id,task_name,')).toBe(true);
    expect(csv).not.toContain(BOM);
  });

  it('writes the header even without rows', () => {
    expect(renderCsv([])).toBe(`${BOM}${HEADER}\r\n`);
  });

  it('quotes fields only when they hold a comma, quote, CR or LF, doubling quotes', () => {
    const rows = [
      makeRow({ task_id: 'a,b', task_name: 'say "hi"', status: 'line\nbreak', fail_message: 'cr\ronly' }),
      makeRow({ task_id: 'plain', task_name: 'no quotes needed here', status: "it's" }),
    ];
    const columns = ['task_id', 'task_name', 'status', 'fail_message'] as const;
    const csv = renderCsv(rows, { bom: false, columns });
    expect(csv).toBe(
      'task_id,task_name,status,fail_message\r\n' +
        '"a,b","say ""hi""","line\nbreak","cr\ronly"\r\n' +
        "plain,no quotes needed here,it's,\r\n",
    );
  });

  it('keeps Korean text intact', () => {
    const csv = renderCsv([makeRow({ task_id: 'k', task_name: '구매 의도 모델 – 테스트' })], { bom: false });
    expect(dataLines(csv)[0]).toBe(`k,구매 의도 모델 – 테스트${','.repeat(REPORT_COLUMNS.length - 2)}`);
  });

  it.each([
    [0.7681659649879657, '0.7681659649879657'],
    [0.1, '0.1'],
    [1, '1'],
    [0, '0'],
    [0.30000000000000004, '0.30000000000000004'],
  ])('writes AUROC %d in full precision as %s', (auroc, expected) => {
    const csv = renderCsv([makeRow({ task_id: 'n', auroc })], { columns: ['auroc'], bom: false });
    expect(csv).toBe(`auroc\r\n${expected}\r\n`);
  });

  it('writes large counts without grouping or exponent', () => {
    const csv = renderCsv([makeRow({ task_id: 'n', disk_usage_bytes: 9007199254740991 })], {
      columns: ['disk_usage_bytes'],
      bom: false,
    });
    expect(csv).toBe('disk_usage_bytes\r\n9007199254740991\r\n');
  });

  it('writes null as an empty field and an error row with its reason', () => {
    const csv = renderCsv([createErrorRow('gone', 'HTTP 404, task not found')], { bom: false });
    expect(dataLines(csv)[0]).toBe(`gone${','.repeat(REPORT_COLUMNS.length - 1)}"HTTP 404, task not found"`);
  });

  it('defuses formula-looking text by default, leaving negative numbers alone', () => {
    const row = makeRow({
      task_id: 'x',
      task_name: '=1+2',
      status: '\n=cmd',
      fail_message: ' @SUM(A1)',
      auroc: -0.5,
    });
    const csv = renderCsv([row], { bom: false, columns: ['task_name', 'status', 'fail_message', 'auroc'] });
    expect(dataLines(csv)[0]).toBe(`'=1+2,"'\n=cmd",' @SUM(A1),-0.5`);
  });

  it('writes text unchanged when formula escaping is off', () => {
    const row = makeRow({ task_id: 'x', task_name: '=1+2', fail_message: '\0@x' });
    const csv = renderCsv([row], {
      bom: false,
      escapeFormulas: false,
      columns: ['task_name', 'fail_message'],
    });
    expect(dataLines(csv)[0]).toBe('=1+2,@x');
  });

  it('drops control characters (NUL, ESC) as the workbook does, before escaping formulas', () => {
    const row = makeRow({
      task_id: 'x',
      task_name: 'a\u001b[31mred\u0007',
      fail_message: '\0=1+2',
      status: 'tab\there',
    });
    const csv = renderCsv([row], { bom: false, columns: ['task_name', 'fail_message', 'status'] });
    expect(dataLines(csv)[0]).toBe("a[31mred,'=1+2,tab\there");
  });

  it('writes the columns asked for, in that order', () => {
    const csv = renderCsv([EXAMPLE_ROW], { bom: false, columns: ['disk_usage', 'task_id'] });
    expect(csv).toBe('disk_usage,task_id\r\n42.6 MB,f5aebc0c-****-****-****-b201bc64b1c9\r\n');
  });
});

describe('formatCsvRecord', () => {
  it('gives one field per column, nulls empty', () => {
    expect(formatCsvRecord(EXAMPLE_ROW)).toHaveLength(REPORT_COLUMNS.length);
    expect(formatCsvRecord(EXAMPLE_ROW, { columns: ['auroc', 'test_bucket'] })).toEqual([
      '0.7681659649879657',
      '',
    ]);
  });
});

describe('writeCsv', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'csv-'));
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('writes the same bytes as renderCsv, BOM first, Korean as UTF-8', async () => {
    const path = join(folder, 'report.csv');
    const rows = [
      EXAMPLE_ROW,
      makeRow({ task_id: 'k', task_name: '한글 "모델"' }),
      createErrorRow('e', 'timeout'),
    ];
    await writeCsv(path, rows);
    const bytes = await readFile(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.includes(Buffer.from('한글 ""모델""', 'utf8'))).toBe(true);
    expect(bytes.toString('utf8')).toBe(renderCsv(rows));
    expect(await readdir(folder)).toEqual(['report.csv']);
  });

  it('writes a file of several megabytes in chunks, byte for byte as renderCsv', async () => {
    const path = join(folder, 'big.csv');
    const rows = Array.from({ length: 30_000 }, (_, index) =>
      makeRow({ task_id: `t${index}`, task_name: `모델 "${index}", 줄\n바꿈 ${'x'.repeat(index % 50)}` }),
    );
    await writeCsv(path, rows);
    const bytes = await readFile(path);
    expect(bytes.length).toBeGreaterThan(2 * 1024 * 1024);
    expect(bytes.toString('utf8')).toBe(renderCsv(rows));
    expect(bytes.toString('utf8').split('\r\n')).toHaveLength(rows.length + 2);
  });

  it('writes no BOM when asked', async () => {
    const path = join(folder, 'report.csv');
    await writeCsv(path, [EXAMPLE_ROW], { bom: false });
    const bytes = await readFile(path);
    expect(bytes.subarray(0, 8).toString('utf8')).toBe('task_id,');
  });

  it('streams rows from an async iterable', async () => {
    const path = join(folder, 'many.csv');
    const count = 5000;
    async function* generateRows(): AsyncGenerator<ReportRow> {
      for (let index = 0; index < count; index += 1) {
        yield makeRow({ task_id: `task-${index}`, auroc: index / count });
      }
    }
    await writeCsv(path, generateRows(), { bom: false, columns: ['task_id', 'auroc'] });
    const lines = (await readFile(path, 'utf8')).split('\r\n');
    expect(lines).toHaveLength(count + 2); // header + rows + the empty string after the final CRLF
    expect(lines[0]).toBe('task_id,auroc');
    expect(lines[count]).toBe(`task-${count - 1},${(count - 1) / count}`);
  });

  it('keeps the previous file when the rows fail midway', async () => {
    const path = join(folder, 'report.csv');
    await writeFile(path, 'previous');
    function* failingRows(): Generator<ReportRow> {
      yield EXAMPLE_ROW;
      throw new Error('fetch aborted');
    }
    await expect(writeCsv(path, failingRows())).rejects.toThrow('fetch aborted');
    expect(await readFile(path, 'utf8')).toBe('previous');
    expect(await readdir(folder)).toEqual(['report.csv']);
  });
});
