/**
 * A year of monthly reports for the history benchmark (bench/main.ts), written the way a team's
 * month-end runs fill their `--out` folder: each month's run compared with the folder (`--compare
 * <out>`), written as CSV, xlsx and JSON, so every run is there three times with its Changes and Models.
 */
import type { TaskIdEntry } from '../src/input/parse-task-ids.js';
import { readHistory } from '../src/history/read-history.js';
import { buildModelView } from '../src/models/build-model-view.js';
import { createModelNamer, DEFAULT_MODEL_NAMING, type ModelNamer } from '../src/models/model-naming.js';
import { buildReport } from '../src/pipeline/build-report.js';
import type { Report } from '../src/core/row.js';
import type { Template } from '../src/templates/template.js';
import { writeReports } from '../src/writers/write-reports.js';
import { createMonthlyTasks } from './synthetic-tasks.js';

/** One monthly run: its month and the base name of its reports (`nclue-2026-01`). */
export interface SyntheticMonth {
  year: number;
  month: number;
  name: string;
}

/** `count` consecutive months from `year`-`month` on. */
export function listMonths(year: number, month: number, count: number): SyntheticMonth[] {
  return Array.from({ length: count }, (_, i) => {
    const y = year + Math.floor((month - 1 + i) / 12);
    const m = ((month - 1 + i) % 12) + 1;
    return { year: y, month: m, name: `nclue-${y}-${String(m).padStart(2, '0')}` };
  });
}

/**
 * The report of a run at the end of `month` over `tasks` of that month's tasks (createMonthlyTasks),
 * flattened, named and ranked by buildReport as the CLI does; it started on the 1st of the next month.
 */
export function buildMonthlyReport(month: SyntheticMonth, tasks: number): Report {
  const data = createMonthlyTasks(month.year, month.month, tasks, month.year * 100 + month.month);
  return buildSyntheticReport(
    data,
    new Date(Date.UTC(month.year, month.month, 1, 6)).toISOString(),
    createModelNamer(DEFAULT_MODEL_NAMING),
  );
}

/** Synthetic tasks as the CLI would report them, fetched in this order: flattened, named and ranked. */
export function buildSyntheticReport(
  tasks: ReadonlyArray<Record<string, unknown>>,
  generatedAt: string,
  namer?: ModelNamer,
): Report {
  const entries: TaskIdEntry[] = tasks.map((task, i) => ({
    id: String(task.task_id),
    source: 'bench',
    line: i + 1,
    valid: true,
  }));
  const { report } = buildReport(
    entries,
    tasks.map((task) => ({ kind: 'fetched', task })),
    { generatedAt, endpoint: 'http://127.0.0.1/bench' },
    namer,
  );
  return report;
}

/**
 * Writes each month's run into `folder` in order, as `<name>.csv`, `.xlsx` (with `.models.csv`) and
 * `.json`, each compared with the runs already there exactly as src/pipeline/run-report.ts does with `--compare`.
 */
export async function writeSyntheticHistory(
  folder: string,
  months: readonly SyntheticMonth[],
  tasksPerMonth: number,
  template: Template,
  templates: readonly Template[],
): Promise<void> {
  for (const month of months) {
    const report = buildMonthlyReport(month, tasksPerMonth);
    const history = await readHistory([folder], templates, month.name);
    const view = buildModelView(report.rows, history.reports, {
      naming: DEFAULT_MODEL_NAMING,
      namer: createModelNamer(DEFAULT_MODEL_NAMING),
      period: null,
    });
    await writeReports(report, {
      outDir: folder,
      name: month.name,
      formats: ['csv', 'xlsx', 'json'],
      bom: true,
      escapeFormulas: true,
      template,
      previous: history.latest,
      models: view.models,
    });
  }
}
