import { describe, expect, it } from 'vitest';
import { compareModels, type ModelTask } from '../../src/models/compare-models.js';
import {
  computeChangePct,
  computeModelChange,
  isNotableChange,
} from '../../src/models/compute-model-change.js';
import { modelKeyOf } from '../../src/models/model-naming.js';
import { stripPeriodMarkers } from '../../src/models/period-marker.js';
import { periodOf } from '../../src/models/task-period.js';

/**
 * A monthly retrain as the Get-task API describes it: a new task (and usually a new feature, named
 * after its month) every month, the ground truth under a folder of the month.
 */
function retrain(
  id: string,
  name: string,
  createdAt: string,
  fields: Partial<ModelTask> & { auroc?: number | null } = {},
): ModelTask {
  const month = createdAt.slice(0, 7);
  const model = stripPeriodMarkers(name);
  return {
    task_id: id,
    task_name: name,
    status: 'completed',
    auroc: 0.85,
    created_at: createdAt,
    period: periodOf(createdAt),
    model: { name: model, key: modelKeyOf(model) },
    duration_seconds: 4 * 3600,
    line_count: 1_210_000,
    disk_usage_bytes: 314_600_000,
    train_feature_id: `feat-churn-${month}`,
    train_feature_name: `churn_features_${month.replace('-', '')}`,
    train_bucket: 'crm-analytics-prod',
    train_file_path: `churn/${month}/train.csv`,
    test_feature_id: `feat-churn-${month}`,
    test_feature_name: `churn_features_${month.replace('-', '')}`,
    test_bucket: 'crm-analytics-prod',
    test_file_path: `churn/${month}/test.csv`,
    fail_message: null,
    ...fields,
  };
}

function november(tasks: ModelTask[], nowMs: number | null = null) {
  const entry = compareModels(tasks, '2026-11', { nowMs }).models[0];
  if (entry === undefined) throw new Error('no model');
  return entry;
}

