/**
 * The built CLI writes the workbook on a thread of its own (src/writers/xlsx-thread.ts); tests that
 * run the CLI from source write it on the main thread. Both must give the same workbook, the same
 * files and the same words and exit code when a workbook cannot be written.
 */
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, readTaskData, type Emulator } from '../../src/emulator/index.js';
import { EDGE_FIXTURES, runCli } from '../support/cli.js';
import { runInProcess } from '../support/in-process.js';

const ACCESS = 'AK-THREAD';
const SECRET = 'thread-secret-9f8e7d';
const ENV = { NCLOUD_ACCESS_KEY: ACCESS, NCLOUD_SECRET_KEY: SECRET };
const THREAD_LINE = 'xlsx: written on a thread of its own';

let emulator: Emulator;

beforeAll(async () => {
  const tasks = await readTaskData(join(EDGE_FIXTURES, 'tasks.json'));
  emulator = await createEmulator({ tasks, credentials: { accessKey: ACCESS, secretKey: SECRET } });
});
afterAll(async () => {
  await emulator.close();
});

/** Both runs of the same arguments in fresh folders: the built CLI, and the CLI from source. */
async function runBoth(
  args: string[],
  prepare: (out: string) => Promise<void> = async () => undefined,
): Promise<Array<{ out: string; code: number | null; stderr: string }>> {
  const runs = [];
  for (const how of ['built', 'source'] as const) {
    const out = await mkdtemp(join(tmpdir(), `nclue-thread-${how}-`));
    await prepare(out);
    const argv = ['--all', '--endpoint', emulator.url, '--out', out, '--name', 'r', '--verbose', ...args];
    const result =
      how === 'built' ? await runCli(argv, { env: ENV }) : await runInProcess(argv, { env: ENV });
    runs.push({ out, code: result.code, stderr: result.stderr.split(out).join('<out>') });
  }
  return runs;
}

/** Every cell of a sheet, row by row. */
async function readSheet(path: string, name: string): Promise<unknown[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const rows: unknown[] = [];
  workbook.getWorksheet(name)?.eachRow((row) => rows.push(row.values));
  return rows;
}

/** The lines of a run's standard error that name a report file. */
function fileLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.includes('<out>/r.'));
}

describe('the workbook written on its own thread by the built CLI', () => {
  it('is the workbook the main thread writes, beside the same other formats', async () => {
    const [built, source] = await runBoth(['--format', 'csv,xlsx,json,html']);
    expect(built?.stderr).toContain(THREAD_LINE);
    expect(source?.stderr).not.toContain(THREAD_LINE);
    expect(built?.code).toBe(source?.code);
    expect(fileLines(built?.stderr ?? '')).toEqual(fileLines(source?.stderr ?? ''));
    const tasks = await readSheet(join(built?.out ?? '', 'r.xlsx'), 'Tasks');
    expect(tasks.length).toBeGreaterThan(10);
    expect(tasks).toEqual(await readSheet(join(source?.out ?? '', 'r.xlsx'), 'Tasks'));
  });

  it('that cannot be written is reported in the same words with the same exit code', async () => {
    // A folder where the workbook should go: the rename of the finished file fails.
    const [built, source] = await runBoth(['--format', 'xlsx,csv'], (out) => mkdir(join(out, 'r.xlsx')));
    expect(built?.stderr).toContain(THREAD_LINE);
    expect(built?.code).toBe(6);
    expect(source?.code).toBe(6);
    const lines = fileLines(built?.stderr ?? '');
    expect(lines.some((line) => line.includes('r.xlsx'))).toBe(true);
    expect(lines).toEqual(fileLines(source?.stderr ?? ''));
  });
});
