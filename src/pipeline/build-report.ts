import type { TaskIdEntry } from '../input/parse-task-ids.js';
import { createErrorRow } from '../report/error-row.js';
import { createModelNamer, DEFAULT_MODEL_NAMING, type ModelNamer } from '../models/model-naming.js';
import { periodOf } from '../models/task-period.js';
import { flattenTask } from '../report/flatten-task.js';
import { assignAurocRanks } from '../report/rank-auroc.js';
import type { Report, ReportRow, RunFacts } from '../core/row.js';
import { summarise } from '../report/summarise.js';
import { INTERRUPTED, type TaskOutcome } from './fetch-tasks.js';

export interface BuiltReport {
  report: Report;
  warnings: string[];
}

/**
 * Turns outcomes into ranked rows (one per entry, in input order) and the summary. Each fetched row
 * gets its model (named by `namer`) and its period (the month of created_at).
 */
export function buildReport(
  entries: TaskIdEntry[],
  outcomes: TaskOutcome[],
  facts: Omit<RunFacts, 'requested' | 'fetched' | 'failed'>,
  namer: ModelNamer = createModelNamer(DEFAULT_MODEL_NAMING),
): BuiltReport {
  const warnings: string[] = [];
  const rows: ReportRow[] = entries.map((entry, i) => {
    const outcome = outcomes[i];
    if (!outcome || outcome.kind === 'interrupted') return createErrorRow(entry.id, INTERRUPTED);
    if (outcome.kind === 'failed') return createErrorRow(entry.id, outcome.error);
    const flat = outcome.kind === 'listed' ? outcome.flat : flattenTask(outcome.task, entry.id);
    for (const warning of flat.warnings) warnings.push(`task ${entry.id}: ${warning}`);
    const row: ReportRow = flat.row;
    row.model = namer(row).name;
    row.period = periodOf(row.created_at);
    return row;
  });
  assignAurocRanks(rows);
  const ranked = rows;
  const failed = ranked.filter((r) => r.fetch_error !== null).length;
  const summary = summarise(ranked, {
    ...facts,
    requested: ranked.length,
    fetched: ranked.length - failed,
    failed,
  });
  return { report: { rows: ranked, summary }, warnings };
}
