import type { ModelComparison, Trend } from '../models/model-entry.js';
import type { StatusTone } from '../report/status-tone.js';
import { fillLabel } from '../templates/fill-label.js';
import type { Template } from '../templates/template.js';

/** How a trend reads at a glance: better is good, worse or failed bad, on its way busy. */
export const TREND_TONES: Readonly<Record<Trend, StatusTone>> = {
  improved: 'good',
  regressed: 'bad',
  unchanged: 'unknown',
  new: 'unknown',
  failed: 'bad',
  unfinished: 'busy',
  not_retrained: 'unknown',
};

/** Arrows beside a trend on the page and the chart: up, down, level. */
export const TREND_ARROWS: Readonly<Record<Trend, string>> = {
  improved: '▲',
  regressed: '▼',
  unchanged: '▬',
  new: '★',
  failed: '✕',
  unfinished: '…',
  not_retrained: '–',
};

export function labelTrend(template: Template, trend: Trend): string {
  return template.trendLabels[trend];
}

/** `12 — 7 improved, 3 regressed, 1 unchanged, 1 new`, in the template's words. */
export function describeModelCounts(models: ModelComparison, template: Template): string {
  const parts = (Object.keys(models.trends) as Trend[])
    .filter((trend) => models.trends[trend] > 0)
    .map((trend) => `${models.trends[trend]} ${labelTrend(template, trend)}`);
  return parts.length === 0 ? String(models.models.length) : `${models.models.length} — ${parts.join(', ')}`;
}

/** The last `limit` periods, oldest first: the period columns of the Models sheet. */
export function selectShownPeriods(models: ModelComparison, limit: number): string[] {
  return models.periods.slice(Math.max(0, models.periods.length - limit));
}

/** `12 models with an AUROC in both 2026-10 and 2026-11`, in the template's words. */
export function describeMeanChange(models: ModelComparison, template: Template): string {
  return fillLabel(template.labels.meanChangeDetail, {
    count: String(models.matched),
    previous: models.previousPeriod ?? '',
    period: models.period ?? '',
  });
}
