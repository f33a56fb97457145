import { compareKey } from '../core/compare-key.js';
import { isValidTaskId } from '../input/parse-task-ids.js';
import { toEpochMs } from '../report/parse-wall-clock.js';
import { classifyStatus } from '../report/status-tone.js';
import { differenceOf, roundChange } from '../report/round-change.js';
import {
  TRENDS,
  UNCHANGED_BELOW,
  type CountedTask,
  type ModelComparison,
  type ModelEntry,
  type Trend,
} from './model-entry.js';
import {
  computeModelChange,
  describeChange,
  describeFailure,
  describeRunning,
  type TaskDetail,
} from './compute-model-change.js';
import type { ModelName } from './model-naming.js';
import type { PeriodChoice } from './task-period.js';

/** What the model view needs of one task, from this run or a compared report. */
export interface ModelTask extends TaskDetail {
  task_id: string;
  task_name: string | null;
  status: string | null;
  auroc: number | null;
  created_at: string | null;
  /** `YYYY-MM` of created_at (periodOf); null when unknown. */
  period: string | null;
  model: ModelName;
}

/**
 * A task in the order it is counted: by creation, then by arrival. A wrapper, not a copy of the
 * task: a large run has 100,000 of them.
 */
interface PlacedTask {
  task: ModelTask;
  /** Creation instant for ordering; -Infinity when unknown (such a task is the oldest). */
  at: number;
  /** Order of arrival, the tie-breaker: later reports and this run come last. */
  index: number;
}

/** The report's period and why it is that one (every report and the closing lines say so). */
export interface ReportPeriod {
  period: string | null;
  reason: string | null;
}

/**
 * The report's period P: `--period` when given; else the newest month with at least one completed task
 * among this run's tasks, so that a retrain started on the morning of a cron day does not take over
 * the month (its tasks stay rows of the report); else the newest month among this run's tasks; else
 * the newest in the compared reports; null when no task names one. Pure.
 */
export function chooseReportPeriod(
  explicit: PeriodChoice | null,
  current: ReadonlyArray<Pick<ModelTask, 'period' | 'status'>>,
  history: Iterable<string | null>,
): ReportPeriod {
  if (explicit !== null) {
    return { period: explicit.month, reason: explicit.reason };
  }
  const completed = newest(
    current.filter((task) => classifyStatus(task.status) === 'good').map((task) => task.period),
  );
  if (completed !== null) {
    const newer = current.filter((task) => task.period !== null && task.period > completed);
    const months = [...new Set(newer.map((task) => task.period))].sort().join(', ');
    const tasks = `${newer.length} task${newer.length === 1 ? '' : 's'}`;
    return {
      period: completed,
      reason:
        newer.length === 0
          ? 'newest month with a completed task'
          : `newest month with a completed task; ${tasks} of ${months} ${newer.length === 1 ? 'is' : 'are'} newer`,
    };
  }
  const any = newest(current.map((task) => task.period));
  if (any !== null) {
    return { period: any, reason: 'newest month among the fetched tasks; none of them completed' };
  }
  const previous = newest(history);
  return { period: previous, reason: previous === null ? null : 'newest month in the compared reports' };
}

function newest(periods: Iterable<string | null>): string | null {
  let found: string | null = null;
  for (const period of periods) {
    if (period !== null && (found === null || period > found)) {
      found = period;
    }
  }
  return found;
}

/**
 * Compares models month over month. Pure.
 *
 * @param tasks every known task, oldest report first and this run's fetched tasks last; a task ID seen
 *   twice keeps its last record (this run's fetch wins over history, a newer report over an older one).
 * @param period the report's period P (chooseReportPeriod); null → no model entries.
 */
