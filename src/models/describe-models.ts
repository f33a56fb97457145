import { TRENDS, type ModelComparison, type ModelEntry, type Trend } from './model-entry.js';
import { formatTerminalText } from '../core/format-terminal-text.js';

/** U+2212, the minus sign: `−0.0300` reads as a drop in any font, and a hyphen can look like a dash. */
const MINUS = '\u2212';

/** A change at four decimals with its sign: `+0.0120`, `−0.0300`, `0.0000`. */
export function formatChange(change: number): string {
  const text = Math.abs(change).toFixed(4);
  if (text === '0.0000') {
    return text;
  }
  return `${change < 0 ? MINUS : '+'}${text}`;
}

/** `7 improved, 3 regressed, 1 unchanged, 1 new`: every trend that some model has, in TRENDS order. */
export function describeTrendCounts(
  trends: Readonly<Record<Trend, number>>,
  label: (trend: Trend) => string = (trend) => trend.replace('_', ' '),
): string {
  return TRENDS.filter((trend) => trends[trend] > 0)
    .map((trend) => `${trends[trend]} ${label(trend)}`)
    .join(', ');
}

/** The model whose AUROC fell most since its previous period; null when none fell. */
export function findLargestDrop(models: readonly ModelEntry[]): ModelEntry | null {
  let largest: ModelEntry | null = null;
  for (const entry of models) {
    if (entry.trend === 'regressed' && entry.auroc_change !== null) {
      if (largest === null || entry.auroc_change < (largest.auroc_change ?? 0)) {
        largest = entry;
      }
    }
  }
  return largest;
}

/**
 * The closing line of a run: `models: 7 improved, 3 regressed (largest drop: churn −0.0300 (data
 * −49.6 %)), 1 new, 1 failed`: the largest drop with the biggest move of its why. Null when the run has no model view (no task names a period).
 */
export function formatModelsLine(comparison: ModelComparison): string | null {
  if (comparison.period === null || comparison.models.length === 0) {
    return null;
  }
  const drop = findLargestDrop(comparison.models);
  const parts = TRENDS.filter((trend) => comparison.trends[trend] > 0).map((trend) => {
    const text = `${comparison.trends[trend]} ${trend.replace('_', ' ')}`;
    return trend === 'regressed' && drop !== null && drop.auroc_change !== null
      ? `${text} (largest drop: ${formatTerminalText(drop.model)} ${formatChange(drop.auroc_change)}${describeReason(drop)})`
      : text;
  });
  return `models: ${parts.join(', ')}`;
}

/** ` (data −49.6 %)`: the biggest move of a model's why, or nothing when nothing moved. */
function describeReason(entry: ModelEntry): string {
  const biggest = entry.why.split('; ')[0] ?? '';
  return biggest === '' ? '' : ` (${biggest})`;
}

/**
 * Models whose AUROC fell by `delta` or more since their previous period, the largest drop first. The
 * change is rounded (roundChange), so a drop shown as −0.0300 is caught by `delta` 0.03.
 */
export function findRegressions(models: readonly ModelEntry[], delta: number): ModelEntry[] {
  return models
    .filter((entry) => entry.auroc_change !== null && entry.auroc_change <= -delta)
    .sort((a, b) => (a.auroc_change ?? 0) - (b.auroc_change ?? 0));
}

/**
 * The closing line naming the report's period and why it is that month:
 * `period 2026-11 (newest month with a completed task; 1 task of 2026-12 is newer)`.
 */
export function formatPeriodLine(comparison: ModelComparison): string | null {
  if (comparison.period === null) return null;
  return comparison.periodReason === null
    ? `period ${comparison.period}`
    : `period ${comparison.period} (${comparison.periodReason})`;
}

/** A warning when the report's period had not ended when the run started; null otherwise. */
export function formatOpenPeriodWarning(comparison: ModelComparison): string | null {
  if (comparison.period === null || !comparison.periodOpen) return null;
  return (
    `period ${comparison.period} is not over yet: its models may still be retrained and change; ` +
    'for the month that ended, run with --period previous'
  );
}

/**
 * The lines `--fail-on-regression` prints on stderr: which models fell by the threshold or more, by how
 * much, from what to what.
 */
export function formatRegressionLines(regressions: readonly ModelEntry[], delta: number): string[] {
  if (regressions.length === 0) {
    return [];
  }
  const named = regressions.map(
    (entry) =>
      `${formatTerminalText(entry.model)} ${formatChange(entry.auroc_change ?? 0)} (${entry.previous_period} ${entry.auroc_previous?.toFixed(4)} → ${entry.auroc?.toFixed(4)})`,
  );
  const models = regressions.length === 1 ? 'model' : 'models';
  return [
    `regression: ${regressions.length} ${models} fell by at least ${delta} (--fail-on-regression): ${named.join('; ')}`,
  ];
}
