import type { PreviousReport } from '../../src/core/previous-report.js';
import { compareReports } from '../../src/history/compare-reports.js';
import { buildModelView } from '../../src/models/build-model-view.js';
import type { ModelComparison } from '../../src/models/model-entry.js';
import { createModelNamer, DEFAULT_MODEL_NAMING } from '../../src/models/model-naming.js';
import { periodOf } from '../../src/models/task-period.js';
import { rankAuroc } from '../../src/report/rank-auroc.js';
import type { Report, ReportRow, RunFacts } from '../../src/core/row.js';
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

/** Names each fetched row's model and period, ranks the rows and summarises them as buildReport does. */
export function buildReport(rows: readonly ReportRow[], facts: Partial<RunFacts> = {}): Report {
  const namer = createModelNamer(DEFAULT_MODEL_NAMING);
  const named = rows.map((row) =>
    row.fetch_error !== null || row.model !== undefined
      ? row
      : { ...row, model: namer(row).name, period: periodOf(row.created_at) },
  );
  const ranked = rankAuroc(named);
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

/** The model view of a report's rows and the compared reports, as the CLI builds it. */
export function buildModels(report: Report, previous: readonly PreviousReport[] = []): ModelComparison {
  const naming = DEFAULT_MODEL_NAMING;
  return buildModelView(report.rows, previous, { naming, namer: createModelNamer(naming), period: null })
    .models;
}

/**
 * A writer's input: the rows as a report, a bundled template, a comparison when given, and the model
 * view when asked for.
 */
export async function buildDocument(
  rows: readonly ReportRow[],
  options: { template?: string; previous?: PreviousReport; models?: boolean } = {},
): Promise<ReportDocument> {
  const report = buildReport(rows);
  return {
    report,
    template: await loadTemplate(options.template),
    comparison: options.previous === undefined ? null : compareReports(report.rows, options.previous),
    models:
      options.models === true
        ? buildModels(report, options.previous === undefined ? [] : [options.previous])
        : null,
  };
}
