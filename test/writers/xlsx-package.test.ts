import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { XlsxPackage } from '../../src/writers/xlsx-package/xlsx-package.js';
import { ZipWriter } from '../../src/writers/xlsx-package/zip-writer.js';
import { escapeXml } from '../../src/writers/xlsx-package/xml-text.js';
import { readConditionalFormats, readTables } from './read-workbook.js';

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'xlsx-package-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/**
 * The entries of a ZIP file, read through its central directory (APPNOTE 4.3.12) independently of
 * the writer: each inflated and its CRC-32 and sizes checked against the directory.
 */
async function readZip(path: string): Promise<Map<string, Buffer>> {
  const bytes = await readFile(path);
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end).toBeGreaterThan(0);
  const count = bytes.readUInt16LE(end + 10);
  let offset = bytes.readUInt32LE(end + 16);
  expect(offset + bytes.readUInt32LE(end + 12)).toBe(end);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(bytes.readUInt32LE(offset)).toBe(0x02014b50);
    const method = bytes.readUInt16LE(offset + 10);
    const crc = bytes.readUInt32LE(offset + 16);
    const compressedSize = bytes.readUInt32LE(offset + 20);
    const size = bytes.readUInt32LE(offset + 24);
    const nameLength = bytes.readUInt16LE(offset + 28);
    const local = bytes.readUInt32LE(offset + 42);
    const name = bytes.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    expect(bytes.readUInt32LE(local)).toBe(0x04034b50);
    // The local header carries the same CRC and sizes (patched after streaming, no data descriptor).
    expect([
      bytes.readUInt32LE(local + 14),
      bytes.readUInt32LE(local + 18),
      bytes.readUInt32LE(local + 22),
    ]).toEqual([crc, compressedSize, size]);
    const dataStart = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    expect(method).toBe(8);
    const data = inflateRawSync(bytes.subarray(dataStart, dataStart + compressedSize));
    expect(data.length).toBe(size);
    expect(crc32(data)).toBe(crc);
    entries.set(name, data);
    offset += 46 + nameLength + bytes.readUInt16LE(offset + 30) + bytes.readUInt16LE(offset + 32);
  }
  return entries;
}

/** `unzip -t`, where the machine has it: a second, independent check of the archive. */
function testWithUnzip(path: string): void {
  let output: string;
  try {
    output = execFileSync('unzip', ['-t', path], { encoding: 'utf8' });
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return;
    throw error;
  }
  expect(output).toContain('No errors detected');
}

const HOSTILE = `<b>&amp; "quoted" 'single'</b>`;
const CONTROLS = 'a\u0000b\u0001c\u0008d\u000be\u000cf\u001fg\u007fh\uffffi';
const KOREAN_EMOJI = '구매 의도 예측 모델 🚀👩‍💻';
const FORMULA = '=HYPERLINK("http://evil.example","click")';
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

