import type { ChartBars } from '../report/select-chart-bars.js';
import { computeDisplayWidth } from './display-width.js';
import { markup, type SafeHtml } from './safe-html.js';

export interface ChartText {
  /** Drawn at the top; null when the page around the chart already has a heading. Also the SVG's label. */
  title: string | null;
  /** Names the chart for screen readers when it has no title. */
  description: string;
  /** A line under the title, e.g. "Best 30 of 120 tasks"; null for none. */
  subtitle: string | null;
  /** Shown instead of bars when no task has an AUROC. */
  empty: string;
}

export interface ChartStyle {
  /** CSS font-family list for every text of the chart. */
  fontFamily: string;
  /**
   * Drop emoji from task labels: the bundled font has none, and resvg would draw a box for each. The
   * HTML page keeps them (browsers fall back to an emoji font).
   */
  omitPictographs: boolean;
}

export interface RenderedSvg {
  /** The SVG document as text, for the PNG renderer (chart-png.ts). */
  svg: string;
  /** The same document as markup, to inline in the HTML page. */
  markup: SafeHtml;
  /** Size in CSS pixels. */
  width: number;
  height: number;
}

/** Chart geometry, in CSS pixels. */
const CHART_WIDTH_PX = 800;
const PADDING_PX = 16;
const TITLE_FONT_PX = 18;
const SUBTITLE_FONT_PX = 13;
const LABEL_FONT_PX = 13;
const ROW_PITCH_PX = 26;
const BAR_HEIGHT_PX = 18;
const VALUE_ROOM_PX = 64;
const AXIS_ROOM_PX = 30;
/** Widest task label, in Latin-character units (a Hangul syllable counts 2); longer ones end in `…`. */
const MAX_LABEL_UNITS = 40;
/** Average advance of one Latin-character unit, as a share of the font size (Noto Sans: ~0.55 em). */
const EM_PER_UNIT = 0.55;
const BAR_COLOUR = '#3b73b9';
const GRID_COLOUR = '#d9dee5';
const TEXT_COLOUR = '#1f2933';
const MUTED_COLOUR = '#5f6b7a';
/** Emoji and the joiners, selectors and skin-tone modifiers that build them. */
const PICTOGRAPHS = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200D|\uFE0F/gu;

/**
 * A horizontal bar chart of AUROC per task, best first, as standalone SVG: one bar per task, its name
 * on the left (cut with `…` when too long), the value at the bar's end, a 0.1-step axis from 0.5
 * (chance) or lower up to 1. Every text is escaped. Pure and deterministic, so it can be a golden file
 * and rendered to PNG with a bundled font (chart-png.ts) or inlined in the HTML page.
 */
