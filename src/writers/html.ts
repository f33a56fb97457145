import { writeFile } from 'node:fs/promises';
import { formatChange } from '../models/describe-models.js';
import { isNotableChange } from '../models/compute-model-change.js';
import { TRENDS, UNCHANGED_BELOW, type ModelEntry } from '../models/model-entry.js';
import type { Change } from '../core/comparison.js';
import { formatNumber } from '../report/format-number.js';
import { toEpochMs } from '../report/parse-wall-clock.js';
import { fieldKind, type FieldValue } from '../core/report-field.js';
import { sortRows } from '../report/sort-rows.js';
import { classifyStatus, type StatusTone } from '../report/status-tone.js';
import { STATUS_FETCH_ERROR } from '../report/summarise.js';
import { lookupTroubleshootingHint } from '../report/troubleshooting.js';
import { fillLabel } from '../templates/fill-label.js';
import type { Template, TemplateColumn } from '../templates/template.js';
import { writeFileAtomic } from './atomic-write.js';
import { labelField, labelStatus } from './column-labels.js';
import {
  describeChangeCounts,
  describeChangesTitle,
  describePreviousDate,
  labelChangeKind,
} from './comparison-text.js';
import { HTML_SCRIPT, HTML_STYLE } from './html-assets.js';
import { redactUrl } from './redact-url.js';
import { EMPTY_HTML, joinHtml, markup, type SafeHtml } from './safe-html.js';
import {
  describeMeanChange,
  describeModelCounts,
  labelTrend,
  selectShownPeriods,
  TREND_ARROWS,
  TREND_TONES,
} from './model-text.js';
import { renderReportChart } from './report-chart.js';
import { renderSparklineSvg } from './trend-chart-svg.js';
import { createFieldReader, selectColumns, type ReportDocument } from './report-document.js';
import { defaultNumberFormat, NUMBER_FORMATS, toFieldCell } from './xlsx-cells.js';

/**
 * Most task rows the page lists: a phone cannot scroll a 100,000-row table, and the CSV and workbook
 * hold every row. The page says when it shows fewer.
 */
export const HTML_MAX_ROWS = 5_000;

/** Fonts of the inline chart: the viewer's system fonts, Korean ones included where installed. */
const CHART_FONT_STACK =
  'system-ui, -apple-system, "Segoe UI", "Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans KR", sans-serif';

/**
 * Forbids every network request at view time: the page is self-contained (inline style, script and
 * SVG), and this makes that a promise a browser enforces.
 */
const CONTENT_SECURITY_POLICY = markup`default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:`;

/** IDs are read whole: they do not wrap. */
const ID_FIELDS = new Set(['task_id', 'train_feature_id', 'test_feature_id']);

interface HtmlCell {
  html: SafeHtml;
  /** Sort key for numbers and dates; '' for an empty cell. Text sorts by what it shows. */
  sortValue?: string;
  className?: string;
}

/**
 * One self-contained HTML page (see README.md): run facts, status and AUROC cards, the AUROC
 * chart as inline SVG, the leaderboard, failed tasks with their hint, the changes (with `--compare`)
 * and a sortable table of the tasks in the template's columns and order. Built with the `markup` tag
 * (safe-html.ts), which escapes every text it is given, so task names with `<`, `"`, `&` or
 * formula-looking text show as written. Responsive for a phone. Pure.
 */
export function renderHtml(document: ReportDocument): string {
  const { report, template, comparison } = document;
  const { summary } = report;
  const { labels } = template;
  const chart = renderReportChart(document, { fontFamily: CHART_FONT_STACK, omitPictographs: false }, false);
  const generatedAt = describeInstant(summary.facts.generatedAt);

  const facts: Array<[string, string]> = [
    [labels.generatedAt, generatedAt],
    [labels.endpoint, redactUrl(summary.facts.endpoint)],
  ];
  if (comparison !== null) {
    facts.push([labels.comparedWith, `${comparison.previous.source} (${describePreviousDate(comparison)})`]);
  }

  // The monthly answer first (the models), then the tasks, then what changed and what failed, then
  // the statistics of the run.
  const sections: SafeHtml[] = [...renderModelSections(document), renderTasksSection(document)];
  if (comparison !== null) sections.push(renderChangesSection(comparison, template));
  sections.push(
    renderFailedSection(document),
    renderOverviewSection(document),
    renderAurocSection(document),
    markup`<section id="chart" class="chart"><h2>${labels.chartTitle}</h2>${chart.markup}</section>`,
  );
  if (summary.top.length > 0) sections.push(renderLeaderboardSection(document));

  const factList = facts.map(([name, value]) => markup`<dt>${name}</dt><dd>${value}</dd>`);
  return markup`<!doctype html>
<html lang="${template.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="generator" content="nclue-report">
<title>${`${labels.title} — ${generatedAt}`}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<header><h1>${labels.title}</h1><dl class="facts">${factList}</dl></header>
<main>${joinHtml(sections, '\n')}</main>
<script>${HTML_SCRIPT}</script>
</body>
</html>
`.toString();
}