describe('what changed since the previous period', () => {
  it('halved training data: the line counts, the change in % to one decimal, and the why', () => {
    const entry = november([
      retrain('t-10', 'churn-model-202610', '2026-10-02T09:14:00', { auroc: 0.85 }),
      retrain('t-11', 'churn-model-202611', '2026-11-02T09:40:00', {
        auroc: 0.82,
        line_count: 610_000,
        disk_usage_bytes: 158_600_000,
        duration_seconds: 2 * 3600 + 5 * 60,
      }),
    ]);
    expect(entry.line_count).toBe(610_000);
    expect(entry.line_count_previous).toBe(1_210_000);
    // (610,000 − 1,210,000) / 1,210,000 = −49.587 %
    expect(entry.line_count_change_pct).toBe(-49.6);
    expect(entry.duration_seconds).toBe(7500);
    expect(entry.duration_previous).toBe(14_400);
    expect(entry.disk_usage).toBe(158_600_000);
    expect(entry.disk_usage_previous).toBe(314_600_000);
    // A new feature of the month and a folder of the month are the usual retrain, not a change.
    expect(entry.train_feature_changed).toBe(false);
    expect(entry.test_feature_changed).toBe(false);
    expect(entry.train_file_changed).toBe(false);
    expect(entry.test_file_changed).toBe(false);
    expect(entry.why).toBe('data \u221249.6 %');
    expect(entry.task_id).toBe('t-11');
    expect(entry.previous_task_id).toBe('t-10');
    expect(entry.runs).toBe(1);
  });

  it('names a changed feature, old → new, and says a ground-truth file changed, biggest first', () => {
    const entry = november([
      retrain('t-10', 'churn_model_2026_10', '2026-10-02T09:00:00', {
        train_feature_id: 'f-v1',
        train_feature_name: 'churn_v1',
      }),
      retrain('t-11', 'churn_model_2026_11', '2026-11-02T09:00:00', {
        line_count: 610_000,
        train_feature_id: 'f-v2',
        train_feature_name: 'churn_v2',
        test_file_path: 'churn/2026-11/holdout.csv',
      }),
    ]);
    expect(entry.train_feature_changed).toBe(true);
    expect(entry.test_feature_changed).toBe(false);
    expect(entry.train_file_changed).toBe(false);
    expect(entry.test_file_changed).toBe(true);
    expect(entry.why).toBe('data \u221249.6 %; train feature churn_v1 \u2192 churn_v2; test file changed');
  });

  it('names one feature shared by train and test once, and both files in one part', () => {
    const entry = november([
      retrain('t-10', 'coupon_response_2026_10', '2026-10-03T09:00:00', {
        train_feature_id: 'f-v1',
        train_feature_name: 'coupon_features_2026_10',
        test_feature_id: 'f-v1',
        test_feature_name: 'coupon_features_2026_10',
      }),
      retrain('t-11', 'coupon_response_2026_11', '2026-11-03T09:00:00', {
        train_feature_id: 'f-v2',
        train_feature_name: 'coupon_features_v2_2026_11',
        test_feature_id: 'f-v2',
        test_feature_name: 'coupon_features_v2_2026_11',
        train_bucket: 'mkt-ai-labels',
        test_bucket: 'mkt-ai-labels',
      }),
    ]);
    expect(entry.why).toBe(
      'train and test feature coupon_features_2026_10 \u2192 coupon_features_v2_2026_11; train and test files changed',
    );
  });

  it('a file whose path differs only in case is another file: object keys are case-sensitive', () => {
    const entry = november([
      retrain('t-10', 'churn 2026-10', '2026-10-02T09:00:00', { train_file_path: 'churn/2026-10/train.csv' }),
      retrain('t-11', 'churn 2026-11', '2026-11-02T09:00:00', { train_file_path: 'churn/2026-11/Train.csv' }),
    ]);
    expect(entry.train_file_changed).toBe(true);
    expect(entry.why).toBe('train file changed');
  });

  it('puts a small data change after the feature and file changes', () => {
    const entry = november([
      retrain('t-10', 'churn 2026-10', '2026-10-02T09:00:00'),
      retrain('t-11', 'churn 2026-11', '2026-11-02T09:00:00', {
        line_count: 1_270_500,
        train_bucket: 'crm-analytics-archive',
      }),
    ]);
    expect(entry.line_count_change_pct).toBe(5);
    expect(entry.train_file_changed).toBe(true);
    expect(entry.why).toBe('train file changed; data +5.0 %');
  });

  it('is empty when nothing moved, and the feature keeping its ID is no change', () => {
    const entry = november([
      retrain('t-10', 'churn 2026-10', '2026-10-02T09:00:00', {
        train_feature_id: 'same',
        test_feature_id: 'same',
      }),
      retrain('t-11', 'churn 2026-11', '2026-11-02T09:00:00', {
        train_feature_id: 'same',
        test_feature_id: 'same',
      }),
    ]);
    expect(entry.line_count_change_pct).toBe(0);
    expect(entry.train_feature_changed).toBe(false);
    expect(entry.why).toBe('');
  });

  it('a feature re-created under the same name (a new ID) is a change', () => {
    const entry = november([
      retrain('t-10', 'churn 2026-10', '2026-10-02T09:00:00', { train_feature_name: 'churn_base' }),
      retrain('t-11', 'churn 2026-11', '2026-11-02T09:00:00', { train_feature_name: 'churn_base' }),
    ]);
    expect(entry.train_feature_changed).toBe(true);
    expect(entry.why).toBe('train feature churn_base (new ID)');
  });

  it('a model without a test set has no test change; one that gains a test set has', () => {
    const noTest = {
      test_feature_id: null,
      test_feature_name: null,
      test_bucket: null,
      test_file_path: null,
    };
    const steady = november([
      retrain('t-10', 'ltv 2026-10', '2026-10-03T09:00:00', noTest),
      retrain('t-11', 'ltv 2026-11', '2026-11-03T09:00:00', noTest),
    ]);
    expect([steady.test_feature_changed, steady.test_file_changed]).toEqual([false, false]);
    const gained = november([
      retrain('t-10', 'ltv 2026-10', '2026-10-03T09:00:00', noTest),
      retrain('t-11', 'ltv 2026-11', '2026-11-03T09:00:00'),
    ]);
    expect([gained.test_feature_changed, gained.test_file_changed]).toEqual([true, true]);
  });

  it('compares with the task auroc_previous came from: the last completed of the latest earlier period', () => {
    const entry = november([
      retrain('t-09', 'churn 2026-09', '2026-09-02T09:00:00', { line_count: 1_000_000 }),
      retrain('t-10a', 'churn 2026-10', '2026-10-02T09:00:00', { line_count: 1_100_000 }),
      retrain('t-10b', 'churn 2026-10', '2026-10-05T09:00:00', { line_count: 1_200_000 }),
      retrain('t-10c', 'churn 2026-10', '2026-10-06T09:00:00', {
        status: 'failed',
        auroc: null,
        line_count: null,
      }),
      retrain('t-11', 'churn 2026-11', '2026-11-02T09:00:00', { line_count: 1_260_000 }),
    ]);
    expect(entry.previous_task_id).toBe('t-10b');
    expect(entry.line_count_previous).toBe(1_200_000);
    expect(entry.line_count_change_pct).toBe(5);
  });

  it('leaves the previous values and the flags empty for a new model, and what it knows of P', () => {
    const entry = november([retrain('t-11', 'upsell 2026-11', '2026-11-05T09:00:00')]);
    expect(entry.trend).toBe('new');
    expect(entry.line_count).toBe(1_210_000);
    expect(entry.line_count_previous).toBeNull();
    expect(entry.line_count_change_pct).toBeNull();
    expect(entry.train_feature_changed).toBeNull();
    expect(entry.test_file_changed).toBeNull();
    expect(entry.previous_task_id).toBeNull();
    expect(entry.why).toBe('');
  });

  it('a not-retrained model has no task of P and no runs', () => {
    const models = compareModels(
      [
        retrain('t-10', 'demand 2026-10', '2026-10-06T09:00:00'),
        retrain('t-11', 'other 2026-11', '2026-11-06T09:00:00'),
      ],
      '2026-11',
    ).models;
    const demand = models.find((m) => m.model === 'demand');
    expect(demand?.trend).toBe('not_retrained');
    expect(demand?.runs).toBe(0);
    expect(demand?.task_id).toBeNull();
    expect(demand?.line_count).toBeNull();
    expect(demand?.previous_task_id).toBe('t-10');
    expect(demand?.why).toBe('');
  });
});

