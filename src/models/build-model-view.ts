import { type DetailField, type PreviousReport } from '../core/previous-report.js';
import type { ReportRow } from '../core/row.js';
import { chooseReportPeriod, compareModels, type ModelTask } from './compare-models.js';
import type { TaskDetail } from './compute-model-change.js';
import type { ModelComparison } from './model-entry.js';
import { modelKeyOf, readKeyField, type ModelNamer, type ModelNaming } from './model-naming.js';
import { isPeriodOpen, periodOf, type PeriodChoice } from './task-period.js';

export interface ModelView {
  models: ModelComparison;
  warnings: string[];
}

/**
 * The model view of a run: this run's fetched rows (already named by buildReport with `namer`) and
 * every task of the compared reports, grouped into models and compared month over month.
 *
 * A task of an earlier report is named again with today's naming, so `--model-key` and
 * `--model-pattern` apply to history too; when that report lacks the field they read, the model it
 * wrote is taken. A task this run could not fetch keeps what history knows of it.
 *
 * @param reports the compared reports, oldest first (readHistory).
 * @param options.period `--period`, or null for the newest month with a completed task (chooseReportPeriod).
 * @param options.now when the run started: a period not over by then is flagged `periodOpen`, and an
 *   unfinished model's running time is counted to it.
 */
export function buildModelView(
  rows: readonly ReportRow[],
  reports: readonly PreviousReport[],
  options: { naming: ModelNaming; namer: ModelNamer; period: PeriodChoice | null; now?: Date },
): ModelView {
  const tasks: ModelTask[] = readHistoryTasks(reports, options);
  const historyCount = tasks.length;
  for (const row of rows) {
    if (row.fetch_error !== null || row.model === undefined || row.model === null) {
      continue;
    }
    tasks.push(
      toModelTask(row, {
        created_at: row.created_at,
        period: row.period ?? null,
        model: { name: row.model, key: modelKeyOf(row.model) },
      }),
    );
  }
  const { period, reason } = chooseReportPeriod(
    options.period,
    tasks.slice(historyCount),
    tasks.slice(0, historyCount).map((task) => task.period),
  );
  const warnings: string[] = [];
  if (options.naming.pattern !== null && options.namer.patternMatches === 0 && tasks.length > 0) {
    warnings.push(
      `--model-pattern ${JSON.stringify(options.naming.pattern)} matched no task's ${describeKey(options.naming)}; ` +
        'models are named by the period-marker rules instead',
    );
  }
  const unmatched = options.namer.unmatchedAliases();
  if (unmatched.length > 0 && tasks.length > 0) {
    warnings.push(
      `--model-alias: no task's model is ${unmatched.map((from) => JSON.stringify(from)).join(', ')}; ` +
        'check the old name (period markers, case and separators are ignored)',
    );
  }
  const models = {
    // Without a compared report the tasks are this run's rows alone: one per ID, compared with nothing.
    ...compareModels(tasks, period, {
      nowMs: options.now?.getTime() ?? null,
      thisRunOnly: reports.length === 0,
    }),
    periodReason: reason,
    periodOpen: period !== null && options.now !== undefined && isPeriodOpen(period, options.now),
  };
  return { models, warnings };
}

/**
 * The tasks of the compared reports, oldest report first, each named again with today's naming (or,
 * when its report lacks the field that naming reads, by the model that report wrote).
 */
function readHistoryTasks(
  reports: readonly PreviousReport[],
  options: { naming: ModelNaming; namer: ModelNamer },
): ModelTask[] {
  const tasks: ModelTask[] = [];
  for (const report of reports) {
    for (const row of report.rows) {
      if (row.fetchError) {
        continue;
      }
      const source = {
        task_id: row.task_id,
        task_name: row.task_name,
        train_feature_name: row.train_feature_name ?? null,
        train_file_path: row.train_file_path ?? null,
      };
      const written = row.model ?? null;
      const model =
        readKeyField(source, options.naming.key) === null && written !== null
          ? options.namer.rename(written)
          : options.namer(source);
      tasks.push(
        toModelTask(row, {
          created_at: row.created_at ?? null,
          period: periodOf(row.created_at ?? null) ?? row.period ?? null,
          model,
        }),
      );
    }
  }
  return tasks;
}

/** What the model view reads of a row, this run's or a compared report's. */
type ModelRow = Partial<Pick<TaskDetail, DetailField>> &
  Pick<ModelTask, 'task_id' | 'task_name' | 'status' | 'auroc'>;

/**
 * A task of the model view: the row's own fields, where it stands (`placed`: its creation, month and
 * model), and the detail fields "what changed" reads (compute-model-change.ts), undefined where the
 * report lacked one. Every task gets every field, in the same order, so that the 100,000 objects of a
 * large run share one shape (an object spread over rows of differing fields gave each its own, and
 * cost a second per 100,000 tasks).
 */
function toModelTask(row: ModelRow, placed: Pick<ModelTask, 'created_at' | 'period' | 'model'>): ModelTask {
  return {
    task_id: row.task_id,
    task_name: row.task_name,
    status: row.status,
    auroc: row.auroc,
    created_at: placed.created_at,
    period: placed.period,
    model: placed.model,
    train_feature_id: row.train_feature_id,
    train_feature_name: row.train_feature_name,
    train_bucket: row.train_bucket,
    train_file_path: row.train_file_path,
    test_feature_id: row.test_feature_id,
    test_feature_name: row.test_feature_name,
    test_bucket: row.test_bucket,
    test_file_path: row.test_file_path,
    fail_message: row.fail_message,
    duration_seconds: row.duration_seconds,
    line_count: row.line_count,
    disk_usage_bytes: row.disk_usage_bytes,
  };
}

function describeKey(naming: ModelNaming): string {
  switch (naming.key) {
    case 'name':
      return 'name';
    case 'train_feature':
      return 'train feature name';
    case 'train_path':
      return 'train file path';
  }
}
