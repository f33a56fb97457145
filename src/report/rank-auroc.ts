import type { ReportRow } from './row.js';

/**
 * New rows with `auroc_rank` set by standard competition ranking ("1224"): 1 = highest AUROC, tied
 * values share a rank and the next rank skips (1, 2, 2, 4). Rows without an AUROC get null.
 * Input order is kept; the input rows are not modified.
 */
export function rankAuroc(rows: readonly ReportRow[]): ReportRow[] {
  const descending = rows
    .map((row) => row.auroc)
    .filter((auroc): auroc is number => auroc !== null)
    .sort((a, b) => b - a);
  // The rank of a value is 1 + the number of strictly higher values = 1 + its first index.
  const rankByAuroc = new Map<number, number>();
  descending.forEach((auroc, index) => {
    if (!rankByAuroc.has(auroc)) {
      rankByAuroc.set(auroc, index + 1);
    }
  });
  return rows.map((row) => ({
    ...row,
    auroc_rank: row.auroc === null ? null : (rankByAuroc.get(row.auroc) ?? null),
  }));
}
