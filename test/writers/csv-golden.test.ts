import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createErrorRow } from '../../src/report/error-row.js';
import type { ReportRow } from '../../src/core/row.js';
import { renderCsv, writeCsv } from '../../src/writers/csv.js';
import { makeRow } from '../report/fixtures/make-row.js';

/**
 * Hostile text through the CSV writer, compared byte for byte with golden files written by the
 * project's earlier hand-quoting writer: moving to csv-stringify changed no byte. Every quoting and
 * escaping case is here: commas, quotes, a lone CR, a lone LF, CRLF, formula triggers (ASCII, after
 * a leading LF or NUL, full-width), control characters and escape sequences, emoji and Hangul.
 */
const HOSTILE_TEXTS = [
  'plain',
  'a,b',
  'say "hi"',
  'line\nbreak',
  'cr\ronly',
  'crlf\r\nend',
  '"',
  ',',
  '=1+2',
  '+SUM(A1)',
  '-2+3',
  '@cmd',
  '\t=tab',
  '\r=cr',
  '\n=1',
  '\u0000=1',
  '＝1',
  '＋1',
  '－1',
  '＠1',
  ' =1',
  "'=already",
  '\u001b]0;title\u0007\u001b[2Jcleared',
  'nul\u0000inside',
  '\uFFFE\uFFFF',
  '구매 의도 모델 🛒',
  '  spaces  ',
  '',
  '-1',
  '-1.5e3',
];

const ROWS: ReportRow[] = [
  ...HOSTILE_TEXTS.map((text, index) =>
    makeRow({
      task_id: `id-${index}`,
      task_name: text,
      status: index % 2 === 0 ? text : 'completed',
      fail_message: text === '' ? null : `${text}|${text}`,
      auroc: index % 3 === 0 ? 0.1 + index / 7 : null,
      disk_usage_bytes: index * 1e12,
    }),
  ),
  createErrorRow('gone,"1"', 'HTTP 404:\ntask not found'),
];

const GOLDEN_DIR = join(import.meta.dirname, 'fixtures', 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'csv-golden-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function expectGolden(name: string, actual: Buffer): Promise<void> {
  const path = join(GOLDEN_DIR, `${name}.golden`);
  if (UPDATE) await writeFile(path, actual);
  expect(actual.equals(await readFile(path)), `${name} differs from its golden file`).toBe(true);
}

describe.each([
  { name: 'hostile.csv', options: {} },
  { name: 'hostile-raw.csv', options: { bom: false, escapeFormulas: false } },
  {
    name: 'hostile-header.csv',
    options: {
      columns: ['task_name', 'status', 'auroc'] as const,
      header: ['=Name', 'Status,"now"', '\u0007AUROC'],
    },
  },
])('csv golden: $name', ({ name, options }) => {
  it('writes the same bytes as before, streamed to a file', async () => {
    const path = join(folder, name);
    await writeCsv(path, ROWS, options);
    await expectGolden(name, await readFile(path));
  });

  it('renders the same bytes in memory', async () => {
    const path = join(GOLDEN_DIR, `${name}.golden`);
    expect(Buffer.from(renderCsv(ROWS, options), 'utf8').equals(await readFile(path))).toBe(true);
  });
});
