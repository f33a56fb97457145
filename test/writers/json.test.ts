import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPORT_COLUMNS } from '../../src/core/row.js';
import { COMPARE_COLUMNS, LINEAGE_COLUMNS, MODEL_COLUMNS } from '../../src/core/report-field.js';
import { renderJson, writeJson } from '../../src/writers/json.js';
import { buildDocument } from './document.js';
import { GOLDEN_PREVIOUS, GOLDEN_ROWS } from './fixtures/golden-report.js';

describe('renderJson', () => {
  it('holds typed rows in input order, the summary, and no comparison without --compare', async () => {
    const parsed = JSON.parse(renderJson(await buildDocument(GOLDEN_ROWS))) as Record<string, unknown> & {
      rows: Array<Record<string, unknown>>;
      summary: { auroc: { stdDev: number }; failed: Array<{ hint: string }>; failedTotal: number };
    };
    expect(Object.keys(parsed)).toEqual(['format', 'version', 'template', 'columns', 'summary', 'rows']);
    expect(parsed.columns).toEqual([
      ...REPORT_COLUMNS,
      ...COMPARE_COLUMNS,
      ...MODEL_COLUMNS,
      ...LINEAGE_COLUMNS,
    ]);
    expect(parsed.rows.map((row) => row.task_id)).toEqual(GOLDEN_ROWS.map((row) => row.task_id));
    expect(Object.keys(parsed.rows[0] ?? {})).toEqual([
      ...REPORT_COLUMNS,
      ...COMPARE_COLUMNS,
      ...MODEL_COLUMNS,
      ...LINEAGE_COLUMNS,
    ]);
    // Always present, null when nothing was compared.
    expect(parsed.rows[0]).toMatchObject({ auroc_previous: null, auroc_delta: null, previous_task_id: null });
    expect(parsed.rows[2]).toMatchObject({ auroc: 0.7681659649879657, line_count: 93734, test_bucket: null });
    expect(parsed.summary.failedTotal).toBe(2);
    expect(parsed.summary.failed[1]?.hint).toMatch(/Unknown failure code/);
    expect(parsed.summary.auroc.stdDev).toBeGreaterThan(0);
  });

  it('adds comparedWith, changes and the comparison fields with --compare', async () => {
    const parsed = JSON.parse(
      renderJson(await buildDocument(GOLDEN_ROWS, { previous: GOLDEN_PREVIOUS })),
    ) as {
      comparedWith: unknown;
      changes: Array<{ kind: string }>;
      rows: Array<Record<string, unknown>>;
    };
    expect(parsed.comparedWith).toEqual({
      source: GOLDEN_PREVIOUS.source,
      generatedAt: GOLDEN_PREVIOUS.generatedAt,
      rows: 5,
    });
    expect(parsed.changes.map((change) => change.kind)).toEqual([
      'auroc',
      'auroc',
      'status',
      'new',
      'new',
      'new',
      'new',
      'new',
      'new',
      'gone',
    ]);
    expect(parsed.rows[0]).toMatchObject({
      auroc_previous: 0.88,
      auroc_delta: 0.03,
      status_previous: 'completed',
    });
  });

  it('writes an empty report as valid JSON', async () => {
    const parsed = JSON.parse(renderJson(await buildDocument([]))) as { rows: unknown[] };
    expect(parsed.rows).toEqual([]);
  });
});

describe('writeJson', () => {
  it('streams the same text renderJson gives into the file', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'json-'));
    try {
      const document = await buildDocument(GOLDEN_ROWS, { previous: GOLDEN_PREVIOUS });
      await writeJson(join(folder, 'r.json'), document);
      expect(await readFile(join(folder, 'r.json'), 'utf8')).toBe(renderJson(document));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
