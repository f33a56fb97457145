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
  const { report, template, comparison } = document;
  const { summary } = report;
  const { labels } = template;
  const lines: SheetLine[] = [];
  const heading = (text: string): void => {
    lines.push({ style: 'heading', cells: [toTextCell(text)] });
  };
  const header = (...texts: string[]): void => {
    lines.push({ style: 'header', cells: texts.map((text) => toTextCell(text)) });
  };
  const body = (...cells: CellContent[]): void => {
    lines.push({ style: 'body', cells });
  };
  // A label and its value side by side: the value keeps to the left of its (wide) column.
  const fact = (label: string, value: CellContent): void => {
    body(toTextCell(label), { ...value, alignLeft: true });
  };

  lines.push({ style: 'title', cells: [toTextCell(labels.title)] }, blankLine());

  heading(labels.run);
  fact(labels.generatedAt, toUtcTimestampCell(summary.facts.generatedAt));
  fact(labels.endpoint, toTextCell(redactUrl(summary.facts.endpoint)));
  fact(labels.requested, toCountCell(summary.facts.requested));
  fact(labels.fetched, toCountCell(summary.facts.fetched));
  fact(labels.fetchErrors, toCountCell(summary.facts.failed));
  if (comparison !== null) {
    body(
      toTextCell(labels.comparedWith),
      toTextCell(`${comparison.previous.source} (${describePreviousDate(comparison)})`),
    );
    body(toTextCell(labels.change), toTextCell(describeChangeCounts(comparison, template)));
  }

  const models = document.models ?? null;
  if (models !== null && models.period !== null) {
    lines.push(blankLine(), ...buildModelSummaryLines(models, template));
  }

  lines.push(blankLine());
  heading(labels.byStatus);
  header(labels.status, labels.tasks);
  for (const { status, count } of summary.statusCounts) {
    const tone = classifyStatus(status, status === STATUS_FETCH_ERROR ? status : null);
    body(toTextCell(labelStatus(template, status), { tone }), { ...toCountCell(count), alignLeft: true });
  }

  lines.push(blankLine());
  heading(labels.aurocSection);
  if (summary.auroc === null) {
    body(toTextCell(labels.noAuroc));
  } else {
    const { count, best, worst, mean, median, stdDev } = summary.auroc;
    fact(labels.aurocCount, toCountCell(count));
    fact(labels.best, toAurocCell(best));
    fact(labels.worst, toAurocCell(worst));
    fact(labels.mean, toAurocCell(mean));
    fact(labels.median, toAurocCell(median));
    fact(labels.spread, toNumberCell(stdDev, NUMBER_FORMATS.auroc));
  }

  if (summary.top.length > 0) {
    lines.push(blankLine());
    heading(fillLabel(labels.leaderboard, { count: summary.top.length }));
    header(
      labels.rank,
      labelField(template, 'task_name'),
      labelField(template, 'auroc'),
      labelField(template, 'train_feature_name'),
      labelField(template, 'disk_usage_bytes'),
      labelField(template, 'task_id'),
    );
    summary.top.forEach((row, index) => {
      body(
        toCountCell(row.auroc_rank ?? index + 1),
        toTextCell(row.task_name),
        { ...toAurocCell(row.auroc), alignLeft: true },
        toTextCell(row.train_feature_name),
        toTextCell(row.disk_usage),
        toTextCell(row.task_id),
      );
    });
  }

  lines.push(blankLine());
  heading(labels.failedTasks);
  if (summary.failedTotal === 0) {
    body(toTextCell(labels.noFailedTasks));
  } else {
    header(
      labelField(template, 'task_name'),
      labelField(template, 'fail_message'),
      labels.hint,
      labelField(template, 'task_id'),
    );
    for (const row of summary.failed) {
      body(
        toTextCell(row.task_name),
        toTextCell(row.fail_message, { tone: 'bad' }),
        hintCell(lookupTroubleshootingHint(row.fail_message, template.language, template.hints)),
        toTextCell(row.task_id),
      );
    }
    if (summary.failedTotal > summary.failed.length) {
      body(
        toTextCell(fillLabel(labels.moreFailedTasks, { count: summary.failedTotal - summary.failed.length })),
      );
    }
  }
  return lines;
}

function hintCell(hint: string | null): CellContent {
  return hint === null ? EMPTY_CELL : toTextCell(hint, { wrap: true });
}