async function writeSample(path: string): Promise<void> {
  const workbook = new XlsxPackage(path, {
    creator: 'nclue-report',
    title: 'A <title> & more',
    created: new Date('2026-01-02T03:04:05.678Z'),
  });
  const { styles } = workbook;
  const bold = styles.cellStyle({ font: { name: 'Malgun Gothic', size: 11, bold: true } });
  const size = styles.cellStyle({
    font: { name: 'Calibri', size: 11 },
    numFmt: '[<1000000]0.0," KB";[<1000000000]0.0,," MB";#,##0.0,,," GB"',
  });
  const date = styles.cellStyle({ numFmt: 'yyyy-mm-dd hh:mm:ss' });
  const good = styles.cellStyle({
    font: { name: 'Calibri', size: 11, color: 'FF006100' },
    fill: 'FFC6EFCE',
    alignment: { wrapText: true, vertical: 'top' },
  });
  // Written second in the file, first in the workbook.
  const data = workbook.addSheet(
    {
      name: 'Data',
      columns: [{ width: 30 }, { width: 12, style: size }, { width: 21, hidden: true }, { width: 10 }],
      frozen: { rows: 1, columns: 1 },
      pageSetup: { headerRow: 1, printArea: 'A1:B4' },
      dimension: 'A1:D4',
      conditionalFormats: [
        {
          ref: 'D2:D4',
          rules: [
            {
              type: 'colorScale',
              cfvo: [{ type: 'min' }, { type: 'percentile', value: 50 }, { type: 'max' }],
              colors: ['FFF8696B', 'FFFFEB84', 'FF63BE7B'],
            },
          ],
        },
        {
          ref: 'A2:A4',
          rules: [
            {
              type: 'cellIs',
              operator: 'equal',
              formula: '"a<b"',
              style: { fill: 'FFC6EFCE', fontColor: 'FF006100' },
            },
            { type: 'expression', formula: 'LEN(A2)>0', style: { fill: 'FFF2DCDB', fontColor: 'FF7F1F1F' } },
          ],
        },
      ],
      table: {
        name: 'Data',
        ref: 'A1:D4',
        columns: ['Name', 'Size', 'When', 'Score'],
        style: 'TableStyleMedium2',
      },
    },
    1,
  );
  data.writeRow(1, ['Name', 'Size', 'When', 'Score'], [bold, bold, bold, bold]);
  data.writeRow(
    2,
    [HOSTILE, 42582684, new Date(Date.UTC(2024, 10, 26, 11, 48, 16)), 0.7681659649879657],
    [good, size, date],
  );
  data.writeRow(3, [CONTROLS, null, '', Number.NaN]);
  data.writeRow(4, [KOREAN_EMOJI, 1, undefined, -0.5], [0, size]);
  await data.end();
  const summary = workbook.addSheet(
    {
      name: "Summary's",
      columns: [{ width: 20 }],
      dimension: 'A1:B2',
      pageSetup: { headerRow: null, printArea: null },
      images: [{ png: PNG_1X1, column: 3, row: 1, width: 800, height: 450 }],
    },
    0,
  );
  summary.writeRow(1, [FORMULA, HOSTILE]);
  summary.writeRow(2, ['  spaced  ', 'line\nbreak'], [0, good], 30);
  await summary.end();
  await workbook.finish();
}

