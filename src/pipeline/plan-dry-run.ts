import { constants } from 'node:fs';
import { access, lstat, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { RunOptions } from './resolve-options.js';
import { UsageError } from '../core/errors.js';
import { taskIdKey, type TaskIdEntry } from '../input/parse-task-ids.js';
import { describeHistory, type History } from '../history/read-history.js';
import {
  CHECKPOINT_HINT,
  CHECKPOINT_SUFFIX,
  checkCheckpointFile,
  checkCheckpointOwner,
  readCheckpoint,
  type CheckpointOwner,
} from './checkpoint.js';
import { createModelNamer, type ModelNaming } from '../models/model-naming.js';
import { formatDryRunPlan } from './format-dry-run-plan.js';
import { findExistingReports, listReportPaths } from './report-paths.js';

export interface DryRunInput {
  options: RunOptions;
  /** Unique entries, or 'all'. */
  requested: TaskIdEntry[] | 'all';
  /** IDs as given, duplicates included. */
  given: number;
  credentialsSource: string;
  /** The access key, to check that a --resume checkpoint is this account's (never shown). */
  accessKey?: string;
  /** The reports `--compare` read (already read: a bad one has stopped the run). */
  history?: History;
  /** How models are named: its aliases are checked against the compared reports. */
  naming?: ModelNaming;
}

/**
 * Checks, without creating or writing anything, that the report could be written into `dir`: an existing
 * folder must be writable; a missing one must have a writable nearest existing parent.
 */
export async function checkOutDir(dir: string): Promise<'exists' | 'will be created'> {
  const path = resolve(dir);
  const info = await stat(path).catch(() => null);
  if (info !== null) {
    if (!info.isDirectory())
      throw new UsageError(`--out ${dir} exists and is not a folder; choose another path`);
    if (!(await isWritable(path)))
      throw new UsageError(`output folder ${dir} is not writable; choose a writable --out`);
    return 'exists';
  }
  let parent = dirname(path);
  while ((await stat(parent).catch(() => null)) === null && dirname(parent) !== parent)
    parent = dirname(parent);
  const parentInfo = await stat(parent).catch(() => null);
  if (parentInfo === null || !parentInfo.isDirectory() || !(await isWritable(parent))) {
    throw new UsageError(
      `cannot create output folder ${dir}: ${parent} is not a writable folder; choose a writable --out`,
    );
  }
  return 'will be created';
}

async function isWritable(path: string): Promise<boolean> {
  return access(path, constants.W_OK).then(
    () => true,
    () => false,
  );
}

/**
 * Reads a checkpoint for --resume without touching it; none yet is not an error. One of another
 * account stops the plan as it would stop the run (exit 2).
 */
async function readKnown(path: string, owner: CheckpointOwner | null): Promise<ReadonlyMap<string, unknown>> {
  try {
    const read = await readCheckpoint(path);
    if (owner !== null) checkCheckpointOwner(path, read.owner, owner);
    return read.known;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw new UsageError(
      `cannot read checkpoint ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
}

/**
 * `--dry-run`: validates what the run would need (the ID list and credentials are checked by the
 * caller; here the output folder, the template and a --resume checkpoint) and returns the plan's lines.
 * Sends nothing and writes nothing.
 */
export async function planDryRun(input: DryRunInput): Promise<string[]> {
  const { options, requested } = input;
  const outDirState = await checkOutDir(options.outDir);
  let template: string | undefined;
  if (options.template !== undefined) {
    const { loadTemplate } = await import('../templates/load-template.js');
    await loadTemplate(options.template);
    template = `${options.template} (valid)`;
  }
  const checkpointPath = join(options.outDir, `${options.name}${CHECKPOINT_SUFFIX}`);
  // A link is refused as the run would refuse it; a checkpoint the run was not told what to do with
  // is named in the plan (the run itself would stop at it, exit 2).
  const existing = await lstat(checkpointPath).catch(() => null);
  if (existing !== null) checkCheckpointFile(checkpointPath, existing);
  const stopsAt = existing !== null && !options.resume && !options.fresh;
  const owner =
    input.accessKey === undefined ? null : { endpoint: options.endpoint, accessKey: input.accessKey };
  const known = options.resume ? await readKnown(checkpointPath, owner) : new Map<string, unknown>();
  const entries = requested === 'all' ? [] : requested;
  const valid = entries.filter((e) => e.valid);
  const outputs = listReportPaths(options.outDir, options.name, options.formats);
  const plan = formatDryRunPlan({
    all: requested === 'all',
    given: input.given,
    unique: entries.length,
    invalid: entries.length - valid.length,
    known: valid.filter((e) => known.has(taskIdKey(e.id))).length,
    strategy: options.strategy,
    maxTasks: options.maxTasks,
    rps: options.rps,
    concurrency: options.concurrency,
    endpoint: options.endpoint,
    credentialsSource: input.credentialsSource,
    outputs,
    replaced: await findExistingReports(outputs),
    outDirState,
    ...(options.resume ? { checkpointPath } : {}),
    ...(template !== undefined ? { template } : {}),
    ...(input.history !== undefined && options.compare.length > 0
      ? { compare: describeHistory(input.history) }
      : {}),
  });
  if (stopsAt)
    plan.push(`checkpoint: ${checkpointPath} exists: the run would stop there (exit 2); ${CHECKPOINT_HINT}`);
  const aliases = describeAliases(input.naming, input.history);
  if (aliases !== null) plan.push(aliases);
  plan.push(
    options.period === null
      ? 'period: the newest month with a completed task among the fetched ones (docs/models.md, "Periods")'
      : `period: ${options.period.month} (${options.period.reason})`,
  );
  return plan;
}

/**
 * `model aliases: 2 ("LTV forecast" → "LTV 예측", …); matching no model of the compared reports: "X"`.
 * The dry run fetches nothing, so an alias is checked against history alone; null without aliases.
 */
export function describeAliases(
  naming: ModelNaming | undefined,
  history: History | undefined,
): string | null {
  const aliases = Object.entries(naming?.aliases ?? {});
  if (naming === undefined || aliases.length === 0) return null;
  const namer = createModelNamer(naming);
  for (const report of history?.reports ?? []) {
    for (const row of report.rows) {
      if (row.model !== undefined && row.model !== null) namer.rename(row.model);
      namer({
        task_id: row.task_id,
        task_name: row.task_name,
        train_feature_name: row.train_feature_name ?? null,
        train_file_path: row.train_file_path ?? null,
      });
    }
  }
  const listed = aliases.map(([from, to]) => `${JSON.stringify(from)} → ${JSON.stringify(to)}`).join(', ');
  const head = `model aliases: ${aliases.length} (${listed})`;
  if ((history?.reports.length ?? 0) === 0) {
    return `${head}; not checked: no --compare report to match them against`;
  }
  const unmatched = namer.unmatchedAliases();
  return unmatched.length === 0
    ? `${head}; each matches a model of the compared reports`
    : `${head}; matching no model of the compared reports: ${unmatched.map((from) => JSON.stringify(from)).join(', ')} (a task this run fetches may still match)`;
}