function renderChangesSection(
  comparison: NonNullable<ReportDocument['comparison']>,
  template: Template,
): SafeHtml {
  return markup`<section id="changes"><h2>${describeChangesTitle(comparison, template)}</h2><p class="note">${describeChangeCounts(comparison, template)}</p>${renderChanges(comparison.changes, template)}</section>`;
}

/** Tasks requested and fetched, and tasks by status; fetch errors are counted among the statuses, as "(fetch error)". */
function renderOverviewSection({ report, template }: ReportDocument): SafeHtml {
  const { summary } = report;
  const { labels } = template;
  const cards: SafeHtml[] = [
    card(labels.requested, formatCount(summary.facts.requested)),
    card(labels.fetched, formatCount(summary.facts.fetched)),
    ...summary.statusCounts.map(({ status, count }) =>
      card(labelStatus(template, status), formatCount(count), toneOf(status)),
    ),
  ];
  return markup`<section id="overview"><h2>${labels.byStatus}</h2><ul class="cards">${cards}</ul></section>`;
}

function renderAurocSection({ report, template }: ReportDocument): SafeHtml {
  const { auroc } = report.summary;
  const { labels } = template;
  const aurocCards =
    auroc === null
      ? markup`<p class="note">${labels.noAuroc}</p>`
      : markup`<ul class="cards">${[
          card(labels.aurocCount, formatCount(auroc.count)),
          card(labels.best, formatAuroc(auroc.best)),
          card(labels.worst, formatAuroc(auroc.worst)),
          card(labels.mean, formatAuroc(auroc.mean)),
          card(labels.median, formatAuroc(auroc.median)),
          card(labels.spread, formatAuroc(auroc.stdDev)),
        ]}</ul>`;
  return markup`<section id="auroc"><h2>${labels.aurocSection}</h2>${aurocCards}</section>`;
}

/** The best tasks by AUROC (the caller leaves the section out when no task has one). */
function renderLeaderboardSection({ report, template }: ReportDocument): SafeHtml {
  const { top } = report.summary;
  const { labels } = template;
  return markup`<section id="leaderboard"><h2>${fillLabel(labels.leaderboard, { count: top.length })}</h2>${renderTable(
    'leaderboard-table',
    [
      { label: labels.rank, numeric: true },
      { label: labelField(template, 'task_name') },
      { label: labelField(template, 'auroc'), numeric: true },
      { label: labelField(template, 'train_feature_name') },
      { label: labelField(template, 'disk_usage_bytes') },
      { label: labelField(template, 'task_id') },
    ],
    top.map((row, index) => [
      numberCell(row.auroc_rank ?? index + 1, NUMBER_FORMATS.count),
      textCell(row.task_name),
      numberCell(row.auroc, NUMBER_FORMATS.auroc),
      textCell(row.train_feature_name),
      { ...textCell(row.disk_usage), sortValue: sortKey(row.disk_usage_bytes), className: 'num' },
      { ...textCell(row.task_id), className: 'id' },
    ]),
    false,
  )}</section>`;
}

/** Writes the page to `path`, atomically (see writeFileAtomic). */
export async function writeHtml(path: string, document: ReportDocument): Promise<void> {
  const html = renderHtml(document);
  await writeFileAtomic(path, (tempPath) => writeFile(tempPath, html, 'utf8'));
}

/** Most models the page's Models table draws a sparkline for, and the periods each shows. */
const SPARKLINE_PERIODS = 12;

/**
 * The monthly answer, first on the page: cards with the period (and why), the model counts per trend,
 * the mean AUROC change over the models in both months and the mean of the period, then the Models table (name, trend arrow, AUROC, change,
 * sparkline of its periods). Nothing when no task names a period.
 */