export function compareModels(
  tasks: Iterable<ModelTask>,
  period: string | null,
  options: { nowMs?: number | null; thisRunOnly?: boolean } = {},
): ModelComparison {
  const thisRunOnly = options.thisRunOnly ?? false;
  const { placed, byId } = placeTasks(tasks, thisRunOnly);
  const byModel = new Map<string, PlacedTask[]>();
  for (const task of placed) {
    const modelKey = task.task.model.key;
    const list = byModel.get(modelKey);
    if (list === undefined) {
      byModel.set(modelKey, [task]);
    } else {
      list.push(task);
    }
  }

  const allPeriods = new Set<string>();
  const models: ModelEntry[] = [];
  if (period !== null) {
    for (const list of byModel.values()) {
      // Oldest first; each model's list stays in that order (the counted lookup reads it too).
      if (list.length > 1) list.sort((a, b) => a.at - b.at || a.index - b.index);
      for (const placed of list) {
        if (placed.task.period !== null) {
          allPeriods.add(placed.task.period);
        }
      }
      models.push(summariseModel(list, period, options.nowMs ?? null));
    }
  }
  models.sort(compareEntries);

  const trends = Object.fromEntries(TRENDS.map((trend) => [trend, 0])) as Record<Trend, number>;
  for (const entry of models) {
    trends[entry.trend] += 1;
  }
  const periods = [...allPeriods].sort();
  const previousPeriod =
    period === null
      ? null
      : ([...periods].reverse().find((p) => p < period && models.some((m) => m.periods[p] != null)) ?? null);
  // Like for like: the mean change over the models that have an AUROC in P and before it, never the
  // difference of two means over different sets of models.
  const changes = models.flatMap((m) => (m.auroc_change === null ? [] : [m.auroc_change]));
  const meanChange = meanOf(changes);
  return {
    period,
    periodReason: null,
    periodOpen: false,
    previousPeriod,
    models,
    trends,
    mean: period === null ? null : meanOf(models.map((m) => m.periods[period] ?? null)),
    meanPrevious:
      previousPeriod === null ? null : meanOf(models.map((m) => m.periods[previousPeriod] ?? null)),
    matched: changes.length,
    meanChange: meanChange === null ? null : roundChange(meanChange),
    periods,
    // With nothing to compare, nobody asks: the tasks are not kept for it (100,000 of them in a large run).
    counted: createCountedLookup(period === null || thisRunOnly ? new Map() : byModel),
    modelOfTask: thisRunOnly ? new Map() : { get: (taskKey) => byId.get(taskKey)?.task.model.key },
  };
}

/**
 * The tasks in the order they are counted, a task ID seen twice keeping its last record, and an index
 * of them by compareKey of their ID. This run's rows alone (`thisRunOnly`) are one per task ID
 * already, compared case-insensitively: when every ID is a task ID they are placed as they come,
 * with no index (nothing will be compared with them). Anything else an `--all` listing returned as
 * an ID (` abc` and `abc` are two keys of a listing, one of compareKey) goes through the index.
 */
function placeTasks(
  tasks: Iterable<ModelTask>,
  thisRunOnly: boolean,
): { placed: PlacedTask[]; byId: ReadonlyMap<string, PlacedTask> } {
  const placed: PlacedTask[] = [];
  let index = 0;
  let allTaskIds = true;
  for (const task of tasks) {
    placed.push({ task, at: toEpochMs(task.created_at ?? '') ?? -Infinity, index: index++ });
    if (allTaskIds && !isValidTaskId(task.task_id)) allTaskIds = false;
  }
  const byId = new Map<string, PlacedTask>();
  if (thisRunOnly && allTaskIds) return { placed, byId };
  for (const task of placed) {
    const key = compareKey(task.task.task_id);
    byId.delete(key);
    byId.set(key, task);
  }
  return { placed: [...byId.values()], byId };
}

/** `counted` of a ModelComparison: each model's counted task per period, worked out when first asked. */
function createCountedLookup(
  byModel: ReadonlyMap<string, readonly PlacedTask[]>,
): ModelComparison['counted'] {
  const known = new Map<string, ReadonlyMap<string, CountedTask>>();
  return {
    get(modelKey) {
      const list = byModel.get(modelKey);
      if (known.has(modelKey) || list === undefined) return known.get(modelKey);
      const counted = new Map<string, CountedTask>();
      for (const group of groupByPeriod(list)) {
        const task = lastCompleted(group.tasks);
        if (task !== null) {
          counted.set(group.period, { task_id: task.task_id, status: task.status, auroc: task.auroc });
        }
      }
      known.set(modelKey, counted);
      return counted;
    },
  };
}

