import { describe, expect, it } from 'vitest';
import type { PreviousReport, PreviousRow } from '../../src/core/previous-report.js';
import { buildModelView } from '../../src/models/build-model-view.js';
import { createModelNamer, type ModelNaming } from '../../src/models/model-naming.js';
import { createErrorRow } from '../../src/report/error-row.js';
import type { ReportRow } from '../../src/core/row.js';
import { makeRow } from '../report/fixtures/make-row.js';

function history(rows: PreviousRow[]): PreviousReport {
  return { source: 'jan.json', format: 'json', generatedAt: '2026-02-01T00:00:00Z', rows };
}

function view(
  rows: ReportRow[],
  reports: PreviousReport[],
  naming: ModelNaming,
  period: string | null = null,
) {
  return buildModelView(rows, reports, {
    naming,
    namer: createModelNamer(naming),
    period: period === null ? null : { month: period, reason: `--period ${period}` },
  });
}

const NAME: ModelNaming = { key: 'name', pattern: null };

describe('buildModelView', () => {
  it('joins this run’s rows with history by model, February compared with January', () => {
    const january = history([
      {
        task_id: 'j1',
        task_name: '구매예측 모델 2026-01',
        status: 'completed',
        auroc: 0.8,
        fetchError: false,
        created_at: '2026-01-10T00:00:00',
      },
    ]);
    const february = [
      makeRow({
        task_id: 'f1',
        task_name: '구매예측 모델 2026-02',
        status: 'completed',
        auroc: 0.83,
        created_at: '2026-02-10T00:00:00',
        model: '구매예측 모델',
        period: '2026-02',
      }),
    ];
    const { models, warnings } = view(february, [january], NAME);
    expect(warnings).toEqual([]);
    expect(models.period).toBe('2026-02');
    expect(models.models).toHaveLength(1);
    expect(models.models[0]).toMatchObject({
      model: '구매예측 모델',
      auroc: 0.83,
      auroc_previous: 0.8,
      previous_period: '2026-01',
      trend: 'improved',
      tasks: 2,
      latest_task_id: 'f1',
    });
  });

  it('names history again with today’s --model-key, and takes the written model when the field is missing', () => {
    const january = history([
      {
        task_id: 'j1',
        task_name: 'retrain #1',
        status: 'completed',
        auroc: 0.8,
        fetchError: false,
        created_at: '2026-01-10T00:00:00',
        train_feature_name: 'purchase_2026_01',
      },
      // An older report without the feature column: the model it wrote stands.
      {
        task_id: 'j2',
        task_name: 'x',
        status: 'completed',
        auroc: 0.5,
        fetchError: false,
        model: 'purchase',
        period: '2025-12',
      },
    ]);
    const naming: ModelNaming = { key: 'train_feature', pattern: null };
    const { models } = view([], [january], naming);
    expect(models.period).toBe('2026-01');
    expect(models.models.map((entry) => [entry.model, entry.tasks, entry.periods])).toEqual([
      ['purchase', 2, { '2025-12': 0.5, '2026-01': 0.8 }],
    ]);
  });

  it('keeps what history knows of a task this run could not fetch', () => {
    const january = history([
      {
        task_id: 'j1',
        task_name: 'ltv 2026-01',
        status: 'completed',
        auroc: 0.7,
        fetchError: false,
        created_at: '2026-01-03T00:00:00',
      },
    ]);
    const { models } = view([createErrorRow('j1', 'HTTP 503')], [january], NAME, '2026-01');
    expect(models.models[0]).toMatchObject({ model: 'ltv', auroc: 0.7, trend: 'new', tasks: 1 });
  });

  it('applies aliases to history, a written model too, and warns of an alias that matched nothing', () => {
    const october = history([
      {
        task_id: 'o1',
        task_name: 'LTV forecast 2026.10',
        status: 'completed',
        auroc: 0.78,
        fetchError: false,
        created_at: '2026-10-03T09:00:00',
        line_count: 3_800_000,
      },
      // An older report without task creation times: the model and period it wrote stand.
      {
        task_id: 's1',
        task_name: null,
        status: 'completed',
        auroc: 0.77,
        fetchError: false,
        model: 'ltv_forecast',
        period: '2026-09',
      },
    ]);
    const naming: ModelNaming = {
      key: 'name',
      pattern: null,
      aliases: { 'LTV forecast': '고객 생애가치(LTV) 예측', 'Lead scoring': '리드 스코어링' },
    };
    const namer = createModelNamer(naming);
    const november = makeRow({
      task_id: 'n1',
      task_name: '고객 생애가치(LTV) 예측 2026.11',
      status: 'completed',
      auroc: 0.785,
      created_at: '2026-11-03T09:00:00',
      line_count: 1_900_000,
    });
    const rows = [{ ...november, model: namer(november).name, period: '2026-11' }];
    const { warnings, models } = buildModelView(rows, [october], { naming, namer, period: null });
    expect(models.models).toHaveLength(1);
    expect(models.models[0]).toMatchObject({
      model: '고객 생애가치(LTV) 예측',
      tasks: 3,
      previous_period: '2026-10',
      previous_task_id: 'o1',
      line_count_change_pct: -50,
      why: 'data \u221250.0 %',
    });
    expect(warnings).toEqual([
      '--model-alias: no task\'s model is "Lead scoring"; check the old name (period markers, case and separators are ignored)',
    ]);
  });

  it('warns when --model-pattern names no task at all', () => {
    const rows = [
      makeRow({
        task_id: 'a',
        task_name: 'churn 2026-01',
        status: 'completed',
        auroc: 0.8,
        created_at: '2026-01-01T00:00:00',
      }),
    ];
    const naming: ModelNaming = { key: 'name', pattern: '^model-(\\w+)$' };
    const namer = createModelNamer(naming);
    const named = rows.map((row) => ({ ...row, model: namer(row).name, period: '2026-01' }));
    const { warnings, models } = buildModelView(named, [], { naming, namer, period: null });
    expect(warnings).toEqual([
      '--model-pattern "^model-(\\\\w+)$" matched no task\'s name; models are named by the period-marker rules instead',
    ]);
    expect(models.models[0]?.model).toBe('churn');
  });
});
