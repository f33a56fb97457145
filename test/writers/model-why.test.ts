import { describe, expect, it } from 'vitest';
import { compareModels, type ModelTask } from '../../src/models/compare-models.js';
import { modelKeyOf } from '../../src/models/model-naming.js';
import { stripPeriodMarkers } from '../../src/models/period-marker.js';
import { periodOf } from '../../src/models/task-period.js';
import { loadTemplate } from '../../src/templates/load-template.js';
import { renderHtml } from '../../src/writers/html.js';
import { toTextCell } from '../../src/writers/xlsx-cells.js';
import { computeCellStyle, computeLineWidths, type SheetLine } from '../../src/writers/xlsx-lines.js';
import { buildModelsLines } from '../../src/writers/xlsx-models.js';
import { buildDocument } from './document.js';

/** A retrain of a model in October or November 2026, its data under a folder of the month. */
function retrain(id: string, name: string, createdAt: string, fields: Partial<ModelTask> = {}): ModelTask {
  const month = createdAt.slice(0, 7);
  const model = stripPeriodMarkers(name);
  const slug = modelKeyOf(model).replace(/ /g, '-');
  return {
    task_id: id,
    task_name: name,
    status: 'completed',
    auroc: 0.8,
    created_at: createdAt,
    period: periodOf(createdAt),
    model: { name: model, key: modelKeyOf(model) },
    line_count: 900_000,
    train_feature_id: `feat-${slug}`,
    train_feature_name: `${slug}_features`,
    train_bucket: 'crm-analytics-prod',
    train_file_path: `${slug}/${month}/train.csv`,
    test_feature_id: null,
    test_feature_name: null,
    test_bucket: null,
    test_file_path: null,
    fail_message: null,
    ...fields,
  };
}

/** Four models of November: data halved, a new feature, a small data change, and one run twice. */
const NOVEMBER = compareModels(
  [
    retrain('c10', 'churn-model-202610', '2026-10-02T09:00:00', { auroc: 0.85, line_count: 1_210_000 }),
    retrain('c11', 'churn-model-202611', '2026-11-02T09:00:00', { auroc: 0.82, line_count: 610_000 }),
    retrain('p10', 'purchase 2026-10', '2026-10-02T09:00:00', { auroc: 0.84 }),
    retrain('p11', 'purchase 2026-11', '2026-11-02T09:00:00', {
      auroc: 0.85,
      train_feature_id: 'feat-purchase-v2',
      train_feature_name: 'purchase_features_v2',
    }),
    retrain('f10', 'fraud 2026-10', '2026-10-06T09:00:00', { auroc: 0.91 }),
    retrain('f11', 'fraud 2026-11', '2026-11-06T09:00:00', { auroc: 0.93, line_count: 945_000 }),
    retrain('a10', 'ad conversion 2026-10', '2026-10-04T09:00:00', { auroc: 0.79 }),
    retrain('a11a', 'ad conversion 2026-11', '2026-11-04T09:00:00', {
      status: 'failed',
      auroc: null,
      fail_message: 'OBS_DOWNLOAD_FAILED',
    }),
    retrain('a11b', 'ad conversion 2026-11', '2026-11-05T09:00:00', { auroc: 0.81 }),
  ],
  '2026-11',
);

const WHY = {
  'churn-model': 'data \u221249.6 %',
  purchase: 'train feature purchase_features \u2192 purchase_features_v2',
  fraud: 'data +5.0 %',
  'ad conversion': '2 runs; the last completed counts',
};

describe('the Models sheet says why', () => {
  it('has a Why column right after Change and a Runs column after the latest status', async () => {
    const sheet = buildModelsLines(NOVEMBER, await loadTemplate(undefined));
    const header = sheet.lines[sheet.headerRow - 1]?.cells.map((cell) => cell.value);
    expect(header?.slice(0, 11)).toEqual([
      'Model',
      'Trend',
      'AUROC 2026-11',
      'Previous AUROC',
      'Previous period',
      'Change',
      'Why',
      'Best AUROC',
      'Best period',
      'Latest status',
      'Runs',
    ]);
    const rows = sheet.lines.slice(sheet.headerRow, sheet.headerRow + sheet.rows);
    const byModel = new Map(rows.map((line) => [line.cells[0]?.value, line.cells]));
    for (const [model, why] of Object.entries(WHY)) {
      const cells = byModel.get(model);
      expect(cells?.[6]?.value, model).toBe(why);
      expect(cells?.[6]?.wrap, model).toBe(true);
    }
    // Amber: the data halved, a feature changed. A 5 % change and a re-run are not highlighted.
    expect(byModel.get('churn-model')?.[6]?.tone).toBe('busy');
    expect(byModel.get('purchase')?.[6]?.tone).toBe('busy');
    expect(byModel.get('fraud')?.[6]?.tone).toBeUndefined();
    expect(byModel.get('ad conversion')?.[6]?.tone).toBeUndefined();
    expect(byModel.get('ad conversion')?.[10]).toMatchObject({ value: 2, numFmt: '#,##0' });
    expect(byModel.get('fraud')?.[10]?.value).toBe(1);
  });

  it('names the columns in the Korean template’s words', async () => {
    const sheet = buildModelsLines(NOVEMBER, await loadTemplate('ko'));
    const header = sheet.lines[sheet.headerRow - 1]?.cells.map((cell) => cell.value);
    expect([header?.[6], header?.[10]]).toEqual(['원인', '실행 수']);
  });
});

describe('the page says why', () => {
  it('puts the why on a line under the model’s name, amber for a large data or feature change', async () => {
    const document = { ...(await buildDocument([])), models: NOVEMBER };
    const html = renderHtml(document);
    const table = html.slice(
      html.indexOf('id="models"'),
      html.indexOf('</section>', html.indexOf('id="models"')),
    );
    expect(table).toContain('churn-model<span class="why tone-busy">data \u221249.6 %</span>');
    expect(table).toContain(
      'purchase<span class="why tone-busy">train feature purchase_features \u2192 purchase_features_v2</span>',
    );
    expect(table).toContain('fraud<span class="why">data +5.0 %</span>');
    expect(table).toContain('ad conversion<span class="why">2 runs; the last completed counts</span>');
    // Sorted by the name alone, not by the why under it.
    expect(table).toContain('data-v="churn-model"');
  });
});

describe('a wrapped why on the sheet', () => {
  it('keeps the Why column at its wrap width, and the row’s other cells at the top', () => {
    const long = { ...toTextCell('x'.repeat(150), { wrap: true }), maxWidth: 44 };
    const lines: SheetLine[] = [{ style: 'body', cells: [toTextCell('churn-model'), long] }];
    expect(computeLineWidths(lines, { min: 8, max: 60 })).toEqual([13, 46]);
    const font = { name: 'Calibri', size: 11 };
    expect(computeCellStyle('body', toTextCell('churn-model'), font, true).alignment).toEqual({
      vertical: 'top',
    });
    expect(computeCellStyle('body', toTextCell('churn-model'), font).alignment).toBeUndefined();
  });
});
