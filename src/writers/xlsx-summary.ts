import { lookupTroubleshootingHint } from '../report/troubleshooting.js';
import { STATUS_FETCH_ERROR } from '../report/summarise.js';
import { classifyStatus } from '../report/status-tone.js';
import { fillLabel } from '../templates/fill-label.js';
import { labelField, labelStatus } from './column-labels.js';
import { describeChangeCounts, describePreviousDate } from './comparison-text.js';
import { redactUrl } from './redact-url.js';
import type { ReportDocument } from './report-document.js';
import {
  EMPTY_CELL,
  NUMBER_FORMATS,
  toAurocCell,
  toCountCell,
  toNumberCell,
  toTextCell,
  toUtcTimestampCell,
  type CellContent,
} from './xlsx-cells.js';
import { blankLine, type SheetLine } from './xlsx-lines.js';
import { buildModelSummaryLines } from './xlsx-models.js';

/**
 * The Summary sheet, top to bottom: run facts (and what the run was compared with), the models of the
 * period (counts per trend, mean AUROC against the previous period), tasks by status,
 * AUROC statistics, the leaderboard, and the failed tasks with what to do about each. Pure: the
 * writers lay these lines out (and the workbook adds the chart beside them).
 */
export function buildSummaryLines(document: ReportDocument): SheetLine[] {
  const sheet = new SummaryLines();
  sheet.push({ style: 'title', cells: [toTextCell(document.template.labels.title)] }, blankLine());
  addRunFacts(sheet, document);
  const models = document.models ?? null;
  if (models !== null && models.period !== null) {
    sheet.push(blankLine(), ...buildModelSummaryLines(models, document.template));
  }
  addStatusCounts(sheet, document);
  addAurocStatistics(sheet, document);
  addLeaderboard(sheet, document);
  addFailedTasks(sheet, document);
  return sheet.lines;
}

/** The lines of the Summary sheet, appended in reading order with their line style. */
class SummaryLines {
  readonly lines: SheetLine[] = [];

  push(...lines: SheetLine[]): void {
    this.lines.push(...lines);
  }

  heading(text: string): void {
    this.lines.push({ style: 'heading', cells: [toTextCell(text)] });
  }

  header(...texts: string[]): void {
    this.lines.push({ style: 'header', cells: texts.map((text) => toTextCell(text)) });
  }

  body(...cells: CellContent[]): void {
    this.lines.push({ style: 'body', cells });
  }

  /** A label and its value side by side: the value keeps to the left of its (wide) column. */
  fact(label: string, value: CellContent): void {
    this.body(toTextCell(label), { ...value, alignLeft: true });
  }
}

/** When, against what, and how many tasks were asked for, fetched and failed; and what it was compared with. */
function addRunFacts(sheet: SummaryLines, { report, template, comparison }: ReportDocument): void {
  const { facts } = report.summary;
  const { labels } = template;
  sheet.heading(labels.run);
  sheet.fact(labels.generatedAt, toUtcTimestampCell(facts.generatedAt));
  sheet.fact(labels.endpoint, toTextCell(redactUrl(facts.endpoint)));
  sheet.fact(labels.requested, toCountCell(facts.requested));
  sheet.fact(labels.fetched, toCountCell(facts.fetched));
  sheet.fact(labels.fetchErrors, toCountCell(facts.failed));
  if (comparison !== null) {
    sheet.body(
      toTextCell(labels.comparedWith),
      toTextCell(`${comparison.previous.source} (${describePreviousDate(comparison)})`),
    );
    sheet.body(toTextCell(labels.change), toTextCell(describeChangeCounts(comparison, template)));
  }
}

function addStatusCounts(sheet: SummaryLines, { report, template }: ReportDocument): void {
  const { labels } = template;
  sheet.push(blankLine());
  sheet.heading(labels.byStatus);
  sheet.header(labels.status, labels.tasks);
  for (const { status, count } of report.summary.statusCounts) {
    const tone = classifyStatus(status, status === STATUS_FETCH_ERROR ? status : null);
    sheet.body(toTextCell(labelStatus(template, status), { tone }), {
      ...toCountCell(count),
      alignLeft: true,
    });
  }
}

function addAurocStatistics(sheet: SummaryLines, { report, template }: ReportDocument): void {
  const { labels } = template;
  const { auroc } = report.summary;
  sheet.push(blankLine());
  sheet.heading(labels.aurocSection);
  if (auroc === null) {
    sheet.body(toTextCell(labels.noAuroc));
    return;
  }
  const { count, best, worst, mean, median, stdDev } = auroc;
  sheet.fact(labels.aurocCount, toCountCell(count));
  sheet.fact(labels.best, toAurocCell(best));
  sheet.fact(labels.worst, toAurocCell(worst));
  sheet.fact(labels.mean, toAurocCell(mean));
  sheet.fact(labels.median, toAurocCell(median));
  sheet.fact(labels.spread, toNumberCell(stdDev, NUMBER_FORMATS.auroc));
}

/** The best tasks by AUROC; left out when no task has one. */
function addLeaderboard(sheet: SummaryLines, { report, template }: ReportDocument): void {
  const { top } = report.summary;
  if (top.length === 0) return;
  sheet.push(blankLine());
  sheet.heading(fillLabel(template.labels.leaderboard, { count: top.length }));
  sheet.header(
    template.labels.rank,
    labelField(template, 'task_name'),
    labelField(template, 'auroc'),
    labelField(template, 'train_feature_name'),
    labelField(template, 'disk_usage_bytes'),
    labelField(template, 'task_id'),
  );
  top.forEach((row, index) => {
    sheet.body(
      toCountCell(row.auroc_rank ?? index + 1),
      toTextCell(row.task_name),
      { ...toAurocCell(row.auroc), alignLeft: true },
      toTextCell(row.train_feature_name),
      toTextCell(row.disk_usage),
      toTextCell(row.task_id),
    );
  });
}

/** The failed tasks, each with a troubleshooting hint, and how many more there are beyond those listed. */
function addFailedTasks(sheet: SummaryLines, { report, template }: ReportDocument): void {
  const { summary } = report;
  const { labels } = template;
  sheet.push(blankLine());
  sheet.heading(labels.failedTasks);
  if (summary.failedTotal === 0) {
    sheet.body(toTextCell(labels.noFailedTasks));
    return;
  }
  sheet.header(
    labelField(template, 'task_name'),
    labelField(template, 'fail_message'),
    labels.hint,
    labelField(template, 'task_id'),
  );
  for (const row of summary.failed) {
    sheet.body(
      toTextCell(row.task_name),
      toTextCell(row.fail_message, { tone: 'bad' }),
      hintCell(lookupTroubleshootingHint(row.fail_message, template.language, template.hints)),
      toTextCell(row.task_id),
    );
  }
  if (summary.failedTotal > summary.failed.length) {
    sheet.body(
      toTextCell(fillLabel(labels.moreFailedTasks, { count: summary.failedTotal - summary.failed.length })),
    );
  }
}

function hintCell(hint: string | null): CellContent {
  return hint === null ? EMPTY_CELL : toTextCell(hint, { wrap: true });
}
