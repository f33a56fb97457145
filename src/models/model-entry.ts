/**
 * How a model did in the report's period: a public contract (JSON `models`, `<name>.models.csv`,
 * the Models sheet, README "Monthly comparison").
 */
export const TRENDS = [
  'improved',
  'regressed',
  'unchanged',
  'new',
  'failed',
  'unfinished',
  'not_retrained',
] as const;
export type Trend = (typeof TRENDS)[number];

/** A change smaller than this shows as ±0.0000 at four decimals, so it is no change. */
export const UNCHANGED_BELOW = 0.00005;

/** A data volume change of this many percent or more is highlighted on the sheet and the page. */
export const DATA_CHANGE_HIGHLIGHT_PCT = 20;

/** One model in the report's period. Keys and their order are the JSON contract. */
export interface ModelEntry {
  /** The model's name: the latest task's name with its period marker removed. */
  model: string;
  /** AUROC of the model's last completed task created in the report's period; null when none. */
  auroc: number | null;
  /** The same for the latest earlier period that has a completed task. */
  auroc_previous: number | null;
  previous_period: string | null;
  /** auroc − auroc_previous when both exist, rounded to 6 decimals (roundChange). */
  auroc_change: number | null;
  trend: Trend;
  /** The highest period AUROC known, and the first period that reached it. */
  auroc_best: number | null;
  best_period: string | null;
  /** How many tasks the model has in this run and every compared report. */
  tasks: number;
  /** Every known period, oldest first, with its AUROC (null when no task of it completed). */
  periods: Record<string, number | null>;
  latest_task_id: string;
  latest_task_name: string | null;
  latest_status: string | null;
  /**
   * What changed between the model's task of P (`task_id`) and its task of the previous period
   * (`previous_task_id`, the one `auroc_previous` came from): data volume, features, ground-truth
   * files, training time and size. A `*_previous` value and every `*_changed` flag is null when the
   * model has no previous task (or the report it came from did not hold the field).
   */
  line_count: number | null;
  line_count_previous: number | null;
  /** (line_count − line_count_previous) / line_count_previous in %, one decimal: −49.6. */
  line_count_change_pct: number | null;
  /** The feature ID differs (a feature whose name differs only by its period marker is the same). */
  train_feature_changed: boolean | null;
  test_feature_changed: boolean | null;
  /** Bucket or path differs once period markers are removed (`x/2026-10/a.csv` ≡ `x/2026-11/a.csv`). */
  train_file_changed: boolean | null;
  test_file_changed: boolean | null;
  /** Training time in whole seconds, created_at → completed_at. */
  duration_seconds: number | null;
  duration_previous: number | null;
  /** Size of the trained task in bytes (the API's disk_usage). */
  disk_usage: number | null;
  disk_usage_previous: number | null;
  /**
   * Why the model moved, biggest first (`data −49.6 %; train feature churn_v1 → churn_v2`); empty when
   * nothing moved. A failed model's is its failure's troubleshooting hint, an unfinished one's how
   * long it has been running; a model with several runs in P says which one counted.
   */
  why: string;
  /** How many tasks the model has in P. */
  runs: number;
  /** The model's task of P: the last completed one, else its newest task of P; null when none. */
  task_id: string | null;
  /** The model's task of the previous period, the one auroc_previous came from; null when none. */
  previous_task_id: string | null;
}

/** The fields of a ModelEntry in contract order (JSON keys; the models CSV expands `periods`). */
export const MODEL_FIELDS = [
  'model',
  'auroc',
  'auroc_previous',
  'previous_period',
  'auroc_change',
  'trend',
  'auroc_best',
  'best_period',
  'tasks',
  'periods',
  'latest_task_id',
  'latest_task_name',
  'latest_status',
  'line_count',
  'line_count_previous',
  'line_count_change_pct',
  'train_feature_changed',
  'test_feature_changed',
  'train_file_changed',
  'test_file_changed',
  'duration_seconds',
  'duration_previous',
  'disk_usage',
  'disk_usage_previous',
  'why',
  'runs',
  'task_id',
  'previous_task_id',
] as const satisfies ReadonlyArray<keyof ModelEntry>;

/** The task a model's period counts: its last completed task with an AUROC. */
export interface CountedTask {
  task_id: string;
  status: string | null;
  auroc: number;
}

/** The whole model view of a report. */
export interface ModelComparison {
  /** The report's period P (`YYYY-MM`); null when no task names one. */
  period: string | null;
  /** Why P is that month (chooseReportPeriod): `newest month with a completed task; …`. */
  periodReason: string | null;
  /** P had not ended when the run started (the current month or later). */
  periodOpen: boolean;
  /** The newest period before P with any completed task of any model; null when none. */
  previousPeriod: string | null;
  /** Sorted by AUROC in P, best first; models without one after, by name. */
  models: ModelEntry[];
  /** How many models have each trend. */
  trends: Record<Trend, number>;
  /** Mean AUROC of the models with one in P, and in previousPeriod; null when none. */
  mean: number | null;
  meanPrevious: number | null;
  /** How many models have an AUROC in P and in an earlier period (an `auroc_change`). */
  matched: number;
  /** Mean `auroc_change` over those models, rounded like every AUROC difference; null when none. */
  meanChange: number | null;
  /** Every period known, oldest first. */
  periods: string[];
  /**
   * By model key, then period: the task each period's AUROC came from (findPreviousTask). Worked out
   * for a model when first asked: only a comparison with an earlier report asks, and for few models.
   * Empty, like modelOfTask, in a view made without a compared report (there is nothing to compare).
   */
  counted: Pick<ReadonlyMap<string, ReadonlyMap<string, CountedTask>>, 'get'>;
  /** By compareKey of a task ID: the model key of every task known (this run's and history's). */
  modelOfTask: Pick<ReadonlyMap<string, string>, 'get'>;
}
