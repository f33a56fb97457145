import { describe, expect, it } from 'vitest';
import { compareModels, type ModelTask } from '../../src/models/compare-models.js';
import {
  describeTrendCounts,
  findLargestDrop,
  findRegressions,
  formatChange,
  formatModelsLine,
  formatRegressionLines,
} from '../../src/models/describe-models.js';
import { modelKeyOf } from '../../src/models/model-naming.js';
import { periodOf } from '../../src/models/task-period.js';

let next = 0;
function task(model: string, createdAt: string, auroc: number | null, status = 'completed'): ModelTask {
  next += 1;
  return {
    task_id: `t${next}`,
    task_name: model,
    status,
    auroc,
    created_at: createdAt,
    period: periodOf(createdAt),
    model: { name: model, key: modelKeyOf(model) },
  };
}

const JAN = '2026-01-10T00:00:00';
const FEB = '2026-02-10T00:00:00';
const comparison = compareModels(
  [
    task('up', JAN, 0.8),
    task('up', FEB, 0.81),
    task('churn', JAN, 0.85),
    task('churn', FEB, 0.82),
    task('ltv', JAN, 0.7),
    task('ltv', FEB, 0.69),
    task('fresh', FEB, 0.7),
    task('broken', FEB, null, 'failed'),
  ],
  '2026-02',
);

describe('the model lines', () => {
  it('writes a change with its sign and a real minus, at four decimals', () => {
    expect(formatChange(0.0123)).toBe('+0.0123');
    expect(formatChange(-0.03)).toBe('\u22120.0300');
    expect(formatChange(-0.00004)).toBe('0.0000');
  });

  it('names the largest drop in the closing line, and only the trends some model has', () => {
    expect(formatModelsLine(comparison)).toBe(
      'models: 1 improved, 2 regressed (largest drop: churn \u22120.0300), 1 new, 1 failed',
    );
    expect(findLargestDrop(comparison.models)?.model).toBe('churn');
    expect(describeTrendCounts(comparison.trends)).toBe('1 improved, 2 regressed, 1 new, 1 failed');
  });

  it('finds the models that fell by the threshold or more, largest first', () => {
    expect(findRegressions(comparison.models, 0.005).map((entry) => entry.model)).toEqual(['churn', 'ltv']);
    expect(findRegressions(comparison.models, 0.02).map((entry) => entry.model)).toEqual(['churn']);
    expect(findRegressions(comparison.models, 0.031)).toEqual([]);
    // A drop shown as −0.0300 (rounded from 0.82 − 0.85) fires at exactly 0.03.
    expect(findRegressions(comparison.models, 0.03).map((entry) => entry.model)).toEqual(['churn']);
    const [line] = formatRegressionLines(findRegressions(comparison.models, 0.02), 0.02);
    expect(line).toBe(
      'regression: 1 model fell by at least 0.02 (--fail-on-regression): churn \u22120.0300 (2026-01 0.8500 → 0.8200)',
    );
    expect(formatRegressionLines([], 0.02)).toEqual([]);
  });

  it('gives the largest drop its biggest move: the data that halved', () => {
    const halved = compareModels(
      [
        { ...task('churn-model', '2026-10-02T09:00:00', 0.85), line_count: 1_210_000 },
        { ...task('churn-model', '2026-11-02T09:00:00', 0.82), line_count: 610_000, train_feature_id: 'f1' },
        { ...task('ltv', '2026-10-03T09:00:00', 0.7), line_count: 500_000 },
        { ...task('ltv', '2026-11-03T09:00:00', 0.69), line_count: 500_000 },
      ],
      '2026-11',
    );
    expect(formatModelsLine(halved)).toBe(
      'models: 2 regressed (largest drop: churn-model \u22120.0300 (data \u221249.6 %))',
    );
  });

  it('says nothing of models without a period', () => {
    expect(formatModelsLine(compareModels([], null))).toBeNull();
  });
});
