import { readHistory, type History } from '../history/read-history.js';
import type { PreviousReport } from '../core/previous-report.js';
import { DEFAULT_MODEL_NAMING, type ModelKey, type ModelNaming } from '../models/model-naming.js';
import { listTemplateNames, loadTemplate } from '../templates/load-template.js';
import type { Template } from '../templates/template.js';

export interface ReportInputs {
  template: Template;
  /** The newest compared report: the task-level comparison (Changes) is against it. */
  previous: PreviousReport | null;
  /** Every compared report, oldest first, and the folder files skipped with why. */
  history: History;
  /** How models are named: flags and config first, then the template's `models`, then the defaults. */
  naming: ModelNaming;
}

/**
 * Reads what the writers need besides the fetched data — the `--template` and the `--compare` reports —
 * so that a bad file stops the run (UsageError, exit 2) before a single request is sent.
 * A workbook's headers may be any bundled template's labels or the chosen template's.
 *
 * @param options.name the base name of the reports this run writes: a folder's files of that name
 *   are the ones about to be replaced, not history.
 */
export async function readReportInputs(options: {
  template: string | undefined;
  compare: readonly string[];
  name?: string;
  /** The run's `--out`: a `--compare` of it that does not exist yet is empty history, not an error. */
  outDir?: string;
  modelKey?: ModelKey | null;
  modelPattern?: string | null;
  modelAliases?: Readonly<Record<string, string>>;
}): Promise<ReportInputs> {
  const template = await loadTemplate(options.template);
  const naming: ModelNaming = {
    key: options.modelKey ?? template.models.key ?? DEFAULT_MODEL_NAMING.key,
    pattern: options.modelPattern ?? template.models.pattern ?? DEFAULT_MODEL_NAMING.pattern,
    // An alias of the same old name from a flag or the config file wins over the template's.
    aliases: { ...template.models.aliases, ...options.modelAliases },
  };
  const paths = options.compare.filter((path) => path.trim() !== '');
  if (paths.length === 0) {
    return { template, previous: null, history: { reports: [], latest: null, warnings: [] }, naming };
  }
  const bundled = await Promise.all((await listTemplateNames()).map((name) => loadTemplate(name)));
  const history = await readHistory(
    paths,
    [template, ...bundled],
    options.name ?? null,
    options.outDir ?? null,
  );
  return { template, previous: history.latest, history, naming };
}
