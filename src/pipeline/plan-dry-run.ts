import { constants } from 'node:fs';
import { access, lstat, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { RunOptions } from '../config/resolve-options.js';
import { UsageError } from '../errors.js';
import { taskIdKey, type TaskIdEntry } from '../input/parse-task-ids.js';
import { describeHistory, type History } from '../compare/read-history.js';
import { CHECKPOINT_HINT, CHECKPOINT_SUFFIX, checkCheckpointFile, readCheckpoint } from './checkpoint.js';
import { formatDryRunPlan } from './format-dry-run-plan.js';
import { findExistingReports, listReportPaths } from './report-paths.js';

export interface DryRunInput {
  options: RunOptions;
  /** Unique entries, or 'all'. */
  requested: TaskIdEntry[] | 'all';
  /** IDs as given, duplicates included. */
  given: number;
  credentialsSource: string;
  /** The reports `--compare` read (already read: a bad one has stopped the run). */
  history?: History;
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

/** Reads a checkpoint for --resume without touching it; none yet is not an error. */
async function readKnown(path: string): Promise<ReadonlyMap<string, unknown>> {
  try {
    return (await readCheckpoint(path)).known;
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
  const known = options.resume ? await readKnown(checkpointPath) : new Map<string, unknown>();
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
  return plan;
}
