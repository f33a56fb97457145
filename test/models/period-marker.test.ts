import { describe, expect, it } from 'vitest';
import { hasPeriodMarker, stripPeriodMarkers } from '../../src/models/period-marker.js';

describe('stripPeriodMarkers', () => {
  it.each([
    ['구매예측 모델 2026-01', '구매예측 모델'],
    ['churn-model-202601', 'churn-model'],
    ['LTV forecast 2026.01', 'LTV forecast'],
    ['coupon_response_2026_01', 'coupon_response'],
    ['Credit risk scorecard 2026/01', 'Credit risk scorecard'],
    ['이탈 고객 예측 (1월)', '이탈 고객 예측'],
    ['광고 전환 예측 1월', '광고 전환 예측'],
    ['추천 클릭 예측 2026년 1월', '추천 클릭 예측'],
    ['Fraud detection Jan 2026', 'Fraud detection'],
    ['Demand forecast - January 2026', 'Demand forecast'],
    ['배송 지연 예측 2026-01-15', '배송 지연 예측'],
    ['Upsell propensity 20260115', 'Upsell propensity'],
  ])('removes the marker of %j', (name, model) => {
    expect(hasPeriodMarker(name)).toBe(true);
    expect(stripPeriodMarkers(name)).toBe(model);
  });

  it.each([
    ['2026-01 churn model', 'churn model'],
    ['churn_2026_01_model', 'churn_model'],
    ['Sales (2026-01) v2', 'Sales v2'],
    ['Demand forecast - August 2026 (final)', 'Demand forecast (final)'],
    ['모델 [2026.12]', '모델'],
    ['x 2026년 11월 3일', 'x'],
    ['LTV Sept. 2026', 'LTV'],
    ['Sales 2026 Jan', 'Sales'],
    ['model 12월', 'model'],
    ['weekly retrain 2025-W03', 'weekly retrain'],
    ['  padded 2026-01  ', 'padded'],
    ['CHURN DEC 2025', 'CHURN'],
  ])('finds the marker anywhere: %j → %j', (name, model) => {
    expect(stripPeriodMarkers(name)).toBe(model);
  });

  it.each([
    'churn model',
    'Marchant model',
    'v12026014',
    'resnet 2026-13',
    'order 13월 모델',
    '20261301 batch',
  ])('leaves %j alone: no real month in it', (name) => {
    expect(hasPeriodMarker(name)).toBe(false);
    expect(stripPeriodMarkers(name)).toBe(name);
  });

  it.each([
    ['LTV_26-10', 'LTV'],
    ['LTV 26.10', 'LTV'],
    ['LTV_26_10', 'LTV'],
    ['coupon 39-01 model', 'coupon model'],
    ['추천모델 2026.10월', '추천모델'],
    ['추천모델 202610월', '추천모델'],
    ['추천모델 26.10월', '추천모델'],
    ['수요예측 ２０２６－１０', '수요예측'],
    ['churn_model_２０２６１１', 'churn_model'],
  ])('finds the two-digit year, the trailing 월 and full-width digits: %j → %j', (name, model) => {
    expect(hasPeriodMarker(name)).toBe(true);
    expect(stripPeriodMarkers(name)).toBe(model);
  });

  it.each([
    ['model 19-10', 'model 19-10'],
    ['model 40.01', 'model 40.01'],
    ['model 2610', 'model 2610'],
    ['release 1.26.10', 'release 1.26.10'],
    ['rule 26-10-3', 'rule 26-10-3'],
  ])(
    'leaves a two-digit pair alone outside 20–39, without a separator or inside a longer number: %j',
    (name, kept) => {
      expect(hasPeriodMarker(name)).toBe(false);
      expect(stripPeriodMarkers(name)).toBe(kept);
    },
  );

  it('keeps the spelling of a name whose markers are found as written, or that has none', () => {
    expect(stripPeriodMarkers('＝1+1')).toBe('＝1+1');
    expect(stripPeriodMarkers('Ｃｈｕｒｎ model 2026-04')).toBe('Ｃｈｕｒｎ model');
    expect(stripPeriodMarkers('２０２６－１０')).toBe('２０２６－１０');
  });

  it('keeps a name that is nothing but a marker, so the task still has a model', () => {
    expect(stripPeriodMarkers('2026-01')).toBe('2026-01');
    expect(stripPeriodMarkers(' (1월) ')).toBe('(1월)');
  });

  it('gives every month of one family the same model', () => {
    const names = ['이탈 예측 (11월)', '이탈 예측 (12월)', '이탈 예측 (1월)'];
    expect(new Set(names.map(stripPeriodMarkers))).toEqual(new Set(['이탈 예측']));
  });

  it('removes a bounded number of markers from a hostile name, so its work stays linear', () => {
    const name = `${'2026-01 '.repeat(5000)}model`;
    const stripped = stripPeriodMarkers(name);
    expect(stripped.endsWith('model')).toBe(true);
    expect(stripped.length).toBe(name.length - 8 * 8);
  });
});
