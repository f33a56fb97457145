import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MODEL_FIELDS, type ModelEntry } from '../models/model-entry.js';
import type { ReportField } from '../core/report-field.js';
import type { ReportRow } from '../core/row.js';
import { machineColumns } from './csv-layout.js';
import { lookupTroubleshootingHint } from '../report/troubleshooting.js';
import { writeFileAtomic } from './atomic-write.js';
import { redactUrl } from './redact-url.js';
import { createFieldReader, type ReportDocument } from './report-document.js';

/** Marks a JSON file as a report of this tool (checked by nothing yet, but tells a reader what it is). */
export const JSON_REPORT_FORMAT = 'nclue-report';
/** Bumped when a field changes meaning or goes away; adding fields keeps the version. */
export const JSON_REPORT_VERSION = 1;

/**
 * The JSON report, in pieces (see README.md for the shape): `format`, `version`, `template`,
 * `columns`, `summary` (run facts, status counts, AUROC statistics, leaderboard, failed tasks with their
 * hint), with `--compare` also `comparedWith` and `changes`; the model view (`period`,
 * `previousPeriod`, `modelSummary`, and the `models` array: one entry per model with exactly the
 * MODEL_FIELDS keys); and last `rows` — every machine column (machineColumns) of every task in input order, typed (numbers are numbers at full precision, absent values null), one
 * row per line so a large report streams and diffs well.
 */
export function* generateJsonChunks(document: ReportDocument): Generator<string> {
  const { report, template, comparison } = document;
  const columns: ReportField[] = machineColumns();
  const models = document.models ?? null;
  const read = createFieldReader(comparison);
  const { summary } = report;
  const head: Record<string, unknown> = {
    format: JSON_REPORT_FORMAT,
    version: JSON_REPORT_VERSION,
    template: template.name,
    columns,
    summary: {
      facts: { ...summary.facts, endpoint: redactUrl(summary.facts.endpoint) },
      statusCounts: summary.statusCounts,
      auroc: summary.auroc,
      top: summary.top.map((row, index) => ({
        rank: row.auroc_rank ?? index + 1,
        task_id: row.task_id,
        task_name: row.task_name,
        auroc: row.auroc,
        train_feature_name: row.train_feature_name,
        disk_usage: row.disk_usage,
        disk_usage_bytes: row.disk_usage_bytes,
      })),
      failed: summary.failed.map((row) => ({
        task_id: row.task_id,
        task_name: row.task_name,
        fail_message: row.fail_message,
        hint: lookupTroubleshootingHint(row.fail_message, template.language, template.hints),
      })),
      failedTotal: summary.failedTotal,
    },
  };
  if (comparison !== null) {
    head.comparedWith = comparison.previous;
  }
  if (models !== null) {
    head.period = models.period;
    head.previousPeriod = models.previousPeriod;
    head.modelSummary = {
      count: models.models.length,
      trends: models.trends,
      mean: models.mean,
      meanPrevious: models.meanPrevious,
      periods: models.periods,
      matched: models.matched,
      meanChange: models.meanChange,
    };
    head.periodReason = models.periodReason;
    head.periodOpen = models.periodOpen;
  }
  // The head pretty-printed, without its closing brace: changes and rows follow, one item per line.
  yield JSON.stringify(head, null, 2).replace(/\n}$/, '');
  if (models !== null) {
    yield* generateArray(
      'models',
      models.models.map((entry) => JSON.stringify(toJsonModel(entry))),
    );
  }
  if (comparison !== null) {
    yield* generateArray(
      'changes',
      comparison.changes.map((change) => JSON.stringify(change)),
    );
  }
  yield* generateArray(
    'rows',
    (function* () {
      for (const row of report.rows) {
        yield JSON.stringify(toJsonRow(row, columns, read));
      }
    })(),
  );
  yield '\n}\n';
}

/** The whole JSON text, for tests and small reports. */
export function renderJson(document: ReportDocument): string {
  return Array.from(generateJsonChunks(document)).join('');
}

/** Streams the JSON report into `path`, atomically (see writeFileAtomic). */
export async function writeJson(path: string, document: ReportDocument): Promise<void> {
  await writeFileAtomic(path, (tempPath) =>
    pipeline(Readable.from(generateJsonChunks(document)), createWriteStream(tempPath)),
  );
}

/** A model entry with exactly the MODEL_FIELDS keys, in their order. */
function toJsonModel(entry: ModelEntry): Record<string, unknown> {
  return Object.fromEntries(MODEL_FIELDS.map((field) => [field, entry[field]]));
}

function* generateArray(key: string, items: Iterable<string>): Generator<string> {
  yield `,\n  ${JSON.stringify(key)}: [`;
  let first = true;
  for (const item of items) {
    yield `${first ? '' : ','}\n    ${item}`;
    first = false;
  }
  yield first ? ']' : '\n  ]';
}

function toJsonRow(
  row: ReportRow,
  columns: readonly ReportField[],
  read: ReturnType<typeof createFieldReader>,
): Record<string, string | number | null> {
  const record: Record<string, string | number | null> = {};
  for (const column of columns) {
    record[column] = read(row, column);
  }
  return record;
}
