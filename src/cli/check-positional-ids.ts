import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { isValidTaskId } from '../input/parse-task-ids.js';
import { computeEditDistance } from './options.js';

/** A file-name ending such as `.txt`, `.csv`, `.json`: never part of a task ID (a UUID). */
const FILE_EXTENSION = /\.[A-Za-z][A-Za-z0-9]{0,4}$/;

/** How an argument that is not a task ID looks, or null when it may well be a (mistyped) ID. */
export type PositionalMistake = 'file' | 'folder' | 'path' | 'command';

/**
 * What a positional argument really is when it cannot be a task ID: an existing file or folder, a
 * path (a slash, a leading `.` or `~`, a file extension), or a near miss of the `completion` command.
 * Pure apart from `statKind`, which says whether a path exists (injected for tests).
 */
export function classifyPositional(
  arg: string,
  statKind: (path: string) => 'file' | 'folder' | null,
): PositionalMistake | null {
  if (isValidTaskId(arg.trim())) return null;
  const kind = statKind(arg);
  if (kind !== null) return kind;
  if (/[\\/]/.test(arg) || /^[.~]/.test(arg) || FILE_EXTENSION.test(arg)) return 'path';
  if (computeEditDistance(arg.toLowerCase(), 'completion') <= 2) return 'command';
  return null;
}

function statKindSync(path: string, cwd: string): 'file' | 'folder' | null {
  try {
    const info = statSync(resolve(cwd, path));
    return info.isDirectory() ? 'folder' : 'file';
  } catch {
    return null;
  }
}

/**
 * `nclue-report ids.txt` (with `--ids` forgotten) would send one invalid ID and write a one-row report.
 * Stops the run before anything is sent (exit 2) and says what was meant.
 */
export function checkPositionalIds(args: readonly string[], cwd = process.cwd()): void {
  for (const arg of args) {
    const mistake = classifyPositional(arg, (path) => statKindSync(path, cwd));
    switch (mistake) {
      case 'file':
        throw new UsageError(`${arg} is a file: did you mean --ids ${arg}?`);
      case 'folder':
        throw new UsageError(
          `${arg} is a folder, not a task ID: did you mean --out ${arg} or --compare ${arg}?`,
        );
      case 'path':
        throw new UsageError(`${arg} looks like a file name, not a task ID: did you mean --ids ${arg}?`);
      case 'command':
        throw new UsageError(`${arg} is not a task ID: did you mean the command completion?`);
      case null:
        break;
    }
  }
}
