/**
 * The xlsx floor of the writer benchmark: the least a Node process must do to write the Tasks sheet
 * as an .xlsx — read the JSON rows, build the sheet XML (shared strings, one style per column, dates
 * as serial numbers) by string concatenation, deflate each part with zlib and wrap them in a ZIP. No
 * library, no Summary, chart, table part or conditional formats: a lower bound, not a workbook.
 *
 * Usage: node dist/bench/floor-xlsx.js <input.json> <out.xlsx>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { crc32, deflateRawSync } from 'node:zlib';
import type { WriterBenchInput } from './writer-input.js';

const [input, output] = process.argv.slice(2);
if (input === undefined || output === undefined) {
  process.stderr.write('usage: floor-xlsx.js <input.json> <out.xlsx>\n');
  process.exit(2);
}
const data = JSON.parse(readFileSync(input, 'utf8')) as WriterBenchInput;
const { columns } = data;
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const letter = (index: number): string => {
  let name = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    name = String.fromCharCode(65 + ((rest - 1) % 26)) + name;
  }
  return name;
};
const letters = columns.map((_, index) => letter(index));
const formats = [...new Set(columns.flatMap((column) => (column.numFmt === null ? [] : [column.numFmt])))];
const styleOf = columns.map((column) => (column.numFmt === null ? 0 : formats.indexOf(column.numFmt) + 1));

const strings = new Map<string, number>();
const stringIndex = (text: string): number => {
  let index = strings.get(text);
  if (index === undefined) {
    index = strings.size;
    strings.set(text, index);
  }
  return index;
};
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})/;

// The sheet's text gathered in 1 MiB pieces turned into bytes as they fill (fewer live strings for
// the garbage collector than one string per row).
const sheet: Buffer[] = [];
let pending =
  `${HEAD}<worksheet xmlns="${MAIN}"><dimension ref="A1:${letters[letters.length - 1]}${data.report.rows.length + 1}"/>` +
  '<sheetViews><sheetView workbookViewId="0"/></sheetViews><cols>' +
  columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`).join('') +
  '</cols><sheetData><row r="1">' +
  columns.map((c, i) => `<c r="${letters[i]}1" t="s"><v>${stringIndex(c.label)}</v></c>`).join('') +
  '</row>';
let rowNumber = 1;
for (const row of data.report.rows) {
  rowNumber += 1;
  const record = row as unknown as Record<string, string | number | null | undefined>;
  let xml = `<row r="${rowNumber}">`;
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i];
    const value = column === undefined ? null : record[column.field];
    if (value === null || value === undefined || value === '' || column === undefined) continue;
    const ref = `${letters[i]}${rowNumber}`;
    const s = styleOf[i] === 0 ? '' : ` s="${styleOf[i]}"`;
    if (typeof value === 'number') {
      xml += `<c r="${ref}"${s}><v>${column.kind === 'duration' ? value / 86400 : value}</v></c>`;
      continue;
    }
    const parts = column.kind === 'date' ? WALL_CLOCK.exec(value) : null;
    if (parts !== null) {
      const [, y, mo, d, h, mi, se] = parts.map(Number);
      const ms = Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, se);
      xml += `<c r="${ref}"${s}><v>${ms / 86_400_000 + 25_569}</v></c>`;
    } else {
      xml += `<c r="${ref}"${s} t="s"><v>${stringIndex(value)}</v></c>`;
    }
  }
  pending += `${xml}</row>`;
  if (pending.length > 1 << 20) {
    sheet.push(Buffer.from(pending, 'utf8'));
    pending = '';
  }
}
sheet.push(Buffer.from(`${pending}</sheetData></worksheet>`, 'utf8'));
const sst = [`${HEAD}<sst xmlns="${MAIN}" uniqueCount="${strings.size}">`];
for (const text of strings.keys()) sst.push(`<si><t>${escape(text)}</t></si>`);
sst.push('</sst>');
const styles =
  `${HEAD}<styleSheet xmlns="${MAIN}"><numFmts count="${formats.length}">` +
  formats.map((f, i) => `<numFmt numFmtId="${164 + i}" formatCode="${escape(f)}"/>`).join('') +
  '</numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>' +
  `<cellXfs count="${formats.length + 1}"><xf/>` +
  formats.map((_, i) => `<xf numFmtId="${164 + i}" applyNumberFormat="1"/>`).join('') +
  '</cellXfs></styleSheet>';
const rels = (items: string[][]): string =>
  `${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  items
    .map(([id, type, target]) => `<Relationship Id="${id}" Type="${REL}/${type}" Target="${target}"/>`)
    .join('') +
  '</Relationships>';
const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
const parts: Array<[string, string | Buffer]> = [
  [
    '[Content_Types].xml',
    `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      `<Override PartName="/xl/workbook.xml" ContentType="${CT}.sheet.main+xml"/>` +
      `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="${CT}.worksheet+xml"/>` +
      `<Override PartName="/xl/styles.xml" ContentType="${CT}.styles+xml"/>` +
      `<Override PartName="/xl/sharedStrings.xml" ContentType="${CT}.sharedStrings+xml"/></Types>`,
  ],
  ['_rels/.rels', rels([['rId1', 'officeDocument', 'xl/workbook.xml']])],
  [
    'xl/workbook.xml',
    `${HEAD}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="Tasks" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  ],
  [
    'xl/_rels/workbook.xml.rels',
    rels([
      ['rId1', 'worksheet', 'worksheets/sheet1.xml'],
      ['rId2', 'styles', 'styles.xml'],
      ['rId3', 'sharedStrings', 'sharedStrings.xml'],
    ]),
  ],
  ['xl/worksheets/sheet1.xml', Buffer.concat(sheet)],
  ['xl/sharedStrings.xml', sst.join('')],
  ['xl/styles.xml', styles],
];

// A ZIP (APPNOTE 6.3.10): local header + deflated data per part, then the central directory.
const chunks: Buffer[] = [];
const central: Buffer[] = [];
let offset = 0;
for (const [name, text] of parts) {
  const raw = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const packed = deflateRawSync(raw);
  const nameBytes = Buffer.from(name, 'utf8');
  const crc = crc32(raw);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(packed.length, 18);
  local.writeUInt32LE(raw.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const record = Buffer.alloc(46);
  record.writeUInt32LE(0x02014b50, 0);
  record.writeUInt16LE(20, 4);
  record.writeUInt16LE(20, 6);
  record.writeUInt16LE(8, 10);
  record.writeUInt32LE(crc, 16);
  record.writeUInt32LE(packed.length, 20);
  record.writeUInt32LE(raw.length, 24);
  record.writeUInt16LE(nameBytes.length, 28);
  record.writeUInt32LE(offset, 42);
  central.push(record, nameBytes);
  chunks.push(local, nameBytes, packed);
  offset += 30 + nameBytes.length + packed.length;
}
const directory = Buffer.concat(central);
const end = Buffer.alloc(22);
end.writeUInt32LE(0x06054b50, 0);
end.writeUInt16LE(parts.length, 8);
end.writeUInt16LE(parts.length, 10);
end.writeUInt32LE(directory.length, 12);
end.writeUInt32LE(offset, 16);
writeFileSync(output, Buffer.concat([...chunks, directory, end]));
process.stdout.write(`${JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })}\n`);
