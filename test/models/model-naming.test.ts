import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import {
  compileModelPattern,
  createModelNamer,
  modelKeyOf,
  parseModelAlias,
  parseModelAliases,
  parseModelKey,
  type ModelSource,
} from '../../src/models/model-naming.js';
import { isPeriodOpen, parsePeriod, periodColumn, periodOf } from '../../src/models/task-period.js';

const task = (fields: Partial<ModelSource>): ModelSource => ({
  task_id: '00000000-0000-4000-8000-000000000001',
  task_name: null,
  train_feature_name: null,
  train_file_path: null,
  ...fields,
});

describe('createModelNamer', () => {
  it('names the model by the task name without its period marker, by default', () => {
    const name = createModelNamer({ key: 'name', pattern: null });
    expect(name(task({ task_name: '구매예측 모델 2026-02' }))).toEqual({
      name: '구매예측 모델',
      key: '구매예측 모델',
    });
  });

  it('groups names that differ only in case, width or blanks', () => {
    const name = createModelNamer({ key: 'name', pattern: null });
    const keys = [
      'Churn  Model 2026-01',
      'churn model 2026-02',
      ' CHURN MODEL 2026-03 ',
      'Ｃｈｕｒｎ model 2026-04',
    ].map((taskName) => name(task({ task_name: taskName })).key);
    expect(new Set(keys)).toEqual(new Set(['churn model']));
  });

  it('reads the field --model-key picks, with the same marker removal', () => {
    const source = task({
      task_name: 'retrain #7',
      train_feature_name: 'purchase_features_2026_02',
      train_file_path: 'purchase/2026-02/train.csv',
    });
    expect(createModelNamer({ key: 'train_feature', pattern: null })(source).name).toBe('purchase_features');
    expect(createModelNamer({ key: 'train_path', pattern: null })(source).name).toBe('purchase/train.csv');
  });

  it('falls back to the task name, then the task ID, when the key field is empty', () => {
    const byFeature = createModelNamer({ key: 'train_feature', pattern: null });
    expect(byFeature(task({ task_name: 'LTV 2026.01' })).name).toBe('LTV');
    expect(byFeature(task({})).name).toBe('00000000-0000-4000-8000-000000000001');
  });

  it('takes --model-pattern’s first group, or its whole match, and counts the tasks it named', () => {
    const grouped = createModelNamer({ key: 'name', pattern: '^(.*?) run \\d+$' });
    expect(grouped(task({ task_name: 'Churn run 17' })).name).toBe('Churn');
    expect(grouped.patternMatches).toBe(1);
    // No match: the period rules name it, and the counter stays.
    expect(grouped(task({ task_name: 'LTV 2026-01' })).name).toBe('LTV');
    expect(grouped.patternMatches).toBe(1);
    const whole = createModelNamer({ key: 'name', pattern: '[a-z]+' });
    expect(whole(task({ task_name: '2026 churn v2' })).name).toBe('churn');
  });

  it('accepts a pattern in the legacy syntax that Unicode mode refuses', () => {
    expect(compileModelPattern('^([\\w\\-]+)_v').test('churn-x_v2')).toBe(true);
  });
});

describe('option parsing', () => {
  it('refuses an invalid pattern, an empty one and an unknown key with a UsageError', () => {
    expect(() => compileModelPattern('(')).toThrow(UsageError);
    expect(() => compileModelPattern('(')).toThrow(/--model-pattern is not a valid regular expression/);
    expect(() => compileModelPattern('')).toThrow(/--model-pattern is empty/);
    expect(() => parseModelKey('feature')).toThrow(/use one of name, train_feature, train_path/);
    expect(parseModelKey(' Train_Path ')).toBe('train_path');
  });

  it('reads --period as YYYY-MM, previous or current', () => {
    const now = new Date(2026, 0, 1, 6, 0, 0); // local midnight-ish of 1 January: previous is December
    expect(parsePeriod('2026-02', now).month).toBe('2026-02');
    expect(parsePeriod('previous', now).month).toBe('2025-12');
    expect(parsePeriod(' Current ', now).month).toBe('2026-01');
    expect(parsePeriod('previous', new Date(2026, 11, 31, 23, 59)).month).toBe('2026-11');
    for (const bad of ['2026-2', '2026-13', '202602', 'Feb 2026', '', 'last']) {
      expect(() => parsePeriod(bad, now), bad).toThrow(/write it as YYYY-MM .*previous/);
    }
  });

  it('knows whether a period is still open', () => {
    const now = new Date(2026, 11, 1, 6, 0, 0);
    expect(isPeriodOpen('2026-12', now)).toBe(true);
    expect(isPeriodOpen('2027-01', now)).toBe(true);
    expect(isPeriodOpen('2026-11', now)).toBe(false);
  });
});

