import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReportWriteError, describeWriteFailure, writeReports } from '../../src/writers/write-reports.js';
import { buildReport } from './document.js';
import { EXAMPLE_ROW } from './fixtures.js';

// A workbook writer that fails the way a format's limit does: a plain Error, no errno code.
vi.mock('../../src/writers/xlsx.js', () => ({
  writeXlsx: () =>
    Promise.reject(new Error('entry too large: xl/worksheets/sheet3.xml\n    at zip (x.js:1)')),
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
