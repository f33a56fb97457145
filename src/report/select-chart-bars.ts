import type { ReportRow } from '../core/row.js';

/** How many tasks the AUROC chart shows at most; more bars would no longer be readable. */
export const CHART_MAX_BARS = 30;

export interface ChartBar {
  /** The task name, or its ID when it has none. */
  label: string;
  taskId: string;
  auroc: number;
}

export interface ChartBars {
  bars: ChartBar[];
  /** How many tasks have an AUROC in all (the chart may show fewer). */
  total: number;
}

/** The tasks with an AUROC, best first (ties in input order), at most `limit` of them. Pure. */
export function selectChartBars(rows: readonly ReportRow[], limit: number = CHART_MAX_BARS): ChartBars {
  const withAuroc = rows.filter((row): row is ReportRow & { auroc: number } => row.auroc !== null);
  const best = [...withAuroc].sort((a, b) => b.auroc - a.auroc).slice(0, limit);
  return {
    bars: best.map((row) => ({
      label: row.task_name !== null && row.task_name.trim() !== '' ? row.task_name : row.task_id,
      taskId: row.task_id,
      auroc: row.auroc,
    })),
    total: withAuroc.length,
  };
}