function renderModelSections(document: ReportDocument): SafeHtml[] {
  const models = document.models ?? null;
  const { template } = document;
  const { labels } = template;
  if (models === null || models.period === null) {
    return [];
  }
  // The period and why it is that month; a month not over yet is flagged.
  const why = [models.periodReason, models.periodOpen ? labels.periodNotOver : null].filter(
    (text): text is string => text !== null,
  );
  const cards: SafeHtml[] = [
    card(
      fillLabel(labels.modelsTitle, { period: models.period }),
      formatCount(models.models.length),
      models.periodOpen ? 'bad' : 'unknown',
      why.length === 0 ? undefined : why.join(' — '),
    ),
    ...TRENDS.filter((trend) => models.trends[trend] > 0).map((trend) =>
      card(
        `${TREND_ARROWS[trend]} ${labelTrend(template, trend)}`,
        formatCount(models.trends[trend]),
        TREND_TONES[trend],
      ),
    ),
  ];
  // Like for like: the mean change over the models in both months; the mean of every model of P is
  // shown on its own, never subtracted from a mean over another set of models.
  if (models.meanChange !== null && models.previousPeriod !== null) {
    const change = models.meanChange;
    const tone: StatusTone = Math.abs(change) < UNCHANGED_BELOW ? 'unknown' : change > 0 ? 'good' : 'bad';
    cards.push(card(labels.meanChange, formatChange(change), tone, describeMeanChange(models, template)));
  }
  if (models.mean !== null) {
    cards.push(card(fillLabel(labels.meanAllModels, { period: models.period }), formatAuroc(models.mean)));
  }
  const periods = selectShownPeriods(models, SPARKLINE_PERIODS);
  const table =
    models.models.length === 0
      ? markup`<p class="note">${labels.noModels}</p>`
      : renderTable(
          'models-table',
          [
            { label: labelField(template, 'model') },
            { label: labels.trend },
            { label: fillLabel(labels.aurocInPeriod, { period: models.period }), numeric: true },
            { label: labels.aurocChange, numeric: true },
            { label: labels.previousAuroc, numeric: true },
            { label: labels.history },
            { label: labels.latestStatus },
          ],
          models.models.map((entry) => [
            renderModelNameCell(entry),
            {
              html: markup`<span class="badge${TREND_TONES[entry.trend] === 'unknown' ? '' : ` tone-${TREND_TONES[entry.trend]}`}">${`${TREND_ARROWS[entry.trend]} ${labelTrend(template, entry.trend)}`}</span>`,
              sortValue: String(TRENDS.indexOf(entry.trend)),
            },
            numberCell(entry.auroc, NUMBER_FORMATS.auroc),
            deltaCell(entry.auroc_change, NUMBER_FORMATS.aurocDelta),
            {
              ...numberCell(entry.auroc_previous, NUMBER_FORMATS.auroc),
              ...(entry.previous_period === null
                ? {}
                : {
                    html: markup`${formatNumber(entry.auroc_previous ?? 0, NUMBER_FORMATS.auroc)} <small>${entry.previous_period}</small>`,
                  }),
            },
            { html: renderSparklineSvg(entry, periods) },
            statusCell(template, entry.latest_status),
          ]),
          true,
        );
  return [
    markup`<section id="model-overview"><ul class="cards">${cards}</ul></section>`,
    markup`<section id="models"><h2>${fillLabel(labels.modelsTitle, { period: models.period })}</h2><p class="note">${`${labels.models}: ${describeModelCounts(models, template)}`}</p>${table}</section>`,
  ];
}

/**
 * The model's name, and under it why it moved (amber when the data changed by 20 % or more or a
 * feature or ground-truth file changed). Sorted by the name alone.
 */
function renderModelNameCell(entry: ModelEntry): HtmlCell {
  if (entry.why === '') {
    return textCell(entry.model);
  }
  const tone = isNotableChange(entry) ? ' tone-busy' : '';
  return {
    html: markup`${entry.model}<span class="why${tone}">${entry.why}</span>`,
    sortValue: entry.model,
  };
}

function renderFailedSection(document: ReportDocument): SafeHtml {
  const { report, template } = document;
  const { summary } = report;
  const { labels } = template;
  const heading = markup`<h2>${labels.failedTasks}</h2>`;
  if (summary.failedTotal === 0) {
    return markup`<section id="failed">${heading}<p class="note">${labels.noFailedTasks}</p></section>`;
  }
  const table = renderTable(
    'failed-table',
    [
      { label: labelField(template, 'task_name') },
      { label: labelField(template, 'fail_message') },
      { label: labels.hint },
      { label: labelField(template, 'task_id') },
    ],
    summary.failed.map((row) => [
      textCell(row.task_name),
      badgeCell(row.fail_message, 'bad'),
      {
        ...textCell(lookupTroubleshootingHint(row.fail_message, template.language, template.hints)),
        className: 'wide',
      },
      { ...textCell(row.task_id), className: 'id' },
    ]),
    false,
  );
  const more =
    summary.failedTotal > summary.failed.length
      ? markup`<p class="note">${fillLabel(labels.moreFailedTasks, { count: summary.failedTotal - summary.failed.length })}</p>`
      : EMPTY_HTML;
  return markup`<section id="failed">${heading}${table}${more}</section>`;
}

