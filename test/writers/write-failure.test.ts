import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ReportWriteError,
  WRITE_TOGETHER_MAX_ROWS,
  describeWriteFailure,
  writeReports,
} from '../../src/writers/write-reports.js';
import { buildReport } from './document.js';
import { EXAMPLE_ROW } from './fixtures.js';

// A workbook writer that fails the way a format's limit does: a plain Error, no errno code. Before
// failing it runs `beforeFailing`, which a test sets to see what the other writers did meanwhile.
const workbook = vi.hoisted(() => ({ beforeFailing: async (): Promise<void> => undefined }));
vi.mock('../../src/writers/xlsx.js', () => ({
  writeXlsx: async () => {
    await workbook.beforeFailing();
    throw new Error('entry too large: xl/worksheets/sheet3.xml\n    at zip (x.js:1)');
  },
}));

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'write-failure-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('a failure of one format that is not the file system', () => {
  it('is that report’s "not written", never a crash; the other formats are written', async () => {
    const failure = await writeReports(buildReport([EXAMPLE_ROW]), {
      outDir: folder,
      name: 'r',
      formats: ['xlsx', 'csv', 'json'],
      bom: true,
      escapeFormulas: true,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ReportWriteError);
    const { written, unwritten } = failure as ReportWriteError;
    expect(unwritten).toEqual([
      { format: 'xlsx', path: join(folder, 'r.xlsx'), reason: 'entry too large: xl/worksheets/sheet3.xml' },
    ]);
    expect(written.map((file) => file.format)).toEqual(['csv', 'json']);
    expect((await readdir(folder)).sort()).toEqual(['r.csv', 'r.json']);
  });
});

describe('when the formats are written', () => {
  afterEach(() => {
    workbook.beforeFailing = async () => undefined;
  });
  const options = (): Parameters<typeof writeReports>[1] => ({
    outDir: folder,
    name: 'r',
    formats: ['xlsx', 'csv', 'json'],
    bom: true,
    escapeFormulas: true,
  });

  it('writes a small report’s formats together: the others are written while the workbook waits', async () => {
    let sawJson = false;
    workbook.beforeFailing = async () => {
      for (let turn = 0; turn < 200 && !existsSync(join(folder, 'r.json')); turn++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      sawJson = existsSync(join(folder, 'r.json'));
    };
    const failure = (await writeReports(buildReport([EXAMPLE_ROW]), options()).catch(
      (error: unknown) => error,
    )) as ReportWriteError;
    expect(sawJson).toBe(true);
    // Listed in the order of --format however they were scheduled.
    expect(failure.written.map((file) => file.format)).toEqual(['csv', 'json']);
  });

  it('writes a large report’s formats one after the other, in the order of --format', async () => {
    let othersBefore: string[] | null = null;
    workbook.beforeFailing = async () => {
      othersBefore = await readdir(folder);
    };
    const rows = Array.from({ length: WRITE_TOGETHER_MAX_ROWS + 1 }, (_, i) => ({
      ...EXAMPLE_ROW,
      task_id: `5e1f0000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    }));
    const failure = (await writeReports(buildReport(rows), options()).catch(
      (error: unknown) => error,
    )) as ReportWriteError;
    expect(othersBefore).toEqual([]);
    expect(failure.written.map((file) => file.format)).toEqual(['csv', 'json']);
    expect((await readdir(folder)).sort()).toEqual(['r.csv', 'r.json']);
  });
});

describe('describeWriteFailure', () => {
  it('gives the file system’s code, or the first line of the message without control characters, capped', () => {
    expect(
      describeWriteFailure(
        Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }),
      ),
    ).toBe('ENOSPC: no space left on device');
    expect(describeWriteFailure(new RangeError('Invalid string length'))).toBe('Invalid string length');
    expect(describeWriteFailure(new Error('\u001b[2Jbad\u0007 thing\nmore'))).toBe('[2Jbad thing');
    expect(describeWriteFailure(new Error('x'.repeat(500)))).toHaveLength(200);
  });
});
