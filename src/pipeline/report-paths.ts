import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Format } from '../core/formats.js';

/**
 * The files a run writes for `formats`: `<out>/<name>.<format>`, and beside the CSV the models CSV
 * (`<name>.models.csv`). Pure.
 */
export function listReportPaths(outDir: string, name: string, formats: readonly Format[]): string[] {
  return formats.flatMap((format) =>
    format === 'csv'
      ? [join(outDir, `${name}.csv`), join(outDir, `${name}.models.csv`)]
      : [join(outDir, `${name}.${format}`)],
  );
}

/** Those of `paths` that exist already: a run replaces them. */
export async function findExistingReports(paths: readonly string[]): Promise<string[]> {
  const found = await Promise.all(
    paths.map(async (path) => ((await lstat(path).catch(() => null)) ? path : null)),
  );
  return found.filter((path): path is string => path !== null);
}

/** The one line that says which existing reports a run replaces, or null when there are none. */
export function formatReplaceNotice(existing: readonly string[]): string | null {
  if (existing.length === 0) return null;
  return `existing reports of the same name will be replaced: ${existing.join(', ')} (choose another --name to keep them)`;
}
