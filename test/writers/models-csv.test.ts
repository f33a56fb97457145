import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderModelsCsv, writeModelsCsv } from '../../src/writers/models-csv.js';
import { buildModels, buildReport } from './document.js';
import { makeRow } from './fixtures.js';

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'models-csv-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const HOSTILE_NAMES = [
  '=HYPERLINK("http://evil.example","click") 2024-11',
  'line\r\nbreak, "quoted" 2024-11',
  '구매 전환 예측 2024-11',
  '+plus;semi 2024-11',
];

describe('writeModelsCsv', () => {
  it.each([true, false])('streams the same bytes renderModelsCsv makes (BOM %s)', async (bom) => {
    const rows = HOSTILE_NAMES.flatMap((name, i) => [
      makeRow({ task_id: `a${i}`, task_name: name, auroc: 0.6 + i / 10, created_at: '2024-11-02T00:00:00' }),
      makeRow({
        task_id: `b${i}`,
        task_name: name.replace('2024-11', '2024-10'),
        auroc: 0.65,
        created_at: '2024-10-02T00:00:00',
      }),
    ]);
    const models = buildModels(buildReport(rows));
    expect(models.models.length).toBe(HOSTILE_NAMES.length);
    const path = join(folder, 'run.models.csv');
    for (const escapeFormulas of [true, false]) {
      await writeModelsCsv(path, models, { bom, escapeFormulas });
      const written = await readFile(path, 'utf8');
      expect(written).toBe(renderModelsCsv(models, { bom, escapeFormulas }));
      expect(written.startsWith('\uFEFF')).toBe(bom);
      expect(written).toContain('\r\n');
      expect(written.includes("'=HYPERLINK")).toBe(escapeFormulas);
    }
  });

  it('writes the header alone when there is no model', async () => {
    const models = buildModels(buildReport([]));
    const path = join(folder, 'empty.models.csv');
    await writeModelsCsv(path, models, { bom: false, escapeFormulas: true });
    const written = await readFile(path, 'utf8');
    expect(written).toBe(renderModelsCsv(models, { bom: false, escapeFormulas: true }));
    expect(written.split('\r\n').filter((line) => line !== '')).toHaveLength(1);
  });
});
