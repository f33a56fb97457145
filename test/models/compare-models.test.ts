import { describe, expect, it } from 'vitest';
import {
  chooseReportPeriod,
  findPreviousTask,
  classifyTrend,
  compareModels,
  type ModelTask,
} from '../../src/models/compare-models.js';
import { MODEL_FIELDS } from '../../src/models/model-entry.js';
import { modelKeyOf } from '../../src/models/model-naming.js';
import { periodOf } from '../../src/models/task-period.js';

let next = 0;
/** A task of model `model`, created at `createdAt`; completed with `auroc` unless a status is given. */
function task(model: string, createdAt: string, auroc: number | null, status = 'completed'): ModelTask {
  next += 1;
  return {
    task_id: `task-${next}`,
    task_name: `${model} ${createdAt.slice(0, 7)}`,
    status,
    auroc,
    created_at: createdAt,
    period: periodOf(createdAt),
    model: { name: model, key: modelKeyOf(model) },
  };
}

function entryOf(tasks: ModelTask[], period: string | null, model: string) {
  const found = compareModels(tasks, period).models.find((entry) => entry.model === model);
  if (found === undefined) throw new Error(`no model ${model}`);
  return found;
}

describe('compareModels', () => {
  it('compares the last completed AUROC of the period with the latest earlier period that has one', () => {
    const tasks = [
      task('churn', '2025-12-03T09:00:00', 0.8),
      task('churn', '2026-01-04T09:00:00', 0.85),
      task('churn', '2026-02-04T09:00:00', 0.82),
    ];
    const entry = entryOf(tasks, '2026-02', 'churn');
    expect(entry).toEqual({
      model: 'churn',
      auroc: 0.82,
      auroc_previous: 0.85,
      previous_period: '2026-01',
      // Rounded to 6 decimals: −0.03, not 0.82 − 0.85 = −0.030000000000000027.
      auroc_change: -0.03,
      trend: 'regressed',
      auroc_best: 0.85,
      best_period: '2026-01',
      tasks: 3,
      periods: { '2025-12': 0.8, '2026-01': 0.85, '2026-02': 0.82 },
      latest_task_id: tasks[2]?.task_id,
      latest_task_name: 'churn 2026-02',
      latest_status: 'completed',
      // These tasks carry no data fields: nothing is known to have moved.
      line_count: null,
      line_count_previous: null,
      line_count_change_pct: null,
      train_feature_changed: null,
      test_feature_changed: null,
      train_file_changed: null,
      test_file_changed: null,
      duration_seconds: null,
      duration_previous: null,
      disk_usage: null,
      disk_usage_previous: null,
      why: '',
      runs: 1,
      task_id: tasks[2]?.task_id,
      previous_task_id: tasks[1]?.task_id,
    });
    expect(Object.keys(entry)).toEqual([...MODEL_FIELDS]);
  });

  it('counts the completed re-run after a failed one, and skips a month with no completed task', () => {
    const tasks = [
      task('ltv', '2025-12-01T00:00:00', 0.7),
      task('ltv', '2026-01-02T00:00:00', null, 'failed'),
      task('ltv', '2026-02-02T00:00:00', null, 'failed'),
      task('ltv', '2026-02-03T00:00:00', 0.75),
    ];
    const entry = entryOf(tasks, '2026-02', 'ltv');
    expect(entry.auroc).toBe(0.75);
    expect(entry.previous_period).toBe('2025-12');
    expect(entry.auroc_previous).toBe(0.7);
    expect(entry.trend).toBe('improved');
    expect(entry.periods).toEqual({ '2025-12': 0.7, '2026-01': null, '2026-02': 0.75 });
    expect(entry.latest_status).toBe('completed');
  });

  it('takes the last completed task of the period even when a later one failed', () => {
    const tasks = [
      task('ads', '2026-01-02T00:00:00', 0.6),
      task('ads', '2026-02-02T00:00:00', 0.65),
      task('ads', '2026-02-09T00:00:00', null, 'failed'),
    ];
    const entry = entryOf(tasks, '2026-02', 'ads');
    expect(entry.auroc).toBe(0.65);
    expect(entry.latest_status).toBe('failed');
  });

  it.each([
    ['unchanged', 0.8, 0.80004],
    ['unchanged', 0.8, 0.79996],
    ['improved', 0.8, 0.80006],
    ['regressed', 0.8, 0.79994],
  ])('calls it %s from %d to %d (|change| < 0.00005 shows as ±0.0000)', (trend, before, now) => {
    const tasks = [task('m', '2026-01-05T00:00:00', before), task('m', '2026-02-05T00:00:00', now)];
    expect(entryOf(tasks, '2026-02', 'm').trend).toBe(trend);
  });

  it('tells new, failed, unfinished and not retrained apart', () => {
    const tasks = [
      task('fresh', '2026-02-01T00:00:00', 0.7),
      task('broken', '2026-01-01T00:00:00', 0.7),
      task('broken', '2026-02-01T00:00:00', null, 'failed'),
      task('running', '2026-01-01T00:00:00', 0.7),
      task('running', '2026-02-01T00:00:00', null, 'failed'),
      task('running', '2026-02-02T00:00:00', null, 'in_progress'),
      task('idle', '2026-01-01T00:00:00', 0.9),
    ];
    const result = compareModels(tasks, '2026-02');
    const trendOf = (model: string) => result.models.find((entry) => entry.model === model)?.trend;
    expect(trendOf('fresh')).toBe('new');
    expect(trendOf('broken')).toBe('failed');
    expect(trendOf('running')).toBe('unfinished');
    expect(trendOf('idle')).toBe('not_retrained');
    expect(entryOf(tasks, '2026-02', 'idle')).toMatchObject({
      auroc: null,
      auroc_previous: 0.9,
      previous_period: '2026-01',
      auroc_change: null,
    });
    expect(result.trends).toEqual({
      improved: 0,
      regressed: 0,
      unchanged: 0,
      new: 1,
      failed: 1,
      unfinished: 1,
      not_retrained: 1,
    });
  });

  it('sorts by AUROC in the period, models without one last by name', () => {
    const tasks = [
      task('b-idle', '2026-01-01T00:00:00', 0.99),
      task('low', '2026-02-01T00:00:00', 0.6),
      task('a-idle', '2026-01-01T00:00:00', 0.5),
      task('high', '2026-02-01T00:00:00', 0.9),
    ];
    expect(compareModels(tasks, '2026-02').models.map((entry) => entry.model)).toEqual([
      'high',
      'low',
      'a-idle',
      'b-idle',
    ]);
  });

  it('counts a task ID once, its last record winning (this run over history)', () => {
    const old = task('churn', '2026-02-01T00:00:00', null, 'in_progress');
    const fresh = { ...old, status: 'completed', auroc: 0.8 };
    const result = compareModels([old, fresh], '2026-02');
    expect(result.models[0]).toMatchObject({ tasks: 1, auroc: 0.8, trend: 'new' });
  });

  it('shows the latest task’s name and finds the best period (the first to reach it)', () => {
    const tasks = [
      { ...task('Churn', '2025-11-01T00:00:00', 0.9), model: { name: 'Churn', key: 'churn' } },
      { ...task('churn', '2025-12-01T00:00:00', 0.9), model: { name: 'churn', key: 'churn' } },
      { ...task('CHURN', '2026-01-01T00:00:00', 0.8), model: { name: 'CHURN', key: 'churn' } },
    ];
    const entry = entryOf(tasks, '2026-01', 'CHURN');
    expect(entry.best_period).toBe('2025-11');
    expect(entry.auroc_best).toBe(0.9);
  });

  it('sums up the period: the means of P and of the previous period, every period known', () => {
    const tasks = [
      task('a', '2026-01-01T00:00:00', 0.8),
      task('a', '2026-02-01T00:00:00', 0.9),
      task('b', '2026-01-01T00:00:00', 0.6),
      task('b', '2026-02-01T00:00:00', 0.7),
      task('c', '2025-10-01T00:00:00', 0.5),
    ];
    const result = compareModels(tasks, '2026-02');
    expect(result.period).toBe('2026-02');
    expect(result.previousPeriod).toBe('2026-01');
    expect(result.mean).toBeCloseTo(0.8, 12);
    expect(result.meanPrevious).toBeCloseTo(0.7, 12);
    expect(result.periods).toEqual(['2025-10', '2026-01', '2026-02']);
  });

  it('gives the mean change over the models that have an AUROC in both months, with their count', () => {
    // October: 12 models are in both months and improved a little; 2 weak ones were dropped and 4
    // strong ones are new. The two means are over different sets: their difference misleads.
    const tasks = [
      task('kept', '2026-10-01T00:00:00', 0.8),
      task('kept', '2026-11-01T00:00:00', 0.805),
      task('other', '2026-10-01T00:00:00', 0.7),
      task('other', '2026-11-01T00:00:00', 0.701),
      task('dropped', '2026-10-01T00:00:00', 0.99),
      task('fresh', '2026-11-01T00:00:00', 0.5),
    ];
    const result = compareModels(tasks, '2026-11');
    expect(result.matched).toBe(2);
    expect(result.meanChange).toBe(0.003);
    expect((result.mean ?? 0) - (result.meanPrevious ?? 0)).toBeLessThan(0);
    expect(compareModels([task('fresh', '2026-11-01T00:00:00', 0.5)], '2026-11')).toMatchObject({
      matched: 0,
      meanChange: null,
    });
  });

  it('names the task each month counted, for the comparison of a task with its model', () => {
    const tasks = [
      task('churn', '2026-09-01T00:00:00', 0.8),
      task('churn', '2026-10-01T00:00:00', 0.85),
      task('churn', '2026-10-02T00:00:00', null, 'failed'),
      task('churn', '2026-11-01T00:00:00', 0.82),
    ];
    const result = compareModels(tasks, '2026-11');
    const key = modelKeyOf('churn');
    expect(findPreviousTask(result, key, '2026-11')).toEqual({
      task_id: tasks[1]?.task_id,
      status: 'completed',
      auroc: 0.85,
    });
    expect(findPreviousTask(result, key, '2026-10')?.task_id).toBe(tasks[0]?.task_id);
    expect(findPreviousTask(result, key, '2026-09')).toBeNull();
    expect(findPreviousTask(result, 'nobody', '2026-11')).toBeNull();
  });

  it('answers which model a task is in, even when an ID repeats (the last record wins)', () => {
    const first = task('churn', '2026-10-01T00:00:00', 0.8);
    const again = { ...first, model: { name: 'ltv', key: modelKeyOf('ltv') } };
    const result = compareModels([first, again], '2026-10');
    expect(result.modelOfTask.get(first.task_id)).toBe(modelKeyOf('ltv'));
    expect(result.models.map((entry) => entry.model)).toEqual(['ltv']);
  });

  it('compares this run’s rows alone the same way, keeping nothing for a comparison that cannot come', () => {
    const tasks = [
      task('churn', '2026-09-01T00:00:00', 0.8),
      task('churn', '2026-10-01T00:00:00', 0.85),
      task('ltv', '2026-10-03T00:00:00', null, 'failed'),
      task('churn', '2026-10-02T00:00:00', 0.7),
    ];
    const alone = compareModels(tasks, '2026-10', { thisRunOnly: true });
    const full = compareModels(tasks, '2026-10');
    expect(alone.models).toEqual(full.models);
    expect(alone.periods).toEqual(full.periods);
    expect(full.modelOfTask.get(tasks[0]?.task_id ?? '')).toBe(modelKeyOf('churn'));
    expect(alone.modelOfTask.get(tasks[0]?.task_id ?? '')).toBeUndefined();
    expect(findPreviousTask(full, modelKeyOf('churn'), '2026-10')?.task_id).toBe(tasks[0]?.task_id);
    expect(findPreviousTask(alone, modelKeyOf('churn'), '2026-10')).toBeNull();
  });

  it('still keeps one record per ID of this run when an ID is no task ID (" abc" and "abc")', () => {
    const first = { ...task('churn', '2026-10-01T00:00:00', 0.8), task_id: ' abc' };
    const second = { ...task('churn', '2026-10-02T00:00:00', 0.9), task_id: 'abc' };
    const alone = compareModels([first, second], '2026-10', { thisRunOnly: true });
    expect(alone.models).toEqual(compareModels([first, second], '2026-10').models);
    expect(alone.models[0]).toMatchObject({ tasks: 1, auroc: 0.9 });
  });

  it('has no entries without a period', () => {
    expect(compareModels([task('a', '2026-01-01T00:00:00', 0.8)], null).models).toEqual([]);
  });
});