describe('periodOf', () => {
  it.each([
    ['2026-01-31T23:30:00', '2026-01'],
    ['2026-02-01T00:00:00+09:00', '2026-02'],
    ['2026-02-01 08:00:00', '2026-02'],
    ['2026-03-05', '2026-03'],
    ['not a date', null],
    ['2026-13-01T00:00:00', null],
    [null, null],
  ])('%j → %j', (createdAt, period) => {
    expect(periodOf(createdAt)).toBe(period);
  });

  it('names the column of a period in the models CSV', () => {
    expect(periodColumn('2026-01')).toBe('auroc_2026_01');
  });
});

describe('modelKeyOf', () => {
  it('folds case, full-width forms and runs of blanks', () => {
    expect(modelKeyOf(' Ａ  b\tC ')).toBe('a b c');
  });

  it('counts -, _, . and blanks between words as one separator', () => {
    expect(modelKeyOf('churn-model')).toBe('churn model');
    expect(modelKeyOf('churn_model')).toBe('churn model');
    expect(modelKeyOf('Churn. Model')).toBe('churn model');
    expect(modelKeyOf('churn－model')).toBe('churn model');
  });
});

describe('name folding, as one model across months', () => {
  const name = createModelNamer({ key: 'name', pattern: null });
  it.each([
    [['churn-model-202610', 'churn_model_202611'], 'churn_model'],
    [['수요예측 2026-09', '수요예측 ２０２６－１０'], '수요예측'],
    [['추천모델 2026.09월', '추천모델 2026.10월'], '추천모델'],
    [['LTV_26-09', 'LTV_26-10'], 'LTV'],
  ])('%j are one model, shown as the latest: %j', (names, shown) => {
    const models = names.map((taskName) => name(task({ task_name: taskName })));
    expect(new Set(models.map((model) => model.key)).size).toBe(1);
    expect(models[models.length - 1]?.name).toBe(shown);
  });
});

describe('aliases for renamed models', () => {
  it('names the old model’s tasks as the new model, matched as model names are', () => {
    const name = createModelNamer({
      key: 'name',
      pattern: null,
      aliases: { 'LTV forecast': '고객 생애가치(LTV) 예측', 'gone model': 'anything' },
    });
    const old = name(task({ task_name: 'LTV  Forecast 2026.10' }));
    const renamed = name(task({ task_name: '고객 생애가치(LTV) 예측 2026.11' }));
    expect(old).toEqual(renamed);
    expect(old).toEqual({ name: '고객 생애가치(LTV) 예측', key: '고객 생애가치(ltv) 예측' });
    expect(name.rename('ltv_forecast')).toEqual(renamed);
    expect(name.unmatchedAliases()).toEqual(['gone model']);
  });

  it('takes an old name with its period marker, and a new one with its own', () => {
    const name = createModelNamer({
      key: 'name',
      pattern: null,
      aliases: { 'LTV forecast 2026.10': 'LTV 예측 2026.11' },
    });
    expect(name(task({ task_name: 'LTV forecast 2026.09' })).name).toBe('LTV 예측');
  });

  it('reads --model-alias OLD=NEW at the first =, and refuses a side left empty', () => {
    expect(parseModelAliases(['LTV forecast=LTV 예측', 'a=b=c', ' x = y '])).toEqual({
      'LTV forecast': 'LTV 예측',
      a: 'b=c',
      x: 'y',
    });
    for (const bad of ['no-equals', '=new', 'old=', ' = ']) {
      expect(() => parseModelAlias(bad), bad).toThrow(UsageError);
    }
    expect(() => parseModelAlias('x')).toThrow(/--model-alias "x" is not OLD=NEW/);
  });
});