/**
 * The changes: AUROC moves and status changes in a table, then the new and the gone tasks each in a
 * group that opens on a click (a month of retrains makes many of both, and they are not news).
 */
function renderChanges(changes: readonly Change[], template: Template): SafeHtml {
  if (changes.length === 0) {
    return EMPTY_HTML;
  }
  const moves = changes.filter((change) => change.kind === 'auroc' || change.kind === 'status');
  const parts: SafeHtml[] = [];
  if (moves.length > 0) {
    parts.push(renderChangesTable('changes-table', moves, template));
  }
  for (const kind of ['new', 'gone'] as const) {
    const group = changes.filter((change) => change.kind === kind);
    if (group.length > 0) {
      parts.push(
        markup`<details class="group" id="changes-${kind}"><summary>${`${labelChangeKind(template, kind)} (${formatCount(group.length)})`}</summary>${renderChangesTable(`changes-${kind}-table`, group, template)}</details>`,
      );
    }
  }
  return joinHtml(parts);
}

function renderChangesTable(id: string, changes: readonly Change[], template: Template): SafeHtml {
  return renderTable(
    id,
    [
      { label: labelField(template, 'task_name') },
      { label: template.labels.change },
      { label: labelField(template, 'status_previous') },
      { label: labelField(template, 'status') },
      { label: labelField(template, 'auroc_previous'), numeric: true },
      { label: labelField(template, 'auroc'), numeric: true },
      { label: labelField(template, 'auroc_delta'), numeric: true },
      { label: labelField(template, 'task_id') },
    ],
    changes.map((change) => [
      textCell(change.task_name),
      textCell(labelChangeKind(template, change.kind)),
      statusCell(template, change.status_previous),
      statusCell(template, change.status),
      numberCell(change.auroc_previous, NUMBER_FORMATS.auroc),
      numberCell(change.auroc, NUMBER_FORMATS.auroc),
      deltaCell(change.auroc_delta, NUMBER_FORMATS.aurocDelta),
      { ...textCell(change.task_id), className: 'id' },
    ]),
    true,
  );
}

function renderTasksSection(document: ReportDocument): SafeHtml {
  const { report, template, comparison } = document;
  const read = createFieldReader(comparison);
  const rows = sortRows(report.rows, template.sort, read);
  // As on the Tasks sheet: a column empty in every row is left out.
  const columns = selectColumns(document).filter(
    (column) => column.visible && (rows.length === 0 || rows.some((row) => read(row, column.field) !== null)),
  );
  const shown = rows.slice(0, HTML_MAX_ROWS);
  const note =
    rows.length > shown.length
      ? markup`<p class="note">${fillLabel(template.labels.tableShown, { shown: shown.length, total: rows.length })}</p>`
      : EMPTY_HTML;
  const table = renderTable(
    'tasks-table',
    columns.map((column) => ({
      label: column.label,
      numeric: fieldKind(column.field) !== 'text' || column.field === 'disk_usage',
    })),
    shown.map((row) =>
      columns.map((column) =>
        column.field === 'disk_usage'
          ? // The readable size sorts by its byte count, like the leaderboard's.
            { ...textCell(row.disk_usage), sortValue: sortKey(row.disk_usage_bytes), className: 'num' }
          : taskCell(template, column, read(row, column.field), row.fetch_error),
      ),
    ),
    true,
    true,
  );
  return markup`<section id="tasks"><h2>${template.sheets.tasks}</h2><p class="note">${template.labels.sortHint}</p>${note}${table}</section>`;
}

