import type { PreviousReport } from '../../src/compare/previous-report.js';
import { compareReports } from '../../src/compare/compare-reports.js';
import { rankAuroc } from '../../src/report/rank-auroc.js';
import type { Report, ReportRow, RunFacts } from '../../src/report/row.js';
import { summarise } from '../../src/report/summarise.js';
import { loadTemplate } from '../../src/templates/load-template.js';
import type { ReportDocument } from '../../src/writers/report-document.js';

/** Run facts with a fixed generation time, so every output is deterministic. */
export const FACTS: RunFacts = {
  generatedAt: '2026-01-02T03:04:05.678Z',
  endpoint: 'https://nclue.apigw.ntruss.com/api/v1',
  requested: 0,
  fetched: 0,
  failed: 0,
};

/** Ranks the rows and summarises them as buildReport does. */
export function buildReport(rows: readonly ReportRow[], facts: Partial<RunFacts> = {}): Report {
  const ranked = rankAuroc(rows);
  const failed = ranked.filter((row) => row.fetch_error !== null).length;
  return {
    rows: ranked,
    summary: summarise(ranked, {
      ...FACTS,
      requested: ranked.length,
      fetched: ranked.length - failed,
      failed,
      ...facts,
    }),
  };
}

/** A writer's input: the rows as a report, a bundled template, and a comparison when given. */
export async function buildDocument(
  rows: readonly ReportRow[],
  options: { template?: string; previous?: PreviousReport } = {},
): Promise<ReportDocument> {
  const report = buildReport(rows);
  return {
    report,
    template: await loadTemplate(options.template),
    comparison: options.previous === undefined ? null : compareReports(report.rows, options.previous),
  };
}