describe('XlsxPackage', () => {
  it('writes a valid ZIP: every entry inflates to its size and CRC, and unzip agrees', async () => {
    const path = join(folder, 'sample.xlsx');
    await writeSample(path);
    const entries = await readZip(path);
    expect([...entries.keys()]).toEqual(
      expect.arrayContaining([
        '[Content_Types].xml',
        '_rels/.rels',
        'xl/workbook.xml',
        'xl/_rels/workbook.xml.rels',
        'xl/worksheets/sheet1.xml',
        'xl/worksheets/sheet2.xml',
        'xl/sharedStrings.xml',
        'xl/styles.xml',
        'xl/tables/table1.xml',
        'xl/drawings/drawing1.xml',
        'xl/media/image1.png',
        'docProps/core.xml',
      ]),
    );
    expect(entries.get('xl/media/image1.png')).toEqual(PNG_1X1);
    testWithUnzip(path);
  });

  it('stores text once in shared strings, gives each sheet its dimension, and escapes XML', async () => {
    const path = join(folder, 'sample.xlsx');
    await writeSample(path);
    const entries = await readZip(path);
    const sst = entries.get('xl/sharedStrings.xml')?.toString('utf8') ?? '';
    // HOSTILE is used twice, stored once.
    expect(sst.match(/&lt;b&gt;&amp;amp; &quot;quoted&quot; 'single'&lt;\/b&gt;/g)).toHaveLength(1);
    expect(sst).toMatch(/count="11" uniqueCount="10"/);
    expect(sst).toContain('<t xml:space="preserve">  spaced  </t>');
    // eslint-disable-next-line no-control-regex
    expect(sst).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\uffff]/);
    const data = entries.get('xl/worksheets/sheet2.xml')?.toString('utf8') ?? '';
    expect(data).toContain('<dimension ref="A1:D4"/>');
    expect(data).not.toContain('t="inlineStr"');
    expect(data).not.toContain('<f>');
    expect(entries.get('xl/worksheets/sheet1.xml')?.toString('utf8')).toContain('<dimension ref="A1:B2"/>');
    expect(escapeXml('a<b>&"c"\u0000')).toBe('a&lt;b&gt;&amp;&quot;c&quot;');
  });

  it('reads back with exceljs: values, types, styles, views, table, formats, image, print setup', async () => {
    const path = join(folder, 'sample.xlsx');
    await writeSample(path);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["Summary's", 'Data']);
    expect(workbook.views[0]?.activeTab).toBe(0);
    expect(workbook.creator).toBe('nclue-report');
    expect(workbook.title).toBe('A <title> & more');
    expect(workbook.created.toISOString()).toBe('2026-01-02T03:04:05.000Z');

    const data = workbook.getWorksheet('Data');
    if (data === undefined) throw new Error('no Data sheet');
    expect(data.getCell('A2').value).toBe(HOSTILE);
    expect(data.getCell('A3').value).toBe('abcdefghi');
    expect(data.getCell('A4').value).toBe(KOREAN_EMOJI);
    expect(data.getCell('A2').font).toMatchObject({ name: 'Calibri', color: { argb: 'FF006100' } });
    expect(data.getCell('A2').fill).toMatchObject({
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: 'FFC6EFCE' },
    });
    expect(data.getCell('A2').alignment).toMatchObject({ wrapText: true, vertical: 'top' });
    expect(data.getCell('A1').font).toMatchObject({ name: 'Malgun Gothic', bold: true });
    expect(data.getCell('B2')).toMatchObject({
      value: 42582684,
      numFmt: '[<1000000]0.0," KB";[<1000000000]0.0,," MB";#,##0.0,,," GB"',
    });
    expect(data.getCell('B4').numFmt).toBe(data.getCell('B2').numFmt);
    expect((data.getCell('C2').value as Date).getTime()).toBe(Date.UTC(2024, 10, 26, 11, 48, 16));
    expect(data.getCell('D2').value).toBe(0.7681659649879657);
    expect(data.getCell('D4').value).toBe(-0.5);
    // Null, empty text and NaN leave the cell empty.
    expect([data.getCell('B3').type, data.getCell('C3').type, data.getCell('D3').type]).toEqual([
      ExcelJS.ValueType.Null,
      ExcelJS.ValueType.Null,
      ExcelJS.ValueType.Null,
    ]);
    expect(data.getColumn(1).width).toBe(30);
    expect(data.getColumn(3).hidden).toBe(true);
    expect(data.getColumn(2).hidden).toBe(false);
    expect(data.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 1, topLeftCell: 'B2' });
    expect(data.pageSetup).toMatchObject({
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printArea: 'A1:B4',
      printTitlesRow: '1:1',
    });
    const [table] = readTables(data);
    expect(table).toMatchObject({ name: 'Data', tableRef: 'A1:D4', headerRow: true });
    expect(table?.style).toMatchObject({ theme: 'TableStyleMedium2', showRowStripes: true });
    expect(table?.columns.map((column) => [column.name, column.filterButton])).toEqual([
      ['Name', true],
      ['Size', true],
      ['When', true],
      ['Score', true],
    ]);
    const formats = readConditionalFormats(data);
    expect(formats.map((format) => format.ref)).toEqual(['D2:D4', 'A2:A4']);
    expect(formats[0]?.rules[0]).toMatchObject({
      type: 'colorScale',
      priority: 1,
      cfvo: [{ type: 'min' }, { type: 'percentile', value: 50 }, { type: 'max' }],
    });
    expect(
      formats[1]?.rules.map((rule) => [rule.type, 'formulae' in rule ? rule.formulae?.[0] : null]),
    ).toEqual([
      ['cellIs', '"a<b"'],
      ['expression', 'LEN(A2)>0'],
    ]);
    expect(formats[1]?.rules[0]).toMatchObject({
      style: { fill: { bgColor: { argb: 'FFC6EFCE' } }, font: { color: { argb: 'FF006100' } } },
    });

    const summary = workbook.getWorksheet("Summary's");
    if (summary === undefined) throw new Error('no Summary sheet');
    // Formula-looking text stays text.
    expect(summary.getCell('A1').type).toBe(ExcelJS.ValueType.String);
    expect(summary.getCell('A1').value).toBe(FORMULA);
    expect(summary.getCell('A2').value).toBe('  spaced  ');
    expect(summary.getCell('B2').value).toBe('line\nbreak');
    expect(summary.getRow(2).height).toBe(30);
    const images = summary.getImages();
    expect(images).toHaveLength(1);
    expect(images[0]?.range.tl.nativeCol).toBe(3);
    expect(images[0]?.range.tl.nativeRow).toBe(1);
    expect((images[0]?.range as unknown as { ext: { width: number } }).ext).toMatchObject({ width: 800 });
    expect(workbook.getImage(Number(images[0]?.imageId)).extension).toBe('png');
  });

  it('refuses bad sheet names, duplicate names, rows out of order and sheet positions left empty', async () => {
    const workbook = new XlsxPackage(join(folder, 'bad.xlsx'), { creator: 'x', title: 'x', created: null });
    expect(() => workbook.addSheet({ name: 'a/b', dimension: 'A1' })).toThrow(/invalid sheet name/);
    expect(() => workbook.addSheet({ name: 'x'.repeat(32), dimension: 'A1' })).toThrow(/invalid sheet name/);
    const sheet = workbook.addSheet({ name: 'One', dimension: 'A1' }, 1);
    expect(() => workbook.addSheet({ name: 'Two', dimension: 'A1' })).toThrow(/has not ended/);
    sheet.writeRow(2, ['b']);
    expect(() => sheet.writeRow(2, ['again'])).toThrow(/row 2 after row 2/);
    await sheet.end();
    expect(() => workbook.addSheet({ name: 'one', dimension: 'A1' })).toThrow(/duplicate sheet name/);
    await expect(workbook.finish()).rejects.toThrow(/position was left empty/);
    workbook.abort();
  });
});

