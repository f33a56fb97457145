import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, readTaskData, type Emulator } from '../../src/emulator/index.js';
import { parseCsv } from '../../src/input/parse-csv.js';
import { COMPARE_COLUMNS, LINEAGE_COLUMNS, MODEL_COLUMNS } from '../../src/core/report-field.js';
import { roundChange } from '../../src/report/round-change.js';
import { REPORT_COLUMNS } from '../../src/core/row.js';
import { runCli, EDGE_FIXTURES } from '../support/cli.js';

/**
 * End to end through the built CLI (`npm run build` first) against the emulator: a first run writes
 * every format; the task data then changes (AUROC moves, a task finishes, one is dropped from the list,
 * one is added) and a second run with `--compare` on each of the first run's files must list exactly
 * those changes, with every delta equal to new AUROC − old AUROC.
 */
const ACCESS = 'AK-E2E';
const SECRET = 'e2e-secret-value-9Qz';
const ENV = { NCLOUD_ACCESS_KEY: ACCESS, NCLOUD_SECRET_KEY: SECRET };
const CREDENTIALS = { accessKey: ACCESS, secretKey: SECRET };

type Task = Record<string, unknown>;

let tasks: Task[];
let out: string;
let emulator: Emulator;
/** Chosen from the edge fixtures: completed with a numeric AUROC, and one still pending. */
let moved: Task[];
let pending: Task;
let dropped: Task;
let added: Task;
let firstIds: string[];
let secondIds: string[];

const idOf = (task: Task) => String(task.task_id);

beforeAll(async () => {
  tasks = await readTaskData(join(EDGE_FIXTURES, 'tasks.json'));
  const scored = tasks.filter(
    (task) => task.status === 'completed' && task.AUROC !== null && !Number.isNaN(Number(task.AUROC)),
  );
  moved = scored.slice(0, 3);
  dropped = scored[3] as Task;
  added = scored[4] as Task;
  pending = tasks.find((task) => task.status === 'pending') as Task;
  firstIds = [...moved, pending, dropped].map(idOf);
  secondIds = [...moved, pending, added].map(idOf);
  out = await mkdtemp(join(tmpdir(), 'nclue-e2e-'));
  await writeFile(join(out, 'first.txt'), `${firstIds.join('\n')}\n`);
  await writeFile(join(out, 'second.txt'), `${secondIds.join('\n')}\n`);
  emulator = await createEmulator({ tasks, credentials: CREDENTIALS, rps: 50 });
});

afterAll(async () => {
  await emulator.close();
  await rm(out, { recursive: true, force: true });
});

function run(args: string[]) {
  return runCli([...args, '--endpoint', emulator.url, '--rps', '40', '--out', out, '--no-progress'], {
    env: ENV,
  });
}

function csvRows(text: string): string[][] {
  return parseCsv(text).map((record) => record.fields);
}

/** The changed task data of "next month". */
function nextMonth(): Task[] {
  const newAuroc = new Map<string, string | number>([
    [idOf(moved[0] as Task), '0.9512345678901234'],
    [idOf(moved[1] as Task), 0.5],
  ]);
  return tasks.map((task) => {
    if (newAuroc.has(idOf(task))) return { ...task, AUROC: newAuroc.get(idOf(task)) };
    if (task === pending)
      return { ...task, status: 'completed', completed_at: '2025-02-01T00:00:00', AUROC: '0.8' };
    return task;
  });
}

