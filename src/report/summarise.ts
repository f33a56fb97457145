import type { AurocStats, ReportRow, ReportSummary, RunFacts } from '../core/row.js';

/** How many rows the Summary's "top by AUROC" table lists. */
export const SUMMARY_TOP_COUNT = 10;
/** How many failed tasks the Summary lists with their troubleshooting hint; the rest are counted. */
export const SUMMARY_FAILED_MAX = 50;
/** Status bucket of a fetched task whose response had no status. */
export const STATUS_NONE = '(none)';
/** Status bucket of a task that could not be fetched. */
export const STATUS_FETCH_ERROR = '(fetch error)';

/** Counts per status, AUROC statistics and the best tasks by AUROC, for the Summary sheet. */
export function summarise(rows: readonly ReportRow[], facts: RunFacts): ReportSummary {
  return {
    statusCounts: countStatuses(rows),
    auroc: computeAurocStats(rows),
    top: selectTop(rows, SUMMARY_TOP_COUNT),
    ...selectFailed(rows, SUMMARY_FAILED_MAX),
    facts,
  };
}

function countStatuses(rows: readonly ReportRow[]): ReportSummary['statusCounts'] {
  // A Map keeps insertion order: statuses come out in first-seen order.
  const counts = new Map<string, number>();
  for (const row of rows) {
    const status = row.fetch_error !== null ? STATUS_FETCH_ERROR : row.status || STATUS_NONE;
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  return Array.from(counts, ([status, count]) => ({ status, count }));
}

function computeAurocStats(rows: readonly ReportRow[]): AurocStats | null {
  const ascending = rows
    .map((row) => row.auroc)
    .filter((auroc): auroc is number => auroc !== null)
    .sort((a, b) => a - b);
  const count = ascending.length;
  const worst = ascending[0];
  const best = ascending[count - 1];
  if (worst === undefined || best === undefined) {
    return null;
  }
  const sum = ascending.reduce((total, auroc) => total + auroc, 0);
  const upperMiddle = ascending[Math.floor(count / 2)] ?? worst;
  const lowerMiddle = ascending[Math.ceil(count / 2) - 1] ?? worst;
  const mean = sum / count;
  const squaredDeviations = ascending.reduce((total, auroc) => total + (auroc - mean) ** 2, 0);
  return {
    count,
    best,
    worst,
    mean,
    median: (lowerMiddle + upperMiddle) / 2,
    stdDev: Math.sqrt(squaredDeviations / count),
  };
}

function selectFailed(
  rows: readonly ReportRow[],
  limit: number,
): Pick<ReportSummary, 'failed' | 'failedTotal'> {
  const failed = rows.filter((row) => row.fetch_error === null && row.status === 'failed');
  return { failed: failed.slice(0, limit), failedTotal: failed.length };
}

function selectTop(rows: readonly ReportRow[], limit: number): ReportRow[] {
  // Array.prototype.sort is stable (ES2019), so ties stay in input order.
  return rows
    .filter((row) => row.auroc !== null)
    .sort((a, b) => (b.auroc ?? 0) - (a.auroc ?? 0))
    .slice(0, limit);
}