describe('ZipWriter', () => {
  it('streams an entry of many chunks into one deflate stream that inflates back exactly', async () => {
    const path = join(folder, 'big.zip');
    const zip = new ZipWriter(path);
    const entry = zip.startEntry('big.txt');
    const lines: string[] = [];
    for (let i = 0; i < 120_000; i++) {
      const line = `<row r="${i}">행 ${i} ${'x'.repeat(i % 97)}</row>\n`;
      lines.push(line);
      entry.write(line);
      if (entry.needsDrain) await entry.drain();
    }
    await entry.end();
    await zip.addEntry('small.bin', Buffer.from([0, 1, 2, 255]));
    zip.finish();
    const entries = await readZip(path);
    const text = entries.get('big.txt')?.toString('utf8') ?? '';
    expect(Buffer.byteLength(text)).toBeGreaterThan(8 * 1024 * 1024);
    expect(text).toBe(lines.join(''));
    expect([...(entries.get('small.bin') ?? [])]).toEqual([0, 1, 2, 255]);
    testWithUnzip(path);
  });
});

describe('ZipWriter after a failure', () => {
  it('writes nothing once closed: a chunk still being deflated is dropped and the entry fails', async () => {
    const path = join(folder, 'closed.zip');
    const zip = new ZipWriter(path);
    const entry = zip.startEntry('big.txt');
    entry.write('x'.repeat(2 * 1024 * 1024));
    // The archive is closed (as after an error) while that chunk is on the thread pool.
    zip.close();
    await expect(entry.end()).rejects.toThrow(/already closed/);
    const bytes = await readFile(path);
    // Only the local header and the name were written before the close.
    expect(bytes.length).toBe(30 + 'big.txt'.length);
  });
});