describe('--compare through the CLI', () => {
  it('writes csv, xlsx, json and html on the first run', async () => {
    const result = await run([
      '--ids',
      join(out, 'first.txt'),
      '--name',
      'first',
      '--format',
      'csv,xlsx,json,html',
    ]);
    expect(result.stderr).toContain('wrote');
    expect(result.code).toBe(0);
    expect((await readdir(out)).filter((file) => /^first\.(?!txt)/.test(file)).sort()).toEqual([
      'first.csv',
      'first.html',
      'first.json',
      'first.models.csv',
      'first.xlsx',
    ]);
  });

  it.each(['csv', 'xlsx', 'json'])(
    'compares with the %s report: comparison columns, exact deltas, Changes sheet',
    async (format) => {
      emulator.setTasks(nextMonth());
      try {
        const name = `second-${format}`;
        const result = await run([
          '--ids',
          join(out, 'second.txt'),
          '--name',
          name,
          '--format',
          'csv,xlsx',
          '--compare',
          join(out, `first.${format}`),
        ]);
        expect(result.code, result.stderr).toBe(0);

        const rows = csvRows(await readFile(join(out, `${name}.csv`), 'utf8'));
        expect(rows[0]).toEqual([
          ...REPORT_COLUMNS,
          ...COMPARE_COLUMNS,
          ...MODEL_COLUMNS,
          ...LINEAGE_COLUMNS,
        ]);
        const at = (field: string) => (rows[0] ?? []).indexOf(field);
        const byId = new Map(rows.slice(1).map((fields) => [fields[0], fields]));
        const old = (task: Task) => Number(task.AUROC);
        const [up, down, same] = moved as [Task, Task, Task];
        const expectDelta = (task: Task, now: number) => {
          const fields = byId.get(idOf(task)) ?? [];
          expect(fields[at('auroc_previous')], idOf(task)).toBe(String(old(task)));
          expect(fields[at('auroc_delta')], idOf(task)).toBe(String(roundChange(now - old(task))));
          expect(fields[at('status_previous')]).toBe('completed');
        };
        expectDelta(up, 0.9512345678901234);
        expectDelta(down, 0.5);
        expectDelta(same, old(same));
        expect(byId.get(idOf(pending))?.slice(at('auroc_previous'), at('model'))).toEqual([
          '',
          '',
          'pending',
        ]);
        expect(byId.get(idOf(added))?.slice(at('auroc_previous'), at('model'))).toEqual(['', '', '']);

        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.readFile(join(out, `${name}.xlsx`));
        expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
          'Summary',
          'Models',
          'Tasks',
          'Changes',
        ]);
        const changes: unknown[][] = [];
        workbook.getWorksheet('Changes')?.eachRow((row, rowNumber) => {
          // The kind is the second column, the task ID the last (the name leads).
          if (rowNumber > 5) {
            const values = row.values as unknown[];
            changes.push([values[2], values[8]]);
          }
        });
        const bigger = Math.abs(0.9512345678901234 - old(up)) > Math.abs(0.5 - old(down));
        expect(changes).toEqual([
          ...(bigger
            ? [
                ['AUROC moved', idOf(up)],
                ['AUROC moved', idOf(down)],
              ]
            : [
                ['AUROC moved', idOf(down)],
                ['AUROC moved', idOf(up)],
              ]),
          ['status changed', idOf(pending)],
          ['new', idOf(added)],
          ['not retrained', idOf(dropped)],
        ]);
      } finally {
        emulator.setTasks(tasks);
      }
    },
  );

  it('reads the same data back from the csv, the xlsx and the json report', async () => {
    const [fromCsv, fromXlsx, fromJson] = await Promise.all(
      ['csv', 'xlsx', 'json'].map((format) => readFile(join(out, `second-${format}.csv`), 'utf8')),
    );
    expect(fromXlsx).toBe(fromCsv);
    expect(fromJson).toBe(fromCsv);
  });

  it.each([
    [['--compare', 'missing.csv'], /--compare missing\.csv: the file does not exist/],
    [
      ['--compare', join(EDGE_FIXTURES, 'task-ids.txt')],
      /task-ids\.txt has no task_id column; give a CSV, xlsx or JSON report/,
    ],
    [['--template', 'nope'], /--template nope: no such template/],
  ])('exits 2 for %j before sending any request', async (args, message) => {
    const before = emulator.stats.requests;
    const result = await run(['--ids', join(out, 'second.txt'), '--name', 'bad', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(emulator.stats.requests).toBe(before);
    expect((await readdir(out)).some((file) => file.startsWith('bad.'))).toBe(false);
  });

  it('writes Korean sheets with --template ko', async () => {
    const result = await run([
      '--ids',
      join(out, 'first.txt'),
      '--name',
      'ko',
      '--format',
      'xlsx',
      '--template',
      'ko',
    ]);
    expect(result.code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(out, 'ko.xlsx'));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['요약', '모델', '태스크']);
  });
});
