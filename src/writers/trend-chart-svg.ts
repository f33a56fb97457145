import type { ModelComparison, ModelEntry, Trend } from '../models/model-entry.js';
import { formatChange } from '../models/describe-models.js';
import { fillLabel } from '../templates/fill-label.js';
import type { Template } from '../templates/template.js';
import { truncateToUnits, type ChartStyle, type RenderedSvg } from './chart-svg.js';
import { EMPTY_HTML, markup, type SafeHtml } from './safe-html.js';
import { selectShownPeriods } from './model-text.js';

/** Small multiples: one panel per model, this many across. */
const PANELS_ACROSS = 4;
/** More models than this are left to the table: the chart shows the best of them. */
export const TREND_CHART_MAX_MODELS = 24;
/** Periods drawn per panel, the newest. */
const TREND_CHART_PERIODS = 12;
const PANEL_WIDTH_PX = 196;
const PANEL_HEIGHT_PX = 118;
const GAP_PX = 12;
const PADDING_PX = 16;
const TITLE_FONT_PX = 18;
const NAME_FONT_PX = 12;
const SMALL_FONT_PX = 10;
/** Widest model name in a panel, in Latin-character units (a Hangul syllable counts 2). */
const MAX_NAME_UNITS = 27;
const TEXT_COLOUR = '#1f2933';
const MUTED_COLOUR = '#5f6b7a';
const FRAME_COLOUR = '#d9dee5';
const LINE_COLOURS: Readonly<Record<Trend, string>> = {
  improved: '#1e7b34',
  regressed: '#c0392b',
  unchanged: '#3b73b9',
  new: '#3b73b9',
  failed: '#9c5700',
  unfinished: '#9c5700',
  not_retrained: '#7b8794',
};

/**
 * AUROC by period for every model, as small multiples: one panel per model (best AUROC in the period
 * first, as the Models table), its periods left to right (the last 12), the report's period marked,
 * the value and the change written beside the name. All panels share one y range, from the lowest to
 * the highest AUROC shown, widened to whole twentieths and kept within 0–1 whatever a task reports,
 * so panels compare at a glance and an absurd value cannot stretch the axis. Null when no model has
 * two points or one to draw. Pure; every text escaped.
 */