describe('why a failed, an unfinished or a twice-run model moved', () => {
  it('a failed model: its failure code and the troubleshooting hint', () => {
    const entry = november([
      retrain('t-10', 'Credit risk scorecard 2026/10', '2026-10-09T09:00:00'),
      retrain('t-11', 'Credit risk scorecard 2026/11', '2026-11-10T09:49:42', {
        status: 'failed',
        auroc: null,
        line_count: null,
        fail_message: 'NOT_EXIST_FILE',
      }),
    ]);
    expect(entry.trend).toBe('failed');
    expect(entry.why).toBe(
      'NOT_EXIST_FILE: The file at the given path is missing or empty: check the bucket, the path and the content, then create the task again.',
    );
  });

  it('an unfinished model: how long it has been running at the run’s start', () => {
    const entry = november(
      [
        retrain('t-10', 'dormant 2026-10', '2026-10-04T09:00:00'),
        retrain('t-11', 'dormant 2026-11', '2026-11-04T09:00:00', { status: 'in_progress', auroc: null }),
      ],
      Date.UTC(2026, 10, 4, 11, 5, 0),
    );
    expect(entry.trend).toBe('unfinished');
    expect(entry.why).toBe('in progress for 2 h 5 min');
  });

  it('two runs in P: the last completed counts, and the why says so', () => {
    const entry = november([
      retrain('t-10', '광고 전환 예측 10월', '2026-10-04T09:00:00', { line_count: 4_300_000 }),
      retrain('t-11a', '광고 전환 예측 11월', '2026-11-04T09:00:00', {
        status: 'failed',
        auroc: null,
        line_count: null,
        fail_message: 'OBS_DOWNLOAD_FAILED',
      }),
      retrain('t-11b', '광고 전환 예측 11월', '2026-11-05T09:00:00', { line_count: 4_515_000 }),
    ]);
    expect(entry.runs).toBe(2);
    expect(entry.task_id).toBe('t-11b');
    expect(entry.why).toBe('data +5.0 %; 2 runs; the last completed counts');
  });

  it('a run after the one that counts, still on its way, is named', () => {
    const entry = november([
      retrain('t-10', 'churn 2026-10', '2026-10-02T09:00:00'),
      retrain('t-11a', 'churn 2026-11', '2026-11-02T09:00:00'),
      retrain('t-11b', 'churn 2026-11', '2026-11-20T09:00:00', { status: 'pending', auroc: null }),
    ]);
    expect(entry.task_id).toBe('t-11a');
    expect(entry.why).toBe('2 runs; the last completed counts (a later run is still on its way)');
  });

  it('two failed runs: none completed', () => {
    const failedRun = { status: 'failed', auroc: null, fail_message: 'COMMON_ERROR' };
    const entry = november([
      retrain('t-10', 'churn 2026-10', '2026-10-02T09:00:00'),
      retrain('t-11a', 'churn 2026-11', '2026-11-02T09:00:00', failedRun),
      retrain('t-11b', 'churn 2026-11', '2026-11-03T09:00:00', failedRun),
    ]);
    expect(entry.why).toBe(
      'COMMON_ERROR: Unknown error while creating the task: contact NAVER Cloud customer support.; 2 runs, none completed',
    );
  });
});

describe('computeChangePct and isNotableChange', () => {
  it('rounds to one decimal, and has no change from zero lines', () => {
    expect(computeChangePct(610_000, 1_210_000)).toBe(-49.6);
    expect(computeChangePct(1_210_000, 610_000)).toBe(98.4);
    expect(computeChangePct(5, 0)).toBeNull();
    expect(computeChangePct(null, 10)).toBeNull();
  });

  it('highlights a data change of 20 % or more, or any feature or file change', () => {
    const base = computeModelChange(null, null);
    expect(isNotableChange(base)).toBe(false);
    expect(isNotableChange({ ...base, line_count_change_pct: -19.9 })).toBe(false);
    expect(isNotableChange({ ...base, line_count_change_pct: 20 })).toBe(true);
    expect(isNotableChange({ ...base, line_count_change_pct: -20 })).toBe(true);
    expect(isNotableChange({ ...base, test_feature_changed: true })).toBe(true);
    expect(isNotableChange({ ...base, train_file_changed: true })).toBe(true);
  });
});