/** A model's tasks of one period, in the order of its list. */
interface PeriodGroup {
  period: string;
  tasks: ModelTask[];
}

/**
 * A model's tasks by period, periods oldest first; tasks without a period are left out. A model has
 * a few periods, and its tasks come oldest first, so the group of a task is found from the end of an
 * array sooner than a Map is made.
 */
function groupByPeriod(list: readonly PlacedTask[]): PeriodGroup[] {
  const groups: PeriodGroup[] = [];
  for (const { task } of list) {
    const { period } = task;
    if (period === null) {
      continue;
    }
    let group: PeriodGroup | undefined;
    for (let i = groups.length - 1; i >= 0 && group === undefined; i -= 1) {
      if (groups[i]?.period === period) group = groups[i];
    }
    if (group === undefined) {
      groups.push({ period, tasks: [task] });
    } else {
      group.tasks.push(task);
    }
  }
  if (groups.length > 1) groups.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
  return groups;
}

/**
 * The task a model's AUROC of the latest month before `period` came from (the one a model entry's
 * `auroc_previous` names when `period` is P); null when the model has none.
 */
export function findPreviousTask(
  comparison: Pick<ModelComparison, 'counted'>,
  modelKey: string,
  period: string,
): CountedTask | null {
  const byPeriod = comparison.counted.get(modelKey);
  if (byPeriod === undefined) return null;
  let found: { period: string; task: CountedTask } | null = null;
  for (const [key, task] of byPeriod) {
    if (key < period && (found === null || key > found.period)) found = { period: key, task };
  }
  return found?.task ?? null;
}

/** One model's entry; `list` is sorted oldest first. */
function summariseModel(list: readonly PlacedTask[], period: string, nowMs: number | null): ModelEntry {
  const periods: Record<string, number | null> = {};
  let previous: { period: string; task: ModelTask & { auroc: number } } | null = null;
  let inPeriod: ModelTask[] = [];
  let best: number | null = null;
  let bestPeriod: string | null = null;
  for (const group of groupByPeriod(list)) {
    const counted = lastCompleted(group.tasks);
    const value = counted?.auroc ?? null;
    periods[group.period] = value;
    if (group.period === period) inPeriod = group.tasks;
    if (counted !== null && group.period < period) previous = { period: group.period, task: counted };
    if (value !== null && (best === null || value > best)) {
      best = value;
      bestPeriod = group.period;
    }
  }

  const auroc = periods[period] ?? null;
  const previousPeriod = previous?.period ?? null;
  const aurocPrevious = previous?.task.auroc ?? null;
  const change = differenceOf(auroc, aurocPrevious);
  // Non-empty by construction: a model exists because a task named it.
  const latest = (list[list.length - 1] as PlacedTask).task;
  const trend = classifyTrend(auroc, change, inPeriod);
  const counted = lastCompleted(inPeriod);
  const current = counted ?? inPeriod[inPeriod.length - 1] ?? null;
  const previousTask = previous?.task ?? null;
  const moved = computeModelChange(current, previousTask);
  // Every field named, in the order of MODEL_FIELDS (the JSON's): one object shape for every model.
  return {
    model: latest.model.name,
    auroc,
    auroc_previous: aurocPrevious,
    previous_period: previousPeriod,
    auroc_change: change,
    trend,
    auroc_best: best,
    best_period: bestPeriod,
    tasks: list.length,
    periods,
    latest_task_id: latest.task_id,
    latest_task_name: latest.task_name,
    latest_status: latest.status,
    line_count: moved.line_count,
    line_count_previous: moved.line_count_previous,
    line_count_change_pct: moved.line_count_change_pct,
    train_feature_changed: moved.train_feature_changed,
    test_feature_changed: moved.test_feature_changed,
    train_file_changed: moved.train_file_changed,
    test_file_changed: moved.test_file_changed,
    duration_seconds: moved.duration_seconds,
    duration_previous: moved.duration_previous,
    disk_usage: moved.disk_usage,
    disk_usage_previous: moved.disk_usage_previous,
    why: composeWhy(trend, inPeriod, counted, describeChange(moved, current, previousTask), nowMs),
    runs: inPeriod.length,
    task_id: current?.task_id ?? null,
    previous_task_id: previousTask?.task_id ?? null,
  };
}