export function renderAurocChartSvg(data: ChartBars, text: ChartText, style: ChartStyle): RenderedSvg {
  const labels = data.bars.map((bar) => {
    const label = style.omitPictographs ? bar.label.replace(PICTOGRAPHS, '') : bar.label;
    return truncateToUnits(label.trim() === '' ? bar.taskId : label, MAX_LABEL_UNITS);
  });
  const widestLabel = Math.max(0, ...labels.map((label) => computeDisplayWidth(label)));
  const labelWidth = clamp(Math.ceil(widestLabel * LABEL_FONT_PX * EM_PER_UNIT), 80, 340);

  const titleBaseline = text.title === null ? PADDING_PX - 8 : PADDING_PX + TITLE_FONT_PX;
  const subtitleBaseline = titleBaseline + 8 + SUBTITLE_FONT_PX;
  const plotTop = (text.subtitle === null ? titleBaseline : subtitleBaseline) + 16;
  const barsLeft = PADDING_PX + labelWidth + 10;
  const barsWidth = CHART_WIDTH_PX - barsLeft - VALUE_ROOM_PX;
  const plotHeight = Math.max(1, data.bars.length) * ROW_PITCH_PX;
  const height = plotTop + plotHeight + AXIS_ROOM_PX + PADDING_PX;

  const parts: SafeHtml[] = [];
  parts.push(markup`<rect width="${CHART_WIDTH_PX}" height="${height}" fill="#ffffff"/>`);
  if (text.title !== null) {
    parts.push(
      markup`<text x="${PADDING_PX}" y="${titleBaseline}" font-size="${TITLE_FONT_PX}" font-weight="bold" fill="${TEXT_COLOUR}">${text.title}</text>`,
    );
  }
  if (text.subtitle !== null) {
    parts.push(
      markup`<text x="${PADDING_PX}" y="${subtitleBaseline}" font-size="${SUBTITLE_FONT_PX}" fill="${MUTED_COLOUR}">${text.subtitle}</text>`,
    );
  }

  if (data.bars.length === 0) {
    parts.push(
      markup`<text x="${PADDING_PX}" y="${plotTop + LABEL_FONT_PX}" font-size="${LABEL_FONT_PX}" fill="${MUTED_COLOUR}">${text.empty}</text>`,
    );
  } else {
    const [low, high] = computeDomain(data.bars.map((bar) => bar.auroc));
    const toX = (value: number): number =>
      barsLeft + ((clamp(value, low, high) - low) / (high - low)) * barsWidth;
    const axisY = plotTop + plotHeight;
    for (const tick of computeTicks(low, high)) {
      const x = round(toX(tick));
      parts.push(
        markup`<line x1="${x}" y1="${plotTop}" x2="${x}" y2="${axisY}" stroke="${GRID_COLOUR}" stroke-width="1"/>`,
        markup`<text x="${x}" y="${axisY + 18}" font-size="12" fill="${MUTED_COLOUR}" text-anchor="middle">${tick.toFixed(1)}</text>`,
      );
    }
    data.bars.forEach((bar, index) => {
      const top = plotTop + index * ROW_PITCH_PX + (ROW_PITCH_PX - BAR_HEIGHT_PX) / 2;
      const baseline = round(top + BAR_HEIGHT_PX / 2 + LABEL_FONT_PX * 0.35);
      const end = toX(bar.auroc);
      const tooltip = `${bar.label} (${bar.taskId}): ${bar.auroc}`;
      const label = labels[index] ?? '';
      const width = round(Math.max(1, end - barsLeft));
      const valueX = round(Math.max(end, barsLeft) + 6);
      parts.push(
        markup`<g><title>${tooltip}</title><text x="${barsLeft - 8}" y="${baseline}" font-size="${LABEL_FONT_PX}" fill="${TEXT_COLOUR}" text-anchor="end">${label}</text><rect x="${barsLeft}" y="${round(top)}" width="${width}" height="${BAR_HEIGHT_PX}" rx="2" fill="${BAR_COLOUR}"/><text x="${valueX}" y="${baseline}" font-size="12" fill="${TEXT_COLOUR}">${bar.auroc.toFixed(4)}</text></g>`,
      );
    });
    parts.push(
      markup`<line x1="${barsLeft}" y1="${plotTop}" x2="${barsLeft}" y2="${axisY}" stroke="${MUTED_COLOUR}" stroke-width="1"/>`,
    );
  }

  const svg = markup`<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH_PX}" height="${height}" viewBox="0 0 ${CHART_WIDTH_PX} ${height}" font-family="${style.fontFamily}" role="img" aria-label="${text.title ?? text.description}">${parts}</svg>`;
  return { svg: svg.toString(), markup: svg, width: CHART_WIDTH_PX, height };
}

/**
 * The axis range: from 0.5 (a model no better than chance) or lower, to 1, widened to whole tenths.
 * Only values inside 0–1 count: an out-of-range AUROC (kept in the cells with a warning) is drawn at
 * the axis end, so a `1e7` can never stretch the axis into millions of ticks.
 */
export function computeDomain(values: readonly number[]): [number, number] {
  const inRange = values.filter((value) => value >= 0 && value <= 1);
  const lowest = inRange.length === 0 ? 0.5 : Math.min(...inRange);
  return [Math.min(0.5, Math.floor(lowest * 10) / 10), 1];
}

function computeTicks(low: number, high: number): number[] {
  const step = high - low > 1 ? 0.2 : 0.1;
  const ticks: number[] = [];
  for (let index = 0; low + index * step <= high + 1e-9; index += 1) {
    ticks.push(Math.round((low + index * step) * 10) / 10);
  }
  return ticks;
}

const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The text cut to at most `maxUnits` display units, ending in `…` when cut. */
export function truncateToUnits(text: string, maxUnits: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  if (computeDisplayWidth(oneLine) <= maxUnits) {
    return oneLine;
  }
  // By grapheme, so an emoji with its modifiers or a letter with its accent is kept or cut whole.
  let kept = '';
  for (const { segment } of GRAPHEMES.segment(oneLine)) {
    if (computeDisplayWidth(kept + segment) > maxUnits - 1) {
      break;
    }
    kept += segment;
  }
  return `${kept.trimEnd()}…`;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