export function renderTrendChartSvg(
  models: ModelComparison,
  template: Template,
  style: Pick<ChartStyle, 'fontFamily' | 'omitPictographs'>,
): RenderedSvg | null {
  const periods = selectShownPeriods(models, TREND_CHART_PERIODS);
  const shown = models.models
    .filter((entry) => periods.some((period) => isDrawable(entry.periods[period])))
    .slice(0, TREND_CHART_MAX_MODELS);
  if (shown.length === 0 || models.period === null) {
    return null;
  }
  const values = shown.flatMap((entry) => periods.map((period) => entry.periods[period]).filter(isDrawable));
  const low = Math.max(0, Math.floor(Math.min(...values) * 20) / 20);
  const high = Math.min(1, Math.max(low + 0.05, Math.ceil(Math.max(...values) * 20) / 20));

  const across = Math.min(PANELS_ACROSS, shown.length);
  const down = Math.ceil(shown.length / PANELS_ACROSS);
  const top = PADDING_PX + TITLE_FONT_PX + 8;
  const width = PADDING_PX * 2 + across * PANEL_WIDTH_PX + (across - 1) * GAP_PX;
  const height = top + down * PANEL_HEIGHT_PX + (down - 1) * GAP_PX + PADDING_PX;
  const title = fillLabel(template.labels.trendChartTitle, { period: models.period });
  const parts: SafeHtml[] = [
    markup`<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    markup`<text x="${PADDING_PX}" y="${PADDING_PX + TITLE_FONT_PX - 4}" font-size="${TITLE_FONT_PX}" font-weight="bold" fill="${TEXT_COLOUR}">${title}</text>`,
  ];
  shown.forEach((entry, index) => {
    const x = PADDING_PX + (index % PANELS_ACROSS) * (PANEL_WIDTH_PX + GAP_PX);
    const y = top + Math.floor(index / PANELS_ACROSS) * (PANEL_HEIGHT_PX + GAP_PX);
    const trendLabel = template.trendLabels[entry.trend];
    parts.push(renderPanel(entry, periods, models.period ?? '', { x, y, low, high }, style, trendLabel));
  });
  const svg = markup`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${style.fontFamily}" role="img" aria-label="${title}">${parts}</svg>`;
  return { svg: svg.toString(), markup: svg, width, height };
}

function isDrawable(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;
}

interface PanelBox {
  x: number;
  y: number;
  low: number;
  high: number;
}

function renderPanel(
  entry: ModelEntry,
  periods: readonly string[],
  reportPeriod: string,
  box: PanelBox,
  style: Pick<ChartStyle, 'omitPictographs'>,
  trendLabel: string,
): SafeHtml {
  const colour = LINE_COLOURS[entry.trend];
  const plotLeft = box.x + 8;
  const plotRight = box.x + PANEL_WIDTH_PX - 8;
  const plotTop = box.y + 40;
  const plotBottom = box.y + PANEL_HEIGHT_PX - 18;
  const xOf = (index: number): number =>
    periods.length === 1
      ? (plotLeft + plotRight) / 2
      : plotLeft + ((plotRight - plotLeft) * index) / (periods.length - 1);
  const yOf = (value: number): number =>
    plotBottom - ((plotBottom - plotTop) * (value - box.low)) / (box.high - box.low);
  const name = style.omitPictographs
    ? entry.model.replace(/\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200D|\uFE0F/gu, '')
    : entry.model;
  // Without a value in the period the panel says why: failed, not retrained, unfinished.
  const value = entry.auroc === null ? `— ${trendLabel}` : entry.auroc.toFixed(4);
  const change = entry.auroc_change === null ? '' : ` (${formatChange(entry.auroc_change)})`;
  const parts: SafeHtml[] = [
    markup`<rect x="${box.x}" y="${box.y}" width="${PANEL_WIDTH_PX}" height="${PANEL_HEIGHT_PX}" rx="4" fill="#fbfcfd" stroke="${FRAME_COLOUR}"/>`,
    markup`<text x="${box.x + 8}" y="${box.y + 16}" font-size="${NAME_FONT_PX}" font-weight="bold" fill="${TEXT_COLOUR}">${truncateToUnits(name, MAX_NAME_UNITS)}</text>`,
    markup`<text x="${box.x + 8}" y="${box.y + 31}" font-size="${SMALL_FONT_PX + 1}" fill="${colour}">${value + change}</text>`,
  ];
  // The shared range, faintly, so a flat line reads as steady rather than as missing scale.
  parts.push(
    markup`<line x1="${plotLeft}" y1="${round(plotTop)}" x2="${plotRight}" y2="${round(plotTop)}" stroke="${FRAME_COLOUR}" stroke-width="0.6"/>`,
    markup`<line x1="${plotLeft}" y1="${round(plotBottom)}" x2="${plotRight}" y2="${round(plotBottom)}" stroke="${FRAME_COLOUR}" stroke-width="0.6"/>`,
    markup`<text x="${plotRight}" y="${box.y + 31}" font-size="${SMALL_FONT_PX - 1}" text-anchor="end" fill="${MUTED_COLOUR}">${box.low.toFixed(2)}–${box.high.toFixed(2)}</text>`,
  );
  const reportIndex = periods.indexOf(reportPeriod);
  if (reportIndex >= 0) {
    const x = round(xOf(reportIndex));
    parts.push(
      markup`<line x1="${x}" y1="${plotTop - 4}" x2="${x}" y2="${plotBottom}" stroke="${FRAME_COLOUR}" stroke-dasharray="3 2"/>`,
    );
  }
  // A line through consecutive periods that have a value; a gap (no completed task) breaks it.
  let path = '';
  let drawing = false;
  periods.forEach((period, index) => {
    const point = entry.periods[period];
    if (isDrawable(point)) {
      path += `${drawing ? 'L' : 'M'}${round(xOf(index))} ${round(yOf(point))}`;
      drawing = true;
    } else {
      drawing = false;
    }
  });
  if (path !== '') {
    parts.push(markup`<path d="${path}" fill="none" stroke="${colour}" stroke-width="2"/>`);
  }
  periods.forEach((period, index) => {
    const point = entry.periods[period];
    if (isDrawable(point)) {
      const radius = period === reportPeriod ? 3.5 : 2.2;
      parts.push(
        markup`<circle cx="${round(xOf(index))}" cy="${round(yOf(point))}" r="${radius}" fill="${colour}"/>`,
      );
    }
  });
  const first = periods[0] ?? '';
  const last = periods[periods.length - 1] ?? '';
  parts.push(
    markup`<text x="${plotLeft}" y="${box.y + PANEL_HEIGHT_PX - 5}" font-size="${SMALL_FONT_PX}" fill="${MUTED_COLOUR}">${first}</text>`,
  );
  if (last !== first) {
    parts.push(
      markup`<text x="${plotRight}" y="${box.y + PANEL_HEIGHT_PX - 5}" font-size="${SMALL_FONT_PX}" text-anchor="end" fill="${MUTED_COLOUR}">${last}</text>`,
    );
  }
  return markup`<g>${parts}</g>`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

const SPARK_WIDTH_PX = 96;
const SPARK_HEIGHT_PX = 24;

/**
 * A sparkline of one model's AUROC over the given periods (inline SVG for the page's Models table),
 * scaled to the model's own range so a small move is visible; the last point is marked. Values outside
 * 0–1 are left out. Empty when the model has no value to draw.
 */
export function renderSparklineSvg(entry: ModelEntry, periods: readonly string[]): SafeHtml {
  const points = periods
    .map((period, index) => ({ index, value: entry.periods[period] }))
    .filter((point): point is { index: number; value: number } => isDrawable(point.value));
  if (points.length === 0) {
    return EMPTY_HTML;
  }
  const values = points.map((point) => point.value);
  const low = Math.min(...values);
  const high = Math.max(...values);
  const span = high - low < 0.01 ? 0.01 : high - low;
  const middle = (low + high) / 2;
  const xOf = (index: number): number =>
    periods.length === 1 ? SPARK_WIDTH_PX / 2 : 3 + ((SPARK_WIDTH_PX - 6) * index) / (periods.length - 1);
  const yOf = (value: number): number =>
    SPARK_HEIGHT_PX / 2 - ((SPARK_HEIGHT_PX - 6) * (value - middle)) / span;
  const path = points
    .map((point, i) => `${i === 0 ? 'M' : 'L'}${round(xOf(point.index))} ${round(yOf(point.value))}`)
    .join('');
  const last = points[points.length - 1] as { index: number; value: number };
  const colour = LINE_COLOURS[entry.trend];
  const label = points.map((point) => `${periods[point.index] ?? ''}: ${point.value.toFixed(4)}`).join(', ');
  return markup`<svg class="spark" width="${SPARK_WIDTH_PX}" height="${SPARK_HEIGHT_PX}" viewBox="0 0 ${SPARK_WIDTH_PX} ${SPARK_HEIGHT_PX}" role="img" aria-label="${label}"><title>${label}</title><path d="${path}" fill="none" stroke="${colour}" stroke-width="1.6"/><circle cx="${round(xOf(last.index))}" cy="${round(yOf(last.value))}" r="2.4" fill="${colour}"/></svg>`;
}
