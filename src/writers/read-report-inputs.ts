import type { PreviousReport } from '../compare/previous-report.js';
import { readPreviousReport } from '../compare/read-previous-report.js';
import { listTemplateNames, loadTemplate } from '../templates/load-template.js';
import type { Template } from '../templates/template.js';

export interface ReportInputs {
  template: Template;
  previous: PreviousReport | null;
}

/**
 * Reads what the writers need besides the fetched data — the `--template` and the `--compare` report —
 * so that a bad file stops the run (UsageError, exit 2) before a single request is sent.
 * A workbook's headers may be any bundled template's labels or the chosen template's.
 */
export async function readReportInputs(options: {
  template: string | undefined;
  compare: string | undefined;
}): Promise<ReportInputs> {
  const template = await loadTemplate(options.template);
  if (options.compare === undefined || options.compare.trim() === '') {
    return { template, previous: null };
  }
  const bundled = await Promise.all((await listTemplateNames()).map((name) => loadTemplate(name)));
  return { template, previous: await readPreviousReport(options.compare, [template, ...bundled]) };
}