function taskCell(
  template: Template,
  column: TemplateColumn,
  value: FieldValue,
  fetchError: string | null,
): HtmlCell {
  switch (column.field) {
    case 'status':
      return fetchError !== null && value === null
        ? badgeCell(labelStatus(template, STATUS_FETCH_ERROR), 'error')
        : statusCell(template, typeof value === 'string' ? value : null);
    case 'status_previous':
      return statusCell(template, typeof value === 'string' ? value : null);
    case 'fetch_error':
      return badgeCell(typeof value === 'string' ? value : null, 'error');
    case 'auroc_delta':
      return deltaCell(typeof value === 'number' ? value : null, column.format ?? NUMBER_FORMATS.aurocDelta);
    default:
      break;
  }
  if (
    typeof value === 'number' &&
    (column.field === 'duration_seconds' || column.field === 'disk_usage_bytes')
  ) {
    // Shown as the workbook shows it (`1:36:32`, `42.6 MB`), sorted by the number.
    const shown = toFieldCell(column.field, value, column.format ?? undefined).shownText;
    return { html: markup`${shown}`, sortValue: sortKey(value), className: 'num' };
  }
  if (typeof value === 'number') {
    return numberCell(value, column.format ?? defaultNumberFormat(column.field) ?? null);
  }
  if (fieldKind(column.field) === 'date') {
    const epochMs = value === null ? null : toEpochMs(value);
    return {
      html: markup`${value?.replace('T', ' ') ?? ''}`,
      sortValue: epochMs === null ? '' : String(epochMs),
      className: 'num',
    };
  }
  return { ...textCell(value), ...(ID_FIELDS.has(column.field) ? { className: 'id' } : {}) };
}

interface HeaderCell {
  label: string;
  numeric?: boolean;
}

function renderTable(
  id: string,
  headers: readonly HeaderCell[],
  rows: readonly HtmlCell[][],
  sortable: boolean,
  tall = false,
): SafeHtml {
  const head = headers.map((header) => {
    const type = header.numeric === true ? markup` data-type="number"` : EMPTY_HTML;
    return sortable
      ? markup`<th scope="col"${type}><button type="button">${header.label}</button></th>`
      : markup`<th scope="col"${type}>${header.label}</th>`;
  });
  const body = rows.map((cells) => markup`<tr>${cells.map((cell) => renderCell(cell))}</tr>`);
  return markup`<div class="scroll${tall ? ' tall' : ''}"><table id="${id}"${sortable ? markup` class="sortable"` : EMPTY_HTML}><thead><tr>${head}</tr></thead><tbody>
${joinHtml(body, '\n')}
</tbody></table></div>`;
}

function renderCell(cell: HtmlCell): SafeHtml {
  const className = cell.className === undefined ? EMPTY_HTML : markup` class="${cell.className}"`;
  const sortValue = cell.sortValue === undefined ? EMPTY_HTML : markup` data-v="${cell.sortValue}"`;
  return markup`<td${className}${sortValue}>${cell.html}</td>`;
}

function textCell(text: string | null): HtmlCell {
  return { html: markup`${text ?? ''}` };
}

function numberCell(value: number | null, format: string | null): HtmlCell {
  return {
    html: value === null ? EMPTY_HTML : markup`${formatNumber(value, format)}`,
    sortValue: sortKey(value),
    className: 'num',
  };
}

function deltaCell(value: number | null, format: string): HtmlCell {
  const cell = numberCell(value, format);
  const direction = value === null || value === 0 ? '' : value > 0 ? ' up' : ' down';
  return { ...cell, className: `num${direction}` };
}

function statusCell(template: Template, status: string | null): HtmlCell {
  if (status === null) {
    return textCell(null);
  }
  return badgeCell(labelStatus(template, status), toneOf(status));
}

function badgeCell(text: string | null, tone: StatusTone): HtmlCell {
  if (text === null || text === '') {
    return textCell(null);
  }
  const toneClass = tone === 'unknown' ? '' : ` tone-${tone}`;
  return { html: markup`<span class="badge${toneClass}">${text}</span>` };
}

function card(name: string, value: string, tone: StatusTone = 'unknown', detail?: string): SafeHtml {
  const toneClass = tone === 'unknown' ? EMPTY_HTML : markup` class="tone-${tone}"`;
  const more = detail === undefined ? EMPTY_HTML : markup`<span class="detail">${detail}</span>`;
  return markup`<li${toneClass}><span class="value">${value}</span><span class="name">${name}</span>${more}</li>`;
}

function toneOf(status: string): StatusTone {
  return classifyStatus(status, status === STATUS_FETCH_ERROR ? status : null);
}

function sortKey(value: number | null): string {
  return value === null ? '' : String(value);
}

function formatCount(count: number): string {
  return formatNumber(count, NUMBER_FORMATS.count);
}

function formatAuroc(auroc: number): string {
  return formatNumber(auroc, NUMBER_FORMATS.auroc);
}

/** An instant as `2026-01-02 03:04:05 UTC`; text that is no instant as written. */
function describeInstant(text: string): string {
  const epochMs = toEpochMs(text);
  return epochMs === null ? text : `${new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