/** The last completed task with an AUROC among tasks sorted oldest first: the one a period counts. */
function lastCompleted(tasks: readonly ModelTask[]): (ModelTask & { auroc: number }) | null {
  for (let i = tasks.length - 1; i >= 0; i -= 1) {
    const task = tasks[i] as ModelTask;
    if (classifyStatus(task.status) === 'good' && task.auroc !== null) {
      // The task itself, not a copy: the why compares it with the period's other runs by identity.
      return task as ModelTask & { auroc: number };
    }
  }
  return null;
}

/**
 * The `why` of a model entry: a failed model's failure hint, an unfinished one's running time, else
 * what moved (describeChange); then, when the model ran more than once in P, which run counted.
 */
function composeWhy(
  trend: Trend,
  inPeriod: readonly ModelTask[],
  counted: ModelTask | null,
  moves: readonly string[],
  nowMs: number | null,
): string {
  const newest = inPeriod[inPeriod.length - 1];
  const parts: string[] = [];
  if (trend === 'failed' && newest !== undefined) {
    const failed = [...inPeriod].reverse().find((task) => classifyStatus(task.status) === 'bad') ?? newest;
    parts.push(describeFailure(failed.fail_message ?? null));
  } else if (trend === 'unfinished' && newest !== undefined) {
    const busy = [...inPeriod].reverse().find((task) => classifyStatus(task.status) === 'busy') ?? newest;
    parts.push(describeRunning(busy.status, toEpochMs(busy.created_at ?? ''), nowMs));
  } else {
    parts.push(...moves);
  }
  if (inPeriod.length > 1) {
    parts.push(describeRuns(inPeriod, counted));
  }
  return parts.join('; ');
}

/** `2 runs; the last completed counts`, and what became of a later run. */
function describeRuns(inPeriod: readonly ModelTask[], counted: ModelTask | null): string {
  const runs = `${inPeriod.length} runs`;
  if (counted === null) {
    return `${runs}, none completed`;
  }
  const later = inPeriod.slice(inPeriod.indexOf(counted) + 1);
  const after = later.some((task) => classifyStatus(task.status) === 'busy')
    ? ' (a later run is still on its way)'
    : later.length > 0
      ? ' (a later run did not complete)'
      : '';
  return `${runs}; the last completed counts${after}`;
}

/**
 * improved / regressed / unchanged when both periods have a value; new when only P has one; with no
 * value in P: not_retrained without a task in P, unfinished while one of them is still on its way
 * (registered, pending, in_progress), failed otherwise (every task of P failed or ended without an AUROC).
 */
export function classifyTrend(
  auroc: number | null,
  change: number | null,
  tasksInPeriod: ReadonlyArray<Pick<ModelTask, 'status'>>,
): Trend {
  if (auroc !== null) {
    if (change === null) {
      return 'new';
    }
    if (Math.abs(change) < UNCHANGED_BELOW) {
      return 'unchanged';
    }
    return change > 0 ? 'improved' : 'regressed';
  }
  if (tasksInPeriod.length === 0) {
    return 'not_retrained';
  }
  return tasksInPeriod.some((task) => classifyStatus(task.status) === 'busy') ? 'unfinished' : 'failed';
}

/**
 * `localeCompare(…, 'en')` with its collator made once: the same order, without building a collator
 * for each of the n·log n comparisons of a sort over 100,000 models.
 */
const EN_COLLATOR = new Intl.Collator('en');

/** Best AUROC in P first; models without one last, by name. */
function compareEntries(a: ModelEntry, b: ModelEntry): number {
  if (a.auroc !== null && b.auroc !== null && a.auroc !== b.auroc) {
    return b.auroc - a.auroc;
  }
  if ((a.auroc === null) !== (b.auroc === null)) {
    return a.auroc === null ? 1 : -1;
  }
  return EN_COLLATOR.compare(a.model, b.model) || a.latest_task_id.localeCompare(b.latest_task_id);
}

function meanOf(values: ReadonlyArray<number | null>): number | null {
  const present = values.filter((value): value is number => value !== null);
  return present.length === 0 ? null : present.reduce((sum, value) => sum + value, 0) / present.length;
}