describe('chooseReportPeriod', () => {
  const done = (period: string | null) => ({ period, status: 'completed' });
  const running = (period: string | null) => ({ period, status: 'in_progress' });

  it('takes --period, else the newest completed month of this run, else the newest of history', () => {
    expect(
      chooseReportPeriod({ month: '2025-12', reason: '--period 2025-12' }, [done('2026-02')], []),
    ).toEqual({ period: '2025-12', reason: '--period 2025-12' });
    expect(chooseReportPeriod(null, [done('2026-01'), done(null), done('2026-02')], ['2026-05']).period).toBe(
      '2026-02',
    );
    expect(chooseReportPeriod(null, [done(null)], ['2025-11', '2025-12']).period).toBe('2025-12');
    expect(chooseReportPeriod(null, [], [])).toEqual({ period: null, reason: null });
  });

  it('does not let a retrain still running on cron day take over the month', () => {
    const chosen = chooseReportPeriod(
      null,
      [done('2026-10'), done('2026-11'), running('2026-12'), { period: '2026-12', status: 'failed' }],
      [],
    );
    expect(chosen).toEqual({
      period: '2026-11',
      reason: 'newest month with a completed task; 2 tasks of 2026-12 are newer',
    });
    expect(chooseReportPeriod(null, [done('2026-11'), running('2026-12')], []).reason).toBe(
      'newest month with a completed task; 1 task of 2026-12 is newer',
    );
    // Nothing completed at all: the newest month of the run, said so.
    expect(chooseReportPeriod(null, [running('2026-12'), running('2026-11')], ['2026-10'])).toEqual({
      period: '2026-12',
      reason: 'newest month among the fetched tasks; none of them completed',
    });
  });
});

describe('classifyTrend', () => {
  it('needs a task of the period for failed and unfinished', () => {
    expect(classifyTrend(null, null, [])).toBe('not_retrained');
    expect(classifyTrend(null, null, [{ status: 'registered' }])).toBe('unfinished');
    expect(classifyTrend(null, null, [{ status: 'pending' }, { status: 'failed' }])).toBe('unfinished');
    expect(classifyTrend(null, null, [{ status: 'failed' }])).toBe('failed');
    expect(classifyTrend(0.7, null, [{ status: 'completed' }])).toBe('new');
  });
});
