import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkXlsxDirectory, XLSX_LIMITS } from '../../src/history/check-xlsx-directory.js';
import { readHistory } from '../../src/history/read-history.js';
import { readPreviousReport } from '../../src/history/read-previous-report.js';
import { UsageError } from '../../src/core/errors.js';
import { loadTemplate } from '../../src/templates/load-template.js';
import { writeXlsx } from '../../src/writers/xlsx.js';
import { buildDocument } from '../writers/document.js';
import { makeRow } from '../writers/fixtures.js';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'xlsx-directory-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** A ZIP of the given parts, in this order, deflated. */
async function writeZip(name: string, parts: Array<[string, string | Buffer]>): Promise<string> {
  const zip = new JSZip();
  for (const [path, content] of parts) zip.file(path, content);
  const path = join(folder, name);
  await writeFile(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return path;
}

const SHEET = '<?xml version="1.0"?><worksheet><sheetData/></worksheet>';

describe('checkXlsxDirectory', () => {
  it.each(['in-memory', 'streaming'] as const)('passes a workbook this tool writes (%s)', async (mode) => {
    const path = join(folder, 'report.xlsx');
    const rows = Array.from({ length: 50 }, (_, index) =>
      makeRow({ task_id: `t${index}`, task_name: `n${index}` }),
    );
    await writeXlsx(path, await buildDocument(rows, { models: true }), { mode });
    await expect(checkXlsxDirectory(path, '--compare report.xlsx')).resolves.toBeUndefined();
  });

  it('refuses a workbook declaring an implausible number of shared strings', async () => {
    const path = await writeZip('strings.xlsx', [
      ['xl/workbook.xml', '<workbook/>'],
      [
        'xl/sharedStrings.xml',
        '<?xml version="1.0"?><sst count="30000000" uniqueCount="30000000"><si><t>a</t></si></sst>',
      ],
      ['xl/worksheets/sheet1.xml', SHEET],
    ]);
    await expect(checkXlsxDirectory(path, '--compare strings.xlsx')).rejects.toThrow(
      /^--compare strings\.xlsx: it declares 30,000,000 shared strings, more than 5,000,000; give the JSON or CSV report of the same run instead$/,
    );
  });

  it('refuses parts that unpack to more than 64 × the file size (a ZIP bomb)', async () => {
    const path = await writeZip('bomb.xlsx', [
      ['xl/workbook.xml', '<workbook/>'],
      ['xl/worksheets/sheet1.xml', Buffer.alloc(40 * 1024 * 1024, 0x20)],
    ]);
    const failure = await checkXlsxDirectory(path, '--compare bomb.xlsx').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UsageError);
    expect((failure as Error).message).toMatch(
      /^--compare bomb\.xlsx: its parts unpack to 40 MiB, more than 64 × its size of 0\.\d MiB/,
    );
  });

  it('refuses more than 512 MiB unpacked whatever the file size', async () => {
    const path = await writeZip('big.xlsx', [
      ['xl/worksheets/sheet1.xml', Buffer.alloc(2 * 1024 * 1024, 0x20)],
    ]);
    await expect(
      checkXlsxDirectory(path, 'big.xlsx', undefined, {
        ...XLSX_LIMITS,
        maxExpansion: 1e9,
        maxUncompressedBytes: 1024 * 1024,
      }),
    ).rejects.toThrow(/its parts unpack to 2\.0 MiB, more than 1\.0 MiB/);
  });

  it('refuses sheets stored before the shared strings past the temporary-file cap', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 0x20);
    const path = await writeZip('order.xlsx', [
      ['xl/worksheets/sheet1.xml', big],
      ['xl/worksheets/sheet2.xml', big],
      ['xl/sharedStrings.xml', '<sst count="1" uniqueCount="1"><si><t>a</t></si></sst>'],
      ['xl/_rels/workbook.xml.rels', '<Relationships/>'],
      ['xl/workbook.xml', '<workbook/>'],
    ]);
    const limits = { ...XLSX_LIMITS, maxExpansion: 1e9, maxSpilledBytes: 4 * 1024 * 1024 };
    await expect(checkXlsxDirectory(path, 'order.xlsx', undefined, limits)).rejects.toThrow(
      /its sheets come before its shared strings and would be unpacked to 6\.0 MiB of temporary files, more than 4\.0 MiB/,
    );
    // The same parts with the shared strings and relations first are fine.
    const fine = await writeZip('fine.xlsx', [
      ['xl/sharedStrings.xml', '<sst count="1" uniqueCount="1"><si><t>a</t></si></sst>'],
      ['xl/_rels/workbook.xml.rels', '<Relationships/>'],
      ['xl/worksheets/sheet1.xml', big],
      ['xl/worksheets/sheet2.xml', big],
    ]);
    await expect(checkXlsxDirectory(fine, 'fine.xlsx', undefined, limits)).resolves.toBeUndefined();
  });

  it('refuses an implausible number of parts', async () => {
    const parts = Array.from({ length: 12 }, (_, index): [string, string] => [`xl/part${index}.xml`, '<x/>']);
    const path = await writeZip('parts.xlsx', parts);
    await expect(
      checkXlsxDirectory(path, 'parts.xlsx', undefined, { ...XLSX_LIMITS, maxEntries: 10 }),
    ).rejects.toThrow(/it has 1\d parts, more than 10/);
  });

  it('refuses a file that is not a ZIP archive', async () => {
    const path = join(folder, 'fake.xlsx');
    await writeFile(path, 'task_id,auroc\n');
    await expect(checkXlsxDirectory(path, 'fake.xlsx')).rejects.toThrow(
      /fake\.xlsx is not a readable xlsx workbook \(it is not a ZIP archive\)/,
    );
  });
});

describe('--compare with a workbook that passes a limit', () => {
  async function writeBomb(name: string): Promise<string> {
    return writeZip(name, [
      ['xl/workbook.xml', '<workbook/>'],
      ['xl/worksheets/sheet1.xml', Buffer.alloc(40 * 1024 * 1024, 0x20)],
    ]);
  }

  it('named on the command line: a UsageError (exit 2) naming the file and the same run’s JSON', async () => {
    const path = await writeBomb('last.xlsx');
    await writeFile(join(folder, 'last.json'), '{}');
    const templates = [await loadTemplate('default')];
    await expect(readPreviousReport(path, templates)).rejects.toThrow(UsageError);
    await expect(readPreviousReport(path, templates)).rejects.toThrow(
      new RegExp(
        `^--compare ${path.replace(/[.\\/]/g, '\\$&')}: its parts unpack to .*; give ${join(folder, 'last.json').replace(/[.\\/]/g, '\\$&')} \\(the same run's JSON\\) instead$`,
      ),
    );
  });

  it('in a folder: a warning naming the file, and the run goes on', async () => {
    const path = await writeBomb('old.xlsx');
    const history = await readHistory([folder], [await loadTemplate('default')]);
    expect(history.reports).toEqual([]);
    expect(history.warnings.some((warning) => warning.includes(path) && warning.includes('unpack to'))).toBe(
      true,
    );
  });
});
