import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { Template } from '../templates/template.js';
import type { PreviousReport } from '../core/previous-report.js';
import { readPreviousReport } from './read-previous-report.js';

/** The report formats a folder is searched for, fastest to read first: one run's files count once. */
const FOLDER_FORMATS = ['.json', '.csv', '.xlsx'] as const;
/** Files of a run that are not task reports: the per-model CSV, and checkpoints. */
const NOT_A_TASK_REPORT = /\.models\.csv$|\.checkpoint\.jsonl$/i;

/** Every earlier report `--compare` names, read before any request is sent. */
export interface History {
  /** Oldest first: by the run's start when the file says it (JSON, xlsx), else by the file's time. */
  reports: PreviousReport[];
  /** The newest report: the task-level comparison (Changes, the comparison columns) is against it. */
  latest: PreviousReport | null;
  /** Files of a folder that could not be read as a report: named, skipped, never fatal. */
  warnings: string[];
  /** What the run should know but need not worry about (a first month: no history yet). */
  notes?: string[];
}

interface Found {
  report: PreviousReport;
  /** Sort key, ms since the epoch. */
  at: number;
  realPath: string;
}

/**
 * Reads the reports `--compare` names: a file is read as today (a broken one stops the run, exit 2);
 * a folder is searched for every report nclue-report wrote there. In a folder the same run written
 * as JSON, CSV and xlsx is read once (JSON first, the fastest; the next format when one is broken),
 * files of the run being written now (`excludeName`) are left out, and a file that is not a report of
 * this tool is a warning naming it.
 */
export async function readHistory(
  paths: readonly string[],
  templates: readonly Template[],
  excludeName: string | null = null,
  outDir: string | null = null,
): Promise<History> {
  const found: Found[] = [];
  const warnings: string[] = [];
  const notes: string[] = [];
  const seen = new Set<string>();
  const add = async (path: string, report: PreviousReport): Promise<void> => {
    const realPath = await realpath(path).catch(() => path);
    if (seen.has(realPath)) {
      return;
    }
    seen.add(realPath);
    found.push({ report, at: await reportTime(path, report), realPath });
  };

  for (const path of paths) {
    if (path.trim() === '') {
      continue;
    }
    const kind = await statKind(path);
    if (kind === 'missing') {
      // The first month of `--out reports --compare reports`: the folder is made by this run.
      if (outDir !== null && resolve(path) === resolve(outDir)) {
        notes.push(
          `--compare ${path}: no earlier reports yet (the folder is this run's --out): nothing to compare with`,
        );
        continue;
      }
      throw new UsageError(
        looksLikeFolder(path)
          ? `--compare ${path}: the folder does not exist; give the folder that holds the earlier reports (the --out of earlier runs)`
          : `--compare ${path}: the file does not exist; give a report an earlier run wrote`,
      );
    }
    if (kind === 'folder') {
      const before = found.length;
      for (const group of await listReportGroups(path, excludeName)) {
        const report = await readFirstReadable(group, templates, warnings);
        if (report !== null) {
          await add(report.source, report);
        }
      }
      if (found.length === before) {
        warnings.push(`--compare ${path}: the folder holds no report written by nclue-report`);
      }
    } else {
      await add(path, await readPreviousReport(path, templates));
    }
  }
  found.sort((a, b) => a.at - b.at || a.realPath.localeCompare(b.realPath));
  const reports = found.map((entry) => entry.report);
  return { reports, latest: reports[reports.length - 1] ?? null, warnings, notes };
}

/** A folder, something else (readPreviousReport says what is wrong with it), or nothing at all. */
async function statKind(path: string): Promise<'folder' | 'other' | 'missing'> {
  try {
    return (await stat(path)).isDirectory() ? 'folder' : 'other';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'other';
  }
}

/** `reports`, `reports/`: a path without a report's extension names a folder. */
function looksLikeFolder(path: string): boolean {
  return /[\\/]$/.test(path) || !/\.(csv|xlsx|json)$/i.test(path);
}

/** The folder's report files grouped by run (base name), each group in FOLDER_FORMATS order. */
async function listReportGroups(folder: string, excludeName: string | null): Promise<string[][]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`--compare ${folder} cannot be read (${code})`);
  }
  const groups = new Map<string, string[]>();
  for (const name of names.sort()) {
    const extension = extname(name).toLowerCase() as (typeof FOLDER_FORMATS)[number];
    // Hidden files include the atomic writer's temporary files (`.<name>.<pid>.<rand>.tmp`).
    if (!FOLDER_FORMATS.includes(extension) || name.startsWith('.') || NOT_A_TASK_REPORT.test(name)) {
      continue;
    }
    const base = basename(name, extname(name));
    if (base === excludeName) {
      continue;
    }
    const group = groups.get(base) ?? [];
    group.push(join(folder, name));
    groups.set(base, group);
  }
  const rank = (path: string): number =>
    FOLDER_FORMATS.indexOf(extname(path).toLowerCase() as (typeof FOLDER_FORMATS)[number]);
  return [...groups.values()].map((group) => group.sort((a, b) => rank(a) - rank(b)));
}

/** The first file of a run's group that reads as a report; each that does not is a warning. */
async function readFirstReadable(
  group: readonly string[],
  templates: readonly Template[],
  warnings: string[],
): Promise<PreviousReport | null> {
  for (const path of group) {
    try {
      return await readPreviousReport(path, templates);
    } catch (error) {
      if (!(error instanceof UsageError)) {
        throw error;
      }
      warnings.push(`skipped ${path}: ${error.message.replace(/^--compare /, '')}`);
    }
  }
  return null;
}

async function reportTime(path: string, report: PreviousReport): Promise<number> {
  const generated = report.generatedAt === null ? NaN : Date.parse(report.generatedAt);
  if (Number.isFinite(generated)) {
    return generated;
  }
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return 0;
  }
}

/** `3 earlier reports (1,234 tasks), the newest reports/nclue-2026-01.json`, for the plan and the logs. */
export function describeHistory(history: History): string {
  const tasks = history.reports.reduce((sum, report) => sum + report.rows.length, 0);
  const count = history.reports.length;
  if (count === 0) {
    return 'no earlier report found';
  }
  return (
    `${count} earlier ${count === 1 ? 'report' : 'reports'} (${tasks.toLocaleString('en-US')} tasks), ` +
    `the newest ${history.latest?.source ?? ''}`
  );
}
