import { UNCHANGED_BELOW, type ModelComparison, type ModelEntry } from '../models/model-entry.js';
import { isNotableChange } from '../models/compute-model-change.js';
import { classifyStatus } from '../report/status-tone.js';
import { fillLabel } from '../templates/fill-label.js';
import type { Template } from '../templates/template.js';
import { labelField, labelStatus } from './column-labels.js';
import {
  describeMeanChange,
  describeModelCounts,
  labelTrend,
  selectShownPeriods,
  TREND_TONES,
} from './model-text.js';
import {
  EMPTY_CELL,
  NUMBER_FORMATS,
  toAurocCell,
  toNumberCell,
  toTextCell,
  type CellContent,
} from './xlsx-cells.js';
import { blankLine, type SheetLine } from './xlsx-lines.js';

/** The Why column wraps its text at this width, so the columns after it stay on screen. */
const WHY_WIDTH_CHARS = 44;

/** The Models sheet shows this many period columns at most, the newest. */
export const MODELS_SHEET_PERIODS = 12;

export interface ModelsSheetLines {
  lines: SheetLine[];
  /** Row number of the table's header (1-based). */
  headerRow: number;
  /** How many columns the table has. */
  columns: number;
  /** How many model rows follow the header. */
  rows: number;
}

/**
 * The Models sheet: a title with the period and the counts per trend, then one row per model (best
 * AUROC in the period first): model, trend, AUROC in the period, the previous AUROC and its period,
 * the change (green up, red down), why it moved (amber when the data changed by 20 % or more, or a
 * feature or ground-truth file changed), the best AUROC and its period, the latest status, the runs
 * in the period, then one AUROC column per period, oldest to newest (the last 12). Every number a
 * typed cell. Pure.
 */
export function buildModelsLines(models: ModelComparison, template: Template): ModelsSheetLines {
  const { labels } = template;
  const period = models.period ?? '';
  const lines: SheetLine[] = [
    { style: 'title', cells: [toTextCell(fillLabel(labels.modelsTitle, { period }))] },
    {
      style: 'body',
      cells: [toTextCell(labels.models), toTextCell(describeModelCounts(models, template))],
    },
    blankLine(),
  ];
  if (models.models.length === 0) {
    lines.push({ style: 'body', cells: [toTextCell(labels.noModels)] });
    return { lines, headerRow: lines.length, columns: 1, rows: 0 };
  }
  const periods = selectShownPeriods(models, MODELS_SHEET_PERIODS);
  const header = [
    labelField(template, 'model'),
    labels.trend,
    fillLabel(labels.aurocInPeriod, { period }),
    labels.previousAuroc,
    labels.previousPeriod,
    labels.aurocChange,
    labels.why,
    labels.bestAuroc,
    labels.bestPeriod,
    labels.latestStatus,
    labels.runs,
    ...periods,
  ];
  lines.push({ style: 'header', cells: header.map((text) => toTextCell(text)) });
  const headerRow = lines.length;
  for (const entry of models.models) {
    lines.push({ style: 'body', cells: buildModelCells(entry, periods, template) });
  }
  return { lines, headerRow, columns: header.length, rows: models.models.length };
}

function buildModelCells(entry: ModelEntry, periods: readonly string[], template: Template): CellContent[] {
  const change =
    entry.auroc_change === null
      ? EMPTY_CELL
      : {
          ...toNumberCell(entry.auroc_change, NUMBER_FORMATS.aurocDelta),
          ...(entry.trend === 'improved' || entry.trend === 'regressed'
            ? { tone: TREND_TONES[entry.trend] }
            : {}),
        };
  return [
    toTextCell(entry.model),
    toTextCell(labelTrend(template, entry.trend), { tone: TREND_TONES[entry.trend] }),
    toAurocCell(entry.auroc),
    toAurocCell(entry.auroc_previous),
    toTextCell(entry.previous_period),
    change,
    // A large data change or a new feature or ground truth is what a reader should look at first.
    {
      ...toTextCell(entry.why, { wrap: true, ...(isNotableChange(entry) ? { tone: 'busy' as const } : {}) }),
      maxWidth: WHY_WIDTH_CHARS,
    },
    toAurocCell(entry.auroc_best),
    toTextCell(entry.best_period),
    entry.latest_status === null
      ? EMPTY_CELL
      : toTextCell(labelStatus(template, entry.latest_status), { tone: classifyStatus(entry.latest_status) }),
    toNumberCell(entry.runs, NUMBER_FORMATS.count),
    ...periods.map((period) => toAurocCell(entry.periods[period] ?? null)),
  ];
}

/**
 * The Summary's model lines: the period and why it is that month, the counts per trend, the mean AUROC
 * change over the models with an AUROC in both months (like for like), and the mean AUROC of every
 * model of the period, labelled as such. Two means over different sets of models are never subtracted.
 */
export function buildModelSummaryLines(models: ModelComparison, template: Template): SheetLine[] {
  const { labels } = template;
  if (models.period === null) {
    return [];
  }
  const period: CellContent[] = [toTextCell(labels.period), toTextCell(models.period)];
  if (models.periodReason !== null) period.push(toTextCell(models.periodReason));
  if (models.periodOpen) period.push(toTextCell(labels.periodNotOver, { tone: 'bad' }));
  const lines: SheetLine[] = [
    { style: 'heading', cells: [toTextCell(labels.models)] },
    { style: 'body', cells: period },
    {
      style: 'body',
      cells: [toTextCell(labels.models), toTextCell(describeModelCounts(models, template))],
    },
  ];
  if (models.meanChange !== null && models.previousPeriod !== null) {
    const change = models.meanChange;
    lines.push({
      style: 'body',
      cells: [
        toTextCell(labels.meanChange),
        {
          ...toNumberCell(change, NUMBER_FORMATS.aurocDelta),
          alignLeft: true,
          ...(Math.abs(change) >= UNCHANGED_BELOW ? { tone: change > 0 ? 'good' : 'bad' } : {}),
        },
        toTextCell(describeMeanChange(models, template)),
      ],
    });
  }
  if (models.mean !== null) {
    lines.push({
      style: 'body',
      cells: [
        toTextCell(fillLabel(labels.meanAllModels, { period: models.period })),
        { ...toAurocCell(models.mean), alignLeft: true },
      ],
    });
  }
  return lines;
}
