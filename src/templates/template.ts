import type { ModelKey } from '../models/model-naming.js';
import type { Trend } from '../models/model-entry.js';
import type { ReportField } from '../core/report-field.js';
import type { SortKey, TemplateLanguage } from '../core/template-types.js';

/** The sheets a workbook can have; each template names them in its language. */
export const SHEET_KEYS = ['tasks', 'summary', 'models', 'errors', 'changes'] as const;
export type SheetKey = (typeof SHEET_KEYS)[number];

/**
 * Every text a report prints besides column headers and status names. `{count}`, `{shown}`,
 * `{total}` and `{date}` are replaced where the line says so (see the bundled templates).
 */
export const LABEL_KEYS = [
  'title',
  'run',
  'generatedAt',
  'endpoint',
  'requested',
  'fetched',
  'fetchErrors',
  'comparedWith',
  'byStatus',
  'status',
  'tasks',
  'aurocSection',
  'aurocCount',
  'best',
  'worst',
  'mean',
  'median',
  'spread',
  'noAuroc',
  'leaderboard',
  'rank',
  'failedTasks',
  'hint',
  'noFailedTasks',
  'moreFailedTasks',
  'chartTitle',
  'chartShown',
  'chartUnavailable',
  'chartOnPage',
  'changesTitle',
  'changesCounts',
  'change',
  'changeCompared',
  'changeNew',
  'changeGone',
  'changeStatus',
  'changeAuroc',
  'noChanges',
  'errorReason',
  'sortHint',
  'tableShown',
  'period',
  'models',
  'modelsTitle',
  'modelsCount',
  'trend',
  'aurocInPeriod',
  'previousAuroc',
  'previousPeriod',
  'aurocChange',
  'why',
  'runs',
  'bestAuroc',
  'bestPeriod',
  'latestStatus',
  'latestTask',
  'modelTasks',
  'meanAuroc',
  'meanChange',
  'meanChangeDetail',
  'meanAllModels',
  'periodNotOver',
  'trendChartTitle',
  'noModels',
  'history',
  'reportWritten',
] as const;
export type LabelKey = (typeof LABEL_KEYS)[number];

/** Status values of the API (docs/api.md "Get task") plus the two buckets of the summary. */
export const STATUS_KEYS = [
  'registered',
  'pending',
  'in_progress',
  'completed',
  'failed',
  '(none)',
  '(fetch error)',
] as const;

export interface TemplateColumn {
  field: ReportField;
  /** Header of the column in the workbook and the HTML page (and the CSV when it follows the template). */
  label: string;
  /** Excel number format (ECMA-376 §18.8.31); null → the default for the field's kind. */
  format: string | null;
  /** Width in characters of the default font; null → fitted to the content. */
  width: number | null;
  /** A hidden column is still in the workbook (hidden), but not on the HTML page or the templated CSV. */
  visible: boolean;
}

/** The workbook's font: every styled cell names it, so no spreadsheet falls back to a serif face. */
export interface TemplateFont {
  name: string;
  /** Points. */
  size: number;
}

/** How the template names models; null → not set here (flags, then the defaults, decide). */
export interface TemplateModels {
  key: ModelKey | null;
  pattern: string | null;
  /** Renamed models, old name → new name; empty when the template gives none. */
  aliases: Record<string, string>;
}

export interface CsvLayout {
  /** false (default): the CSV keeps the machine contract, REPORT_COLUMNS exactly. */
  followTemplate: boolean;
  /** When following the template: header row of field names (default) or of labels. */
  header: 'field' | 'label';
}

/** A report layout, read from templates/NAME.json or a user's file (see README.md). */
export interface Template {
  name: string;
  language: TemplateLanguage;
  /** Tasks sheet / HTML table columns, in order. Comparison columns show only with --compare. */
  columns: TemplateColumn[];
  /** Order of the Tasks sheet and the HTML table; empty → input order. Ties keep input order. */
  sort: SortKey[];
  sheets: Record<SheetKey, string>;
  labels: Record<LabelKey, string>;
  /** Display names of status values; a status not listed is shown as is. */
  statusLabels: Record<string, string>;
  /** Troubleshooting hints by fail_message code, overriding the bundled ones. */
  hints: Record<string, string>;
  /** Display names of the model trends (`improved` → `▲ improved`). */
  trendLabels: Record<Trend, string>;
  models: TemplateModels;
  font: TemplateFont;
  csv: CsvLayout;
}
