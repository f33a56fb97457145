import { describe, expect, it } from 'vitest';
import { compareReports } from '../../src/history/compare-reports.js';
import type { PreviousReport, PreviousRow } from '../../src/core/previous-report.js';
import { buildModelView } from '../../src/models/build-model-view.js';
import { createModelNamer, type ModelNaming } from '../../src/models/model-naming.js';
import type { ReportRow } from '../../src/core/row.js';
import { makeRow } from '../report/fixtures/make-row.js';

const NAMING: ModelNaming = { key: 'name', pattern: null };
const namer = createModelNamer(NAMING);

/** A task of this run, named and placed in its month as buildReport does. */
function row(task_id: string, name: string, createdAt: string, auroc: number | null, status = 'completed') {
  return makeRow({
    task_id,
    task_name: name,
    status,
    auroc,
    created_at: createdAt,
    model: namer({ task_id, task_name: name, train_feature_name: null, train_file_path: null }).name,
    period: createdAt.slice(0, 7),
  });
}

function was(task_id: string, name: string, createdAt: string, auroc: number | null): PreviousRow {
  return { task_id, task_name: name, status: 'completed', auroc, fetchError: false, created_at: createdAt };
}

function report(rows: PreviousRow[]): PreviousReport {
  return { source: 'nclue-2026-10.json', format: 'json', generatedAt: '2026-11-01T06:00:00Z', rows };
}

function compare(rows: ReportRow[], previous: PreviousReport) {
  const { models } = buildModelView(rows, [previous], { naming: NAMING, namer, period: null });
  return compareReports(rows, previous, { history: [previous], models });
}

describe('a month of retrains, compared through the model', () => {
  const october = report([
    was('oct-churn', 'churn 2026-10', '2026-10-02T09:00:00', 0.85),
    was('oct-upsell', 'upsell 2026-10', '2026-10-03T09:00:00', 0.7),
    was('oct-ltv', 'ltv 2026-10', '2026-10-04T09:00:00', 0.9),
  ]);
  const november = [
    row('nov-churn', 'churn 2026-11', '2026-11-02T09:00:00', 0.82),
    row('nov-upsell', 'upsell 2026-11', '2026-11-03T09:00:00', 0.7),
    row('nov-fresh', 'fresh 2026-11', '2026-11-04T09:00:00', 0.6),
  ];
  const comparison = compare(november, october);

  it('compares each task with its model’s task of the month before, named in previous_task_id', () => {
    expect(comparison.byTaskKey.get('nov-churn')).toEqual({
      auroc_previous: 0.85,
      auroc_delta: -0.03,
      status_previous: 'completed',
      previous_task_id: 'oct-churn',
    });
    expect(comparison.byTaskKey.get('nov-upsell')?.auroc_delta).toBe(0);
    expect(comparison.byTaskKey.has('nov-fresh')).toBe(false);
    expect(comparison.compared).toBe(2);
  });

  it('speaks of models: new and not retrained, never a retrained ID as gone', () => {
    const kinds = comparison.changes.map((change) => [change.kind, change.task_id]);
    expect(kinds).toEqual([
      ['auroc', 'nov-churn'],
      ['new', 'nov-fresh'],
      ['gone', 'oct-ltv'],
    ]);
  });

  it('prefers the same task ID when history has it', () => {
    const rerun = [row('oct-churn', 'churn 2026-10', '2026-10-02T09:00:00', 0.86)];
    const byId = compare(rerun, october);
    expect(byId.byTaskKey.get('oct-churn')).toMatchObject({
      auroc_previous: 0.85,
      previous_task_id: 'oct-churn',
    });
  });

  it('lists a model not retrained once, whatever its number of tasks', () => {
    const twice = report([...october.rows, was('oct-ltv-rerun', 'ltv 2026-10', '2026-10-20T09:00:00', 0.91)]);
    const gone = compare(november, twice).changes.filter((change) => change.kind === 'gone');
    expect(gone.map((change) => change.task_id)).toEqual(['oct-ltv']);
  });
});
